package dev.wasend.connector.invitelink.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body up to a cap and then stops reading (JDK 25's {@code BodyHandlers.limiting}
 * does this, but the runtime may run on 21). A hostile or broken server cannot make the connector
 * hold more than {@code cap} bytes of body.
 */
final class CappedBodyHandler implements HttpResponse.BodyHandler<CappedBodyHandler.Body> {

  /** The body, or its first {@code cap} bytes when {@code truncated}. */
  record Body(byte[] bytes, boolean truncated) {}

  private final int cap;

  CappedBodyHandler(int cap) {
    this.cap = cap;
  }

  /**
   * A success whose Content-Length is not one plain number (malformed, or repeated with different
   * values): where its body ends is a guess (RFC 9112, section 6.3), so is anything read from it.
   */
  static final class UntrustedLength extends IOException {
    private final int status;

    UntrustedLength(int status) {
      super("Content-Length is malformed or repeated with different values");
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  @Override
  public BodySubscriber<Body> apply(HttpResponse.ResponseInfo responseInfo) {
    List<String> lengths = responseInfo.headers().allValues("Content-Length");
    boolean success = responseInfo.statusCode() >= 200 && responseInfo.statusCode() <= 299;
    if (success && !isOnePlainNumber(lengths)) {
      // Only a success needs its body; a failure keeps its status, which says what went wrong.
      throw new UncheckedIOException(new UntrustedLength(responseInfo.statusCode()));
    }
    long declared = responseInfo.headers().firstValueAsLong("Content-Length").orElse(-1);
    return new Subscriber(cap, declared >= 0 ? (int) Math.min(declared, cap) : Math.min(512, cap));
  }

  /** No Content-Length, or one or more that are all the same run of digits. */
  private static boolean isOnePlainNumber(List<String> lengths) {
    return lengths.stream().allMatch(value -> value.strip().matches("[0-9]{1,18}"))
        && lengths.stream().map(value -> Long.parseLong(value.strip())).distinct().count() <= 1;
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
