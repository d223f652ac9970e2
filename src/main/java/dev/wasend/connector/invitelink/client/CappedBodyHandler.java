package dev.wasend.connector.invitelink.client;

import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body up to a cap and then stops reading (JDK 25's {@code
 * BodyHandlers.limiting} does this, but the runtime may run on 21). A hostile or broken server
 * cannot make the connector buffer more than {@code cap} bytes.
 */
final class CappedBodyHandler implements HttpResponse.BodyHandler<CappedBodyHandler.Body> {

  /** The body, or its first {@code cap} bytes when {@code truncated}. */
  record Body(byte[] bytes, boolean truncated) {}

  private final int cap;

  CappedBodyHandler(int cap) {
    this.cap = cap;
  }

  @Override
  public BodySubscriber<Body> apply(HttpResponse.ResponseInfo responseInfo) {
    return new Subscriber(cap);
  }

  /**
   * Keeps the buffers the client hands over (they are the subscriber's to keep, as in the JDK's
   * own byte-array handler) and copies them once into an array of the exact size at the end.
   */
  private static final class Subscriber implements BodySubscriber<Body> {
    private final int cap;
    private final List<ByteBuffer> received = new ArrayList<>(2);
    private int size;
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    Subscriber(int cap) {
      this.cap = cap;
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
        int room = cap - size;
        if (item.remaining() > room) {
          received.add(item.slice(item.position(), room));
          size = cap;
          result.complete(new Body(join(), true));
          subscription.cancel();
          return;
        }
        received.add(item);
        size += item.remaining();
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(new Body(join(), false));
    }

    private byte[] join() {
      byte[] bytes = new byte[size];
      int at = 0;
      for (ByteBuffer buffer : received) {
        int length = buffer.remaining();
        buffer.get(bytes, at, length);
        at += length;
      }
      received.clear();
      return bytes;
    }
  }
}
