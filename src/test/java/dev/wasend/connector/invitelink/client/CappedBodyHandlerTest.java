package dev.wasend.connector.invitelink.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The body handler on its own, fed the way the JDK client feeds it. */
class CappedBodyHandlerTest {

  private boolean cancelled;

  private BodySubscriber<CappedBodyHandler.Body> subscriber(int cap, Long contentLength) {
    Map<String, List<String>> headers =
        contentLength == null
            ? Map.of()
            : Map.of("Content-Length", List.of(contentLength.toString()));
    HttpResponse.ResponseInfo info =
        new HttpResponse.ResponseInfo() {
          @Override
          public int statusCode() {
            return 200;
          }

          @Override
          public HttpHeaders headers() {
            return HttpHeaders.of(headers, (name, value) -> true);
          }

          @Override
          public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
          }
        };
    BodySubscriber<CappedBodyHandler.Body> subscriber = new CappedBodyHandler(cap).apply(info);
    subscriber.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {}

          @Override
          public void cancel() {
            cancelled = true;
          }
        });
    return subscriber;
  }

  private static CappedBodyHandler.Body result(BodySubscriber<CappedBodyHandler.Body> subscriber) {
    return subscriber.getBody().toCompletableFuture().join();
  }

  /**
   * A buffer whose readable part is {@code text}, with bytes before and after it that must not
   * count.
   */
  private static ByteBuffer slice(String text) {
    byte[] raw = ("##" + text + "##").getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.wrap(raw, 2, text.length());
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 0, 5, 11, 1_000})
  void joinsBuffersInOrderWhateverContentLengthClaims(long declared) {
    var subscriber = subscriber(64, declared < 0 ? null : declared);
    subscriber.onNext(List.of(slice("hello"), slice(" ")));
    subscriber.onNext(List.of(slice("world")));
    subscriber.onComplete();

    var body = result(subscriber);
    assertThat(new String(body.bytes(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
    assertThat(body.truncated()).isFalse();
  }

  @Test
  void neverKeepsTheClientsBuffers() {
    var subscriber = subscriber(64, null);
    ByteBuffer first = slice("abc");
    ByteBuffer second = slice("def");
    subscriber.onNext(List.of(first, second));
    // the client may reuse its buffers once onNext returns
    Arrays.fill(first.array(), (byte) 'x');
    Arrays.fill(second.array(), (byte) 'x');
    subscriber.onComplete();

    assertThat(new String(result(subscriber).bytes(), StandardCharsets.US_ASCII))
        .isEqualTo("abcdef");
  }

  @Test
  void aBodyOfExactlyTheCapIsWhole() {
    var subscriber = subscriber(6, null);
    subscriber.onNext(List.of(slice("abc"), slice("def")));
    subscriber.onComplete();

    var body = result(subscriber);
    assertThat(body.bytes()).hasSize(6);
    assertThat(body.truncated()).isFalse();
    assertThat(cancelled).isFalse();
  }

  @Test
  void stopsReadingAtTheCapInTheMiddleOfAList() {
    var subscriber = subscriber(10, 12L);
    subscriber.onNext(List.of(slice("abcdef"), slice("ghijkl"), slice("mnopqr")));
    subscriber.onNext(List.of(slice("more")));
    subscriber.onComplete();

    var body = result(subscriber);
    assertThat(new String(body.bytes(), StandardCharsets.US_ASCII)).isEqualTo("abcdefghij");
    assertThat(body.truncated()).isTrue();
    assertThat(cancelled).isTrue();
  }

  @Test
  void aHugeDeclaredLengthAllocatesNoMoreThanTheCap() {
    var subscriber = subscriber(8, 1L << 40);
    subscriber.onNext(List.of(slice("abcdefghijk")));

    var body = result(subscriber);
    assertThat(body.bytes()).hasSize(8);
    assertThat(body.truncated()).isTrue();
  }

  @Test
  void anEmptyBodyIsEmpty() {
    var subscriber = subscriber(64, null);
    subscriber.onComplete();

    assertThat(result(subscriber).bytes()).isEmpty();
  }
}
