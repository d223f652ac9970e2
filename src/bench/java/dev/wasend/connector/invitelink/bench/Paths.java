package dev.wasend.connector.invitelink.bench;

import dev.wasend.connector.invitelink.RevokeGroupInviteLinkFunction;
import dev.wasend.connector.invitelink.client.AllowedBaseUrls;
import dev.wasend.connector.invitelink.client.WasendClient;
import dev.wasend.connector.invitelink.error.RetryPolicy;
import dev.wasend.connector.invitelink.harness.FakeJob;
import dev.wasend.connector.invitelink.harness.ProductionHandler;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkResult;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.connector.api.secret.SecretContext;
import io.camunda.connector.api.secret.SecretProvider;
import io.camunda.connector.http.rest.HttpJsonFunction;
import io.camunda.connector.jackson.ConnectorsObjectMapperSupplier;
import io.camunda.connector.runtime.core.document.DocumentFactoryImpl;
import io.camunda.connector.runtime.core.document.store.InMemoryDocumentStore;
import io.camunda.connector.runtime.core.outbound.JobHandlerContext;
import io.camunda.connector.runtime.outbound.job.SpringConnectorJobHandler;
import io.camunda.connector.validation.impl.DefaultValidationProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The measured paths against one base URL (plain HTTP or HTTPS on loopback), each one call.
 *
 * <ol>
 *   <li>{@code floor}: a bare java.net.http POST with the bearer header, reading the body, on a
 *       kept-alive connection;
 *   <li>{@code execute}: our connector's {@code execute} with the runtime's own {@link
 *       JobHandlerContext} (secret replacement, JSON binding with the runtime's object mapper,
 *       Jakarta validation), the request and the parsing;
 *   <li>{@code ours}: the same job through the production {@link SpringConnectorJobHandler} with
 *       the template's default result expression; {@code oursNoExpr} without it;
 *   <li>{@code rest}: Camunda's REST connector ({@link HttpJsonFunction}, job type {@code
 *       io.camunda:http-json:1}) doing the same POST with bearer auth through the same handler,
 *       result expression on {@code response.body};
 *   <li>{@code noop}: the handler around a connector that returns a constant result, with the same
 *       result expression; {@code noopNoExpr} without it.
 * </ol>
 */
final class Paths {

  static final String KEY = "wsk_bench_0123456789abcdef";
  static final String SESSION = "bench-session";
  static final String GROUP = "120363012345678901@g.us";
  static final String OUR_RESULT_EXPRESSION = "={inviteLink: inviteLink, expiresAt: expiresAt}";
  static final String REST_RESULT_EXPRESSION =
      "={inviteLink: response.body.inviteLink, expiresAt: response.body.expiresAt}";
  static final Map<String, String> SECRETS = Map.of("WASEND_API_KEY", KEY);
  static final List<String> NAMES =
      List.of("floor", "execute", "ours", "oursNoExpr", "rest", "noop", "noopNoExpr");

  @FunctionalInterface
  interface Op {
    void run() throws Exception;
  }

  final String scheme;
  final String baseUrl;
  final Map<String, Op> ops = new LinkedHashMap<>();
  final LeanJobClient jobs = new LeanJobClient();

  private final HttpClient floorClient;
  private final HttpRequest floorRequest;

