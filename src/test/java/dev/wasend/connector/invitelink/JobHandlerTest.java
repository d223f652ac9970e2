package dev.wasend.connector.invitelink;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.wasend.connector.invitelink.client.AllowedBaseUrls;
import dev.wasend.connector.invitelink.client.WasendClient;
import dev.wasend.connector.invitelink.error.RetryPolicy;
import dev.wasend.connector.invitelink.harness.JobHarness;
import dev.wasend.connector.invitelink.harness.JobOutcome;
import dev.wasend.connector.invitelink.harness.TemplateDefaults;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The connector through the connector runtime's production job handler. */
class JobHandlerTest {

  static final String KEY = "wsk_live_handler_9d2e";
  static final String CODE = "ZyXwVuTsRqPoNmLkJiHgFe";
  static final String LINK = "https://chat.whatsapp.com/" + CODE;

  @RegisterExtension
  static WireMockExtension wasend =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private final JobHarness harness = harnessWithSecret(KEY);

  /** The connector behind the production handler, with this value for WASEND_API_KEY. */
  private static JobHarness harnessWithSecret(String apiKey) {
    return new JobHarness(
        new RevokeGroupInviteLinkFunction(
            WasendClient.builder().allowedBaseUrls(AllowedBaseUrls.of(wasend.baseUrl())).build(),
            new RetryPolicy(() -> 0.0)),
        Map.of("WASEND_API_KEY", apiKey));
  }

  static Map<String, Object> inputs() {
    Map<String, Object> inputs = new HashMap<>();
    inputs.put("apiKey", TemplateDefaults.value("apiKey"));
    inputs.put("sessionId", "ops");
    inputs.put("groupId", "120363012345678901@g.us");
    inputs.put("baseUrl", wasend.baseUrl());
    return inputs;
  }

  static Map<String, String> templateHeaders() {
    Map<String, String> headers = new HashMap<>();
    headers.put("resultExpression", TemplateDefaults.value("resultExpression"));
    headers.put("retryBackoff", TemplateDefaults.value("retryBackoff"));
    return headers;
  }

