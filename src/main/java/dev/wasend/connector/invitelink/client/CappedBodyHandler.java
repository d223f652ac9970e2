package dev.wasend.connector.invitelink.client;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
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

  private static final class Subscriber implements BodySubscriber<Body> {
    private final int cap;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
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
        int room = cap - buffer.size();
        int take = Math.min(room, item.remaining());
        byte[] chunk = new byte[take];
        item.get(chunk);
        buffer.writeBytes(chunk);
        if (item.hasRemaining()) {
          result.complete(new Body(buffer.toByteArray(), true));
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
      result.complete(new Body(buffer.toByteArray(), false));
    }
  }
}
