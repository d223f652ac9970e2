package dev.wasend.connector.invitelink.client;

import com.fasterxml.jackson.core.JsonFactory;
import dev.wasend.connector.invitelink.harness.FakeJob;
import dev.wasend.connector.invitelink.model.BaseUrl;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkRequest;
import dev.wasend.connector.invitelink.redaction.SecretRedactor;
import io.camunda.connector.api.secret.SecretContext;
import io.camunda.connector.api.secret.SecretProvider;
import io.camunda.connector.jackson.ConnectorsObjectMapperSupplier;
import io.camunda.connector.runtime.core.document.DocumentFactoryImpl;
import io.camunda.connector.runtime.core.document.store.InMemoryDocumentStore;
import io.camunda.connector.runtime.core.outbound.JobHandlerContext;
import io.camunda.connector.validation.impl.DefaultValidationProvider;
import jakarta.validation.constraints.NotBlank;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Flow;

/**
 * Diagnostic ({@code -Dbench.mode=pieces}): the bytes each piece of {@code execute} allocates, on
 * one thread and without the network, so a change to one piece shows as a change of its line. Lives
 * in the client's package to reach its package-private parts. The lines marked "reference" are what
 * the JDK and the libraries cost on their own: the least a piece built on them can cost.
 */
public final class ExecutePieces {

  private static final String KEY = "wsk_bench_0123456789abcdef";
  private static final String BASE = "http://127.0.0.1:8080";
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static volatile Object sink;

  @FunctionalInterface
  private interface Piece {
    Object run() throws Exception;
  }

  /** The least a bean with one constraint costs Hibernate Validator, whatever the constraint. */
  public record OneConstraint(@NotBlank String value) {}

  public static String run() throws Exception {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("apiKey", "{{secrets.WASEND_API_KEY}}");
    variables.put("sessionId", "bench-session");
    variables.put("groupId", "120363012345678901@g.us");
    variables.put("baseUrl", BASE);
    variables.put("route", "AUTOMATIC");
    variables.put("connectTimeoutSeconds", 10);
    variables.put("readTimeoutSeconds", 30);
    var job = FakeJob.of("t", variables, Map.of(), 3, 1L);
    SecretProvider secrets =
        new SecretProvider() {
          @Override
          public String getSecret(String name, SecretContext context) {
            return KEY;
          }
        };
    var validation = new DefaultValidationProvider();
    var documents = new DocumentFactoryImpl(InMemoryDocumentStore.INSTANCE);
    var mapper = ConnectorsObjectMapperSupplier.getCopy();
    String replaced = job.getVariables().replace("{{secrets.WASEND_API_KEY}}", KEY);
    RevokeGroupInviteLinkRequest request =
        mapper.readValue(replaced, RevokeGroupInviteLinkRequest.class);
    BaseUrl base = BaseUrl.parse(BASE);
    URI uri = base.groupRoute(request.sessionId(), request.groupId(), "invite-link/revoke");
    byte[] body =
        ("{\"success\":true,\"inviteLink\":\"https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv\","
                + "\"expiresAt\":\"2030-01-01T00:00:00Z\"}")
            .getBytes(StandardCharsets.US_ASCII);
    InviteLinkParser parser = new InviteLinkParser();
    SecretRedactor redactor = new SecretRedactor(KEY);
    JsonFactory json = new JsonFactory();

    StringBuilder out = new StringBuilder("pieces of execute (bytes per call, one thread):\n");
    out.append("| piece | bytes | |\n|---|---:|---|\n");
    measure(
        out,
        "runtime: bindVariables (secrets, binding, validation)",
        "runtime",
        () ->
            new JobHandlerContext(job, secrets, validation, documents, mapper)
                .bindVariables(RevokeGroupInviteLinkRequest.class));
    measure(
        out,
        "runtime: its object mapper binding the replaced JSON",
        "runtime",
        () -> mapper.readValue(replaced, RevokeGroupInviteLinkRequest.class));
    measure(
        out,
        "runtime: validating the request (our constraints)",
        "ours + runtime",
        () -> {
          validation.validate(request);
          return null;
        });
    measure(
        out,
        "runtime: validating a record with one @NotBlank",
        "reference",
        () -> {
          validation.validate(new OneConstraint("x"));
          return null;
        });
    measure(out, "BaseUrl.parse", "ours", () -> BaseUrl.parse(BASE));
    measure(
        out,
        "BaseUrl.groupRoute (URL of the call)",
        "ours",
        () -> base.groupRoute(request.sessionId(), request.groupId(), "invite-link/revoke"));
    String url = uri.toString();
    measure(out, "URI.create of that URL", "reference", () -> URI.create(url));
    measure(
        out,
        "WasendClient.revokeRequest (2 headers)",
        "ours",
        () -> WasendClient.revokeRequest(uri, KEY));
    measure(
        out,
        "HttpRequest POST without headers",
        "reference",
        () -> HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build());
    HttpResponse.ResponseInfo info = responseInfo(body.length);
    CappedBodyHandler handler = new CappedBodyHandler(TimedExchange.MAX_BODY_BYTES);
    ByteBuffer received = ByteBuffer.wrap(body);
    List<ByteBuffer> delivery = List.of(received);
    measure(
        out,
        "CappedBodyHandler: one body with Content-Length",
        "ours",
        () -> {
          received.rewind();
          var subscriber = handler.apply(info);
          subscriber.onSubscribe(NO_SUBSCRIPTION);
          subscriber.onNext(delivery);
          subscriber.onComplete();
          return subscriber.getBody().toCompletableFuture().join();
        });
    measure(
        out,
        "AnswerBody.decode + InviteLinkParser.parse (documented body)",
        "ours",
        () ->
            parser.parse(
                AnswerBody.decode(CappedBodyHandler.Body.whole(body, null)),
                new InviteLinkParser.Context(200, "r", "t", redactor)));
    measure(
        out,
        "Jackson: create and close a parser",
        "reference",
        () -> {
          try (var p = json.createParser(body)) {
            return p;
          }
        });
    return out.toString();
  }

  private static final Flow.Subscription NO_SUBSCRIPTION =
      new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
      };

  private static HttpResponse.ResponseInfo responseInfo(int contentLength) {
    HttpHeaders headers =
        HttpHeaders.of(
            Map.of("Content-Length", List.of(Integer.toString(contentLength))),
            (name, value) -> true);
    return new HttpResponse.ResponseInfo() {
      @Override
      public int statusCode() {
        return 200;
      }

      @Override
      public HttpHeaders headers() {
        return headers;
      }

      @Override
      public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
      }
    };
  }

  /** Warms the piece up, then keeps the least of five rounds of 10 000 calls. */
  private static void measure(StringBuilder out, String name, String whose, Piece piece)
      throws Exception {
    for (int i = 0; i < 200_000; i++) {
      sink = piece.run();
    }
    long least = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long before = THREADS.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 10_000; i++) {
        sink = piece.run();
      }
      least = Math.min(least, (THREADS.getCurrentThreadAllocatedBytes() - before) / 10_000);
    }
    out.append(String.format(Locale.ROOT, "| %s | %d | %s |%n", name, least, whose));
  }
}