  @Test
  void theTemplateDefaultsYieldInviteLinkAndExpiresAtWithTheSecretReplaced() {
    wasend.stubFor(
        post(anyUrl())
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"success\":true,\"inviteLink\":\""
                            + LINK
                            + "\",\"expiresAt\":\"2026-12-03T10:00:00Z\"}")));

    JobOutcome outcome = harness.run(inputs(), templateHeaders(), 3);

    assertThat(TemplateDefaults.value("apiKey")).isEqualTo("{{secrets.WASEND_API_KEY}}");
    assertThat(outcome.completed()).isTrue();
    assertThat(outcome.variables())
        .isEqualTo(Map.of("inviteLink", LINK, "expiresAt", "2026-12-03T10:00:00Z"));
    wasend.verify(postRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Bearer " + KEY)));
  }

  /** A Kubernetes secret made from a file ends in a newline: the job still sends the key alone. */
  @Test
  void aSecretThatEndsInANewlineStillSendsTheKey() {
    wasend.stubFor(post(anyUrl()).willReturn(aResponse().withBody(CODE)));
    JobHarness newlineSecret = harnessWithSecret(KEY + "\n");

    JobOutcome outcome = newlineSecret.run(inputs(), templateHeaders(), 3);

    assertThat(outcome.completed()).isTrue();
    wasend.verify(postRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Bearer " + KEY)));
  }

  @Test
  void theKeySecretInTheSessionFieldSendsNothing() {
    Map<String, Object> inputs = inputs();
    inputs.put("sessionId", "{{secrets.WASEND_API_KEY}}");

    JobOutcome outcome = harness.run(inputs, templateHeaders(), 3);

    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.errorMessage())
        .contains("sessionId must not hold the API key")
        .doesNotContain(KEY);
    assertThat(wasend.getAllServeEvents()).as("nothing left the machine").isEmpty();
  }

  @Test
  void aNullExpiryIsStillMappedSoTheVariableExists() {
    wasend.stubFor(post(anyUrl()).willReturn(aResponse().withBody(CODE)));
    JobOutcome outcome = harness.run(inputs(), templateHeaders(), 3);
    assertThat(outcome.variables())
        .containsEntry("inviteLink", LINK)
        .containsEntry("expiresAt", null);
  }

  @Test
  void aResultVariableGetsTheWholeResult() {
    wasend.stubFor(post(anyUrl()).willReturn(aResponse().withBody(CODE)));
    JobOutcome outcome = harness.run(inputs(), Map.of("resultVariable", "revoked"), 3);
    assertThat(outcome.variables())
        .isEqualTo(Map.of("revoked", new RevokeGroupInviteLinkResult(LINK, CODE, null)));
  }

  /** README: with the template's result expression still set, a result variable comes on top. */
  @Test
  void aResultVariableBesideTheTemplatesExpressionGetsTheWholeResultAsWell() {
    wasend.stubFor(post(anyUrl()).willReturn(aResponse().withBody(CODE)));
    Map<String, String> headers = templateHeaders();
    headers.put("resultVariable", "revoked");
    JobOutcome outcome = harness.run(inputs(), headers, 3);
    Map<String, Object> expected = new HashMap<>();
    expected.put("inviteLink", LINK);
    expected.put("expiresAt", null);
    expected.put("revoked", new RevokeGroupInviteLinkResult(LINK, CODE, null));
    assertThat(outcome.variables()).isEqualTo(expected);
  }

  @Test
  void anErrorExpressionTurnsNotGroupAdminIntoABpmnError() {
    wasend.stubFor(
        post(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody("{\"success\":false,\"error\":\"not admin\"}")));
    Map<String, String> headers = templateHeaders();
    headers.put(
        "errorExpression",
        "=if error.code = \"WASEND_NOT_GROUP_ADMIN\" then bpmnError(\"NOT_GROUP_ADMIN\", error.message,"
            + " {status: error.variables.httpStatus}) else null");

    JobOutcome outcome = harness.run(inputs(), headers, 3);

    assertThat(outcome.threwBpmnError()).isTrue();
    assertThat(outcome.errorCode()).isEqualTo("NOT_GROUP_ADMIN");
    assertThat(outcome.errorMessage()).startsWith("WASEND_NOT_GROUP_ADMIN: ");
    assertThat(outcome.variables()).containsEntry("status", 403);
  }

  @Test
  void permanentErrorsFailWithNoRetriesLeftAndKeepTheResponse() {
    wasend.stubFor(
        post(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody("{\"success\":false,\"error\":\"Invalid API key\"}")));

    JobOutcome outcome = harness.run(inputs(), templateHeaders(), 3);

    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.retries()).isZero();
    assertThat(outcome.errorMessage()).startsWith("WASEND_UNAUTHORIZED: ");
    assertThat(outcome.error()).containsEntry("code", "WASEND_UNAUTHORIZED");
    assertThat(outcome.error().get("variables"))
        .isEqualTo(
            Map.of(
                "httpStatus",
                401,
                "responseBody",
                "{\"success\":false,\"error\":\"Invalid API key\"}",
                "route",
                "invite-link/revoke",
                "retryable",
                false));
  }

  @Test
  void aRateLimitFailsWithTheRetryAfterBackoff() {
    wasend.stubFor(
        post(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));

    JobOutcome outcome = harness.run(inputs(), templateHeaders(), 3);

    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.retries()).isEqualTo(2);
    assertThat(outcome.retryBackoff()).isEqualTo(Duration.ofSeconds(7));
    assertThat(outcome.error()).containsEntry("code", "WASEND_RATE_LIMITED");
  }

  @Test
  void serverErrorsBackOffExponentiallyAcrossRetriesOfTheSameJob() {
    wasend.stubFor(
        post(anyUrl()).willReturn(aResponse().withStatus(503).withBody("Service Unavailable")));

    JobOutcome first = harness.run(inputs(), templateHeaders(), 3, 77);
    JobOutcome second = harness.run(inputs(), templateHeaders(), 2, 77);
    JobOutcome third = harness.run(inputs(), templateHeaders(), 1, 77);

    assertThat(first.retries()).isEqualTo(2);
    assertThat(first.retryBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(second.retryBackoff()).isEqualTo(Duration.ofSeconds(2));
    assertThat(third.retries()).isZero();
    assertThat(third.retryBackoff()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void badInputFailsWithoutRetriesBeforeAnyRequest() {
    Map<String, Object> inputs = inputs();
    inputs.put("groupId", "120363012345678901@g.us/../../admin");

    JobOutcome outcome = harness.run(inputs, templateHeaders(), 3);

    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.retries()).isZero();
    assertThat(outcome.errorMessage()).contains("groupId");
    wasend.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void aPlainHttpBaseUrlToARemoteHostIsRefusedBeforeAnyRequest() {
    Map<String, Object> inputs = inputs();
    inputs.put("baseUrl", "http://api.wasend.dev");
    JobOutcome outcome = harness.run(inputs, templateHeaders(), 3);
    assertThat(outcome.retries()).isZero();
    assertThat(outcome.errorMessage()).contains("baseUrl").contains("https://");
  }

  @Test
  void aMissingSecretIsReportedByName() {
    var noSecrets = new JobHarness(new RevokeGroupInviteLinkFunction(), Map.of());
    JobOutcome outcome = noSecrets.run(inputs(), templateHeaders(), 3);
    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.errorMessage()).contains("WASEND_API_KEY");
    wasend.verify(0, anyRequestedFor(anyUrl()));
  }
}
