package dev.wasend.connector.invitelink;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.wasend.connector.invitelink.client.AllowedBaseUrls;
import dev.wasend.connector.invitelink.harness.JobHarness;
import dev.wasend.connector.invitelink.harness.JobOutcome;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkRequest;
import dev.wasend.connector.invitelink.redaction.KeyEchoOracle;
import dev.wasend.connector.invitelink.redaction.KeyForms;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole error matrix through the production job handler with every logger at TRACE, and
 * proves the API key's value appears in no log line, stack trace, incident message, error variable
 * or completed variable, even when the server echoes the key back.
 */
class SecretHygieneTest {

  static final String KEY = "wsk_live_Zq81xHygiene0Key";

  @RegisterExtension
  static WireMockExtension wasend =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  /**
   * The levels that logback-test.xml pins (the runtime's job handling is OFF there), to restore.
   */
  private final Map<Logger, Level> pinnedLevels = new HashMap<>();

  @BeforeEach
  void captureAllLogs() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    for (Logger logger : context.getLoggerList()) {
      if (logger.getLevel() != null) {
        pinnedLevels.put(logger, logger.getLevel());
        logger.setLevel(Level.TRACE);
      }
    }
    logs.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logs);
  }

  @AfterEach
  void release() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logs);
    pinnedLevels.forEach(Logger::setLevel);
  }

  static List<ResponseDefinitionBuilder> errorMatrix() {
    String echo =
        "{\"success\":false,\"error\":\"bad key " + KEY + "\",\"auth\":\"Bearer " + KEY + "\"}";
    List<ResponseDefinitionBuilder> matrix = new ArrayList<>();
    for (int status : new int[] {400, 401, 403, 404, 405, 408, 409, 429, 500, 502, 503, 301}) {
      matrix.add(aResponse().withStatus(status).withBody(echo).withHeader("Retry-After", "3"));
    }
    matrix.add(aResponse().withStatus(200).withBody(echo));
    matrix.add(aResponse().withStatus(200).withBody("garbage " + KEY));
    matrix.add(aResponse().withStatus(200).withBody("\"" + KEY + KEY + KEY + KEY + "/x\""));
    matrix.add(aResponse().withStatus(200).withBody("x".repeat(70_000) + KEY));
    matrix.add(aResponse().withStatus(500).withBody("<html>" + KEY + "</html>"));
    matrix.add(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    matrix.add(aResponse().withFault(Fault.EMPTY_RESPONSE));
    matrix.add(aResponse().withFixedDelay(2_500).withBody("late " + KEY));
    // the key as gateways echo it in other encodings
    for (KeyForms.Layer layer : KeyForms.Layer.values()) {
      matrix.add(
          aResponse().withStatus(401).withBody("{\"error\":\"bad key " + layer.apply(KEY) + "\"}"));
    }
    matrix.add(
        aResponse().withStatus(401).withBody(KeyForms.Binary.BASE64.encode("Bearer ", KEY, "")));
    matrix.add(
        aResponse()
            .withStatus(502)
            .withBody("bad key " + KeyForms.split(KEY, new int[] {5, 12}, "\r\n")));
    return matrix;
  }

  @Test
  void theKeyAppearsNowhereAcrossTheErrorMatrix() {
    // as an operator's runtime would: the allow-list from the JVM property, the connector by SPI
    System.setProperty(AllowedBaseUrls.SYSTEM_PROPERTY, wasend.baseUrl());
    RevokeGroupInviteLinkFunction connector;
    try {
      connector = new RevokeGroupInviteLinkFunction();
    } finally {
      System.clearProperty(AllowedBaseUrls.SYSTEM_PROPERTY);
    }
    var harness = new JobHarness(connector, Map.of("WASEND_API_KEY", KEY));
    List<JobOutcome> outcomes = new ArrayList<>();
    for (ResponseDefinitionBuilder response : errorMatrix()) {
      wasend.resetAll();
      wasend.stubFor(post(anyUrl()).willReturn(response));
      outcomes.add(harness.run(inputs("{{secrets.WASEND_API_KEY}}"), headers(), 3));
    }
    // bad input with the key in place, and a literal key (no secret) in the task
    Map<String, Object> badInput = inputs("{{secrets.WASEND_API_KEY}}");
    badInput.put("groupId", "../" + KEY);
    outcomes.add(harness.run(badInput, headers(), 3));
    wasend.resetAll();
    wasend.stubFor(
        post(anyUrl()).willReturn(aResponse().withStatus(401).withBody("Bearer " + KEY)));
    outcomes.add(harness.run(inputs(KEY), headers(), 3));

    assertThat(outcomes).hasSize(errorMatrix().size() + 2);
    assertThat(outcomes).noneMatch(JobOutcome::completed);
    for (JobOutcome outcome : outcomes) {
      assertNoReadingHoldsTheKey(String.valueOf(outcome.errorMessage()));
      assertNoReadingHoldsTheKey(String.valueOf(outcome.variables()));
    }
    assertThat(logs.list)
        .as("the runtime logs each failed job, its message included (README, Security)")
        .anyMatch(
            event ->
                event.getLoggerName().startsWith("io.camunda.connector.runtime.outbound.job")
                    && event.getFormattedMessage().contains("WASEND_UNAUTHORIZED"));
    for (ILoggingEvent event : logs.list) {
      assertNoReadingHoldsTheKey(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        assertNoReadingHoldsTheKey(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
    }
  }

  /** Not as sent, nor in any encoding the tests' own decoder reads. */
  private static void assertNoReadingHoldsTheKey(String text) {
    assertThat(text).doesNotContain(KEY);
    assertThat(KeyEchoOracle.readingWithKey(text, KEY)).as(text).isEmpty();
  }

  @Test
  void aKeyThatCannotBeAHeaderNeverReachesAMessage() {
    String badKey = KEY + "\r\nX-Smuggled: yes";
    var request =
        new RevokeGroupInviteLinkRequest(badKey, "s", "g@g.us", wasend.baseUrl(), null, 2, 2);
    try {
      allowingWasend().revoke(request);
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString())
          .doesNotContain(KEY)
          .doesNotContain("Smuggled")
          .contains("WASEND_BAD_REQUEST");
      return;
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void exceptionsCarryNoForeignCauseThatCouldHoldTheKey() {
    wasend.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(401).withBody(KEY)));
    var request =
        new RevokeGroupInviteLinkRequest(KEY, "s", "g@g.us", wasend.baseUrl(), null, 2, 2);
    try {
      allowingWasend().revoke(request);
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString()).doesNotContain(KEY).contains("WASEND_UNAUTHORIZED");
      return;
    }
    throw new AssertionError("expected a failure");
  }

  private static dev.wasend.connector.invitelink.client.WasendClient allowingWasend() {
    return dev.wasend.connector.invitelink.client.WasendClient.builder()
        .allowedBaseUrls(AllowedBaseUrls.of(wasend.baseUrl()))
        .build();
  }

  private static Map<String, Object> inputs(String apiKey) {
    Map<String, Object> inputs = new HashMap<>();
    inputs.put("apiKey", apiKey);
    inputs.put("sessionId", "ops");
    inputs.put("groupId", "120363012345678901@g.us");
    inputs.put("baseUrl", wasend.baseUrl());
    inputs.put("readTimeoutSeconds", 1);
    inputs.put("connectTimeoutSeconds", 1);
    return inputs;
  }

  private static Map<String, String> headers() {
    return Map.of(
        "resultExpression", "={inviteLink: inviteLink, expiresAt: expiresAt}",
        "errorExpression",
            "=if error.code = \"WASEND_NOT_GROUP_ADMIN\" then bpmnError(\"X\", error.message, error.variables) else null");
  }
}