  Paths(String scheme, int port) throws Exception {
    this.scheme = scheme;
    this.baseUrl = scheme + "://127.0.0.1:" + port;
    SSLContext trust =
        SSLContext.getDefault(); // trusts the loopback certificate (system properties)

    floorClient =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(trust)
            .build();
    floorRequest =
        HttpRequest.newBuilder(
                URI.create(
                    baseUrl
                        + "/"
                        + SESSION
                        + "/groups/120363012345678901%40g.us/invite-link/revoke"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + KEY)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    ops.put("floor", this::floor);

    RevokeGroupInviteLinkFunction ours =
        new RevokeGroupInviteLinkFunction(
            WasendClient.builder()
                .sslContext(trust)
                .allowedBaseUrls(AllowedBaseUrls.of(baseUrl))
                .build(),
            new RetryPolicy());
    Map<String, Object> ourVariables = ourVariables(baseUrl);
    ActivatedJob ourJob =
        job(RevokeGroupInviteLinkFunction.JOB_TYPE, ourVariables, OUR_RESULT_EXPRESSION);
    ActivatedJob ourJobNoExpr = job(RevokeGroupInviteLinkFunction.JOB_TYPE, ourVariables, null);

    SecretProvider secrets =
        new SecretProvider() {
          @Override
          public String getSecret(String name, SecretContext context) {
            return SECRETS.get(name);
          }
        };
    DefaultValidationProvider validation = new DefaultValidationProvider();
    DocumentFactoryImpl documents = new DocumentFactoryImpl(InMemoryDocumentStore.INSTANCE);
    var mapper = ConnectorsObjectMapperSupplier.getCopy();
    ops.put(
        "execute",
        () -> {
          Object result =
              ours.execute(new JobHandlerContext(ourJob, secrets, validation, documents, mapper));
          if (!(result instanceof RevokeGroupInviteLinkResult r) || r.inviteLink() == null) {
            throw new IllegalStateException("no link: " + result);
          }
        });

    // Diagnostic: the runtime's binding and validation alone, a part of "execute".
    ops.put(
        "bindOnly",
        () ->
            new JobHandlerContext(ourJob, secrets, validation, documents, mapper)
                .bindVariables(
                    dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkRequest.class));

    SpringConnectorJobHandler ourHandler = ProductionHandler.create(ours, SECRETS);
    ops.put("ours", () -> ourHandler.handle(jobs.client(), ourJob));
    ops.put("oursNoExpr", () -> ourHandler.handle(jobs.client(), ourJobNoExpr));

    Map<String, Object> restVariables = restVariables(baseUrl);
    ActivatedJob restJob = job(HttpJsonFunction.TYPE, restVariables, REST_RESULT_EXPRESSION);
    SpringConnectorJobHandler restHandler =
        ProductionHandler.create(new HttpJsonFunction(), SECRETS);
    ops.put("rest", () -> restHandler.handle(jobs.client(), restJob));

    RevokeGroupInviteLinkResult constant =
        new RevokeGroupInviteLinkResult(
            "https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv",
            "AbCdEfGhIjKlMnOpQrStUv",
            "2030-01-01T00:00:00Z");
    OutboundConnectorFunction noop = context -> constant;
    SpringConnectorJobHandler noopHandler = ProductionHandler.create(noop, SECRETS);
    ActivatedJob noopJob =
        job(RevokeGroupInviteLinkFunction.JOB_TYPE, ourVariables, OUR_RESULT_EXPRESSION);
    ActivatedJob noopJobNoExpr = job(RevokeGroupInviteLinkFunction.JOB_TYPE, ourVariables, null);
    ops.put("noop", () -> noopHandler.handle(jobs.client(), noopJob));
    ops.put("noopNoExpr", () -> noopHandler.handle(jobs.client(), noopJobNoExpr));

    verify(restHandler, restVariables);
  }

  private void floor() throws Exception {
    HttpResponse<byte[]> response =
        floorClient.send(floorRequest, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200 || response.body().length == 0) {
      throw new IllegalStateException("floor: HTTP " + response.statusCode());
    }
  }

  /** Our job's variables as the engine hands them over after the template's input mappings. */
  static Map<String, Object> ourVariables(String baseUrl) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("apiKey", "{{secrets.WASEND_API_KEY}}");
    variables.put("sessionId", SESSION);
    variables.put("groupId", GROUP);
    variables.put("baseUrl", baseUrl);
    variables.put("route", "AUTOMATIC");
    variables.put("connectTimeoutSeconds", 10);
    variables.put("readTimeoutSeconds", 30);
    return variables;
  }

  /** The REST connector's variables for the same call (its template's inputs, bearer auth). */
  static Map<String, Object> restVariables(String baseUrl) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("url", baseUrl + "/" + SESSION + "/groups/" + GROUP + "/invite-link/revoke");
    variables.put("method", "POST");
    variables.put(
        "authentication", Map.of("type", "bearer", "token", "{{secrets.WASEND_API_KEY}}"));
    variables.put("connectionTimeoutInSeconds", 10);
    variables.put("readTimeoutInSeconds", 30);
    return variables;
  }

  static ActivatedJob job(String type, Map<String, Object> variables, String resultExpression) {
    Map<String, String> headers = new HashMap<>();
    headers.put(
        "elementTemplateVersion", Integer.toString(RevokeGroupInviteLinkFunction.TEMPLATE_VERSION));
    if (resultExpression != null) {
      headers.put("resultExpression", resultExpression);
    }
    return FakeJob.of(type, variables, headers, 3, 4242L);
  }

  /** Every path once, checking that each really got the link (not just "completed"). */
  private void verify(SpringConnectorJobHandler restHandler, Map<String, Object> restVariables)
      throws Exception {
    for (Map.Entry<String, Op> op : ops.entrySet()) {
      long completedBefore = jobs.completed;
      jobs.lastVariables = null;
      op.getValue().run();
      if (op.getKey().equals("floor")
          || op.getKey().equals("execute")
          || op.getKey().equals("bindOnly")) {
        continue;
      }
      if (jobs.completed != completedBefore + 1) {
        throw new IllegalStateException(
            scheme + " " + op.getKey() + " did not complete: " + jobs.lastErrorMessage);
      }
      Object variables = jobs.lastVariables;
      if (op.getKey().endsWith("NoExpr")) {
        if (!(variables instanceof Map<?, ?> m) || !m.isEmpty()) {
          throw new IllegalStateException(op.getKey() + " set variables: " + variables);
        }
      } else if (!(variables instanceof Map<?, ?> m)
          || m.get("inviteLink") == null
          || m.get("expiresAt") == null) {
        throw new IllegalStateException(
            scheme + " " + op.getKey() + " has no inviteLink: " + variables);
      }
    }
    // The REST connector's result is {status, headers, body}: a top-level name silently gives null.
    ActivatedJob topLevel = job(HttpJsonFunction.TYPE, restVariables, "={inviteLink: inviteLink}");
    restHandler.handle(jobs.client(), topLevel);
    Object variables = jobs.lastVariables;
    if (!(variables instanceof Map<?, ?> m) || m.get("inviteLink") != null) {
      throw new IllegalStateException(
          "expected a null inviteLink from a top-level name: " + variables);
    }
  }
}
