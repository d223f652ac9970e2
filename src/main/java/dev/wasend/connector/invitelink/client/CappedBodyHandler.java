package dev.wasend.connector.invitelink.client;

import java.io.IOException;
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

  /** The body, or its first {@code cap} bytes when {@code truncated}. */
  record Body(byte[] bytes, boolean truncated) {}

  private final int cap;

  CappedBodyHandler(int cap) {
    this.cap = cap;
  }

  /**
   * The answer, when its Content-Length is not one plain number (malformed, a list, or repeated
   * with another value): where its body ends is a guess (RFC 9112, section 6.3). Then the JDK may
   * fail the exchange itself, and its status is known only from here.
   */
  private volatile HttpResponse.ResponseInfo untrustedLength;

  Optional<HttpResponse.ResponseInfo> untrustedLength() {
    return Optional.ofNullable(untrustedLength);
  }

  @Override
  public BodySubscriber<Body> apply(HttpResponse.ResponseInfo responseInfo) {
    List<String> lengths = responseInfo.headers().allValues("Content-Length");
    if (isOnePlainNumber(lengths)) {
      long declared = lengths.isEmpty() ? -1 : Long.parseLong(lengths.get(0).strip());
      return new Subscriber(cap, declared >= 0 ? (int) Math.min(declared, cap) : 512);
    }
    untrustedLength = responseInfo;
    int status = responseInfo.statusCode();
    if (status >= 200 && status <= 299) {
      return new Refusing();
    }
    // A failure's status says what went wrong; its body is only an excerpt.
    return new Subscriber(cap, 512);
  }

  /** No Content-Length, or one or more that are all the same run of digits. */
  private static boolean isOnePlainNumber(List<String> lengths) {
    return lengths.stream().allMatch(value -> value.strip().matches("[0-9]{1,18}"))
        && lengths.stream().map(value -> Long.parseLong(value.strip())).distinct().count() <= 1;
  }

  /**
   * For a success whose body cannot be trusted: cancels at once, so that nothing is read and the
   * connection is closed rather than reused with the rest of the body still in it.
   */
  private static final class Refusing implements BodySubscriber<Body> {
    private final CompletableFuture<Body> result =
        CompletableFuture.failedFuture(new IOException("the body's length cannot be trusted"));

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
    private byte[] bytes;
    private int size;
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    Subscriber(int cap, int initial) {
      this.cap = cap;
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
          result.complete(new Body(received(), true));
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
        result.complete(new Body(received(), false));
      }
    }

    private byte[] received() {
      return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
  }
}
