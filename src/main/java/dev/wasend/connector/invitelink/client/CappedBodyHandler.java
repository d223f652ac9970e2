package dev.wasend.connector.invitelink.client;

import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body up to a cap and then stops reading (JDK 25's {@code BodyHandlers.limiting}
 * does this, but the runtime may run on 21). A hostile or broken server cannot make the connector
 * hold more than {@code cap} bytes of body. One per exchange: it remembers an answer whose length
 * cannot be trusted.
 */
final class CappedBodyHandler implements HttpResponse.BodyHandler<CappedBodyHandler.Body> {

  /**
   * The body, or its first {@code cap} bytes when {@code truncated}. {@code doubt} says why the
   * bytes are not the answer as sent, when they may not be (null when they are): a success with a
   * doubt is never read as one.
   */
  record Body(byte[] bytes, boolean truncated, String doubt) {

    /** The body of an answer whose length cannot be trusted: none at all, unread. */
    static final Body UNREAD =
        whole(
            new byte[0],
            "where its body ends is uncertain (a Content-Length that is malformed, a list, repeated"
                + " with another value, or beside Transfer-Encoding)");

    /** Every byte of the body. */
    static Body whole(byte[] bytes, String doubt) {
      return new Body(bytes, false, doubt);
    }

    /** The first bytes of a body that went on beyond the cap. */
    static Body cutAtCap(byte[] bytes, String doubt) {
      return new Body(bytes, true, doubt);
    }
  }

  private final int cap;

  CappedBodyHandler(int cap) {
    this.cap = cap;
  }

  /**
   * The answer, when its Content-Length is not one plain number (malformed, a list, or repeated
   * with another value) or comes with a Transfer-Encoding: where its body ends is a guess (RFC
   * 9112, section 6.3). The JDK may then fail the exchange itself, and its status is known only
   * from here.
   */
  private volatile HttpResponse.ResponseInfo untrustedLength;

  Optional<HttpResponse.ResponseInfo> untrustedLength() {
    return Optional.ofNullable(untrustedLength);
  }

  @Override
  public BodySubscriber<Body> apply(HttpResponse.ResponseInfo responseInfo) {
    HttpHeaders headers = responseInfo.headers();
    List<String> lengths = headers.allValues("Content-Length");
    if (!isOnePlainNumber(lengths)
        || (!lengths.isEmpty() && headers.firstValue("Transfer-Encoding").isPresent())) {
      untrustedLength = responseInfo;
      return new Refusing();
    }
    long declared = lengths.isEmpty() ? -1 : Long.parseLong(lengths.get(0).strip());
    return new Subscriber(
        cap,
        declared >= 0 ? (int) Math.min(declared, cap) : Math.min(512, cap),
        codingDoubt(headers));
  }

  /**
   * The request asks for no coding ({@code Accept-Encoding: identity}), and the connector decodes
   * none: coded bytes are not the answer. The header's value is not repeated: it is the server's
   * text, which may hold anything, the key included.
   */
  private static String codingDoubt(HttpHeaders headers) {
    boolean coded =
        headers.allValues("Content-Encoding").stream()
            .flatMap(value -> Arrays.stream(value.split(",")))
            .map(String::strip)
            .anyMatch(coding -> !coding.isEmpty() && !coding.equalsIgnoreCase("identity"));
    return coded
        ? "its body is encoded (a Content-Encoding other than identity), which the connector does"
            + " not ask for"
        : null;
  }

  /** No Content-Length, or one or more that are all the same run of digits. */
  private static boolean isOnePlainNumber(List<String> lengths) {
    return lengths.stream().allMatch(value -> value.strip().matches("[0-9]{1,18}"))
        && lengths.stream().map(value -> Long.parseLong(value.strip())).distinct().count() <= 1;
  }

  /**
   * For an answer whose length cannot be trusted: cancels at once, so that nothing of its body is
   * read and its connection is closed rather than reused with the rest of the body still in it. The
   * status stays, and says what it says.
   */
  private static final class Refusing implements BodySubscriber<Body> {
    private final CompletableFuture<Body> result = CompletableFuture.completedFuture(Body.UNREAD);

    @Override
    public CompletionStage<Body> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.cancel();
    }

    @Override
    public void onNext(List<ByteBuffer> items) {}

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}
  }

  /**
   * Copies each buffer as it arrives into one array that grows up to the cap. Never keeps the
   * client's buffers: over TLS each can hold a whole record's array alive, so keeping them would
   * let a server that sends one byte per record pin far more memory than the cap.
   */
  private static final class Subscriber implements BodySubscriber<Body> {
    private final int cap;
    private final String doubt;
    private byte[] bytes;
    private int size;
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    Subscriber(int cap, int initial, String doubt) {
      this.cap = cap;
      this.doubt = doubt;
      this.bytes = new byte[initial];
    }

    @Override
    public CompletionStage<Body> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        int available = item.remaining();
        int take = Math.min(available, cap - size);
        if (size + take > bytes.length) {
          bytes = Arrays.copyOf(bytes, Math.min(cap, Math.max(size + take, bytes.length * 2)));
        }
        item.get(bytes, size, take);
        size += take;
        if (available > take) {
          result.complete(Body.cutAtCap(received(), doubt));
          subscription.cancel();
          return;
        }
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      if (!result.isDone()) { // after a truncation the result is already there
        result.complete(Body.whole(received(), doubt));
      }
    }

    private byte[] received() {
      return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
  }
}
