package dev.wasend.connector.invitelink.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasend.connector.invitelink.RevokeGroupInviteLinkFunction;
import dev.wasend.connector.invitelink.client.AllowedBaseUrls;
import dev.wasend.connector.invitelink.client.WasendClient;
import dev.wasend.connector.invitelink.error.RetryPolicy;
import dev.wasend.connector.invitelink.harness.JobHarness;
import dev.wasend.connector.invitelink.harness.JobOutcome;
import dev.wasend.connector.invitelink.harness.TemplateDefaults;
import dev.wasend.connector.invitelink.simulator.Fault;
import dev.wasend.connector.invitelink.simulator.WasendSimulator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limiting through the production job handler and the simulator's token bucket: a job that
 * meets 429s waits inside its execution and keeps its retries; one held back longer than the limit
 * fails with WASEND_RATE_LIMITED and spends one retry.
 */
class RateLimitHoldTest {

  static final String KEY = "wsk_hold_test_key_77a1";
  static final String SESSION = "ops";
  static final Duration HOLD = Duration.ofSeconds(2);

  final WasendSimulator wasend = WasendSimulator.start();
  final JobHarness harness =
      new JobHarness(
          new RevokeGroupInviteLinkFunction(
              WasendClient.builder()
                  .allowedBaseUrls(AllowedBaseUrls.of(wasend.baseUrl()))
                  .rateLimit(new Pacer(), new RetryPolicy(() -> 0.0, HOLD))
                  .build(),
              new RetryPolicy(() -> 0.0)),
          Map.of("WASEND_API_KEY", KEY));

  @AfterEach
  void stop() {
    wasend.close();
  }

  Map<String, Object> inputs(String group) {
    Map<String, Object> inputs = new HashMap<>();
    inputs.put("apiKey", TemplateDefaults.value("apiKey"));
    inputs.put("sessionId", SESSION);
    inputs.put("groupId", group);
    inputs.put("baseUrl", wasend.baseUrl());
    return inputs;
  }

  static Map<String, String> headers() {
    return Map.of(
        "resultExpression", TemplateDefaults.value("resultExpression"),
        "retryBackoff", TemplateDefaults.value("retryBackoff"));
  }

  @Test
  void jobsThatMeet429sCompleteWithoutSpendingARetry() {
    wasend.session(KEY, SESSION);
    wasend.rateLimit(4, 1, true);
    for (int i = 0; i < 6; i++) {
      String group = "12036300000000010%d@g.us".formatted(i);
      String oldCode = wasend.group(SESSION, group, true);

      JobOutcome outcome = harness.run(inputs(group), headers(), 3);

      assertThat(outcome.completed())
          .as("job %d: no fail command, so its retries are untouched", i)
          .isTrue();
      assertThat(outcome.variables()).containsEntry("inviteLink", wasend.currentInviteLink(group));
      assertThat(wasend.isValidInvite(oldCode)).isFalse();
    }
    assertThat(wasend.rateLimitedCount()).as("the limit bit").isPositive();
  }

  @Test
  void thePaceBelongsToTheOriginAndKeyWhateverThePathPrefix() {
    Pacer pacer = new Pacer();
    try (WasendSimulator prefixed = WasendSimulator.start("/gateway-a")) {
      JobHarness viaPrefix =
          new JobHarness(
              new RevokeGroupInviteLinkFunction(
                  WasendClient.builder()
                      .allowedBaseUrls(AllowedBaseUrls.of(prefixed.baseUrl()))
                      .rateLimit(pacer, new RetryPolicy(() -> 0.0, HOLD))
                      .build(),
                  new RetryPolicy(() -> 0.0)),
              Map.of("WASEND_API_KEY", KEY));
      prefixed.session(KEY, SESSION);
      prefixed.rateLimit(4, 1, true);
      for (int i = 0; i < 3; i++) {
        String group = "12036300000000050%d@g.us".formatted(i);
        prefixed.group(SESSION, group, true);
        Map<String, Object> inputs = inputs(group);
        inputs.put("baseUrl", prefixed.baseUrl());
        assertThat(viaPrefix.run(inputs, headers(), 3).completed()).isTrue();
      }
      assertThat(prefixed.rateLimitedCount()).as("the limit bit").isPositive();

      String origin = prefixed.baseUrl().substring(0, prefixed.baseUrl().indexOf("/gateway-a"));
      assertThat(pacer.rate(origin, KEY))
          .as("README: one pace per origin and key, path prefixes included")
          .isPositive();
      assertThat(pacer.rate(origin, "wsk_another_key_0000")).as("another key").isZero();
    }
  }

  @Test
  void onePortSpelledTwoWaysIsOneOriginForThePace() {
    wasend.session(KEY, SESSION);
    wasend.rateLimit(0.02, 1, true); // one request per 50 s, each 429 saying so
    String plain = wasend.baseUrl();
    String padded = plain.replace(":" + wasend.port(), ":0" + wasend.port()); // the same port
    for (int i = 0; i < 2; i++) {
      wasend.group(SESSION, "12036300000000060%d@g.us".formatted(i), true);
    }
    Map<String, Object> first = inputs("120363000000000600@g.us");
    assertThat(harness.run(first, headers(), 3).completed()).isTrue();
    Map<String, Object> second = inputs("120363000000000601@g.us");
    assertThat(harness.run(second, headers(), 3).error())
        .containsEntry("code", "WASEND_RATE_LIMITED");
    int sent = wasend.requestCount();

    second.put("baseUrl", padded);
    JobOutcome outcome = harness.run(second, headers(), 3);

    assertThat(outcome.error()).containsEntry("code", "WASEND_RATE_LIMITED");
    assertThat(wasend.requestCount())
        .as("README: one pace per origin (%s and %s are one), so nothing is sent", plain, padded)
        .isEqualTo(sent);
    assertThat(outcome.retryBackoff())
        .as("README: retried not before the job's next paced turn, about 50 s away")
        .isGreaterThan(Duration.ofSeconds(40));
  }

  @Test
  void aJobTheServiceRefusesLongerThanTheLimitFailsAsRateLimited() {
    wasend.session(KEY, SESSION);
    wasend.group(SESSION, "120363000000000201@g.us", true);
    wasend.group(SESSION, "120363000000000202@g.us", true);
    wasend.rateLimit(0.02, 1, false); // one request per 50 s, and no Retry-After to go by
    assertThat(harness.run(inputs("120363000000000201@g.us"), headers(), 3).completed()).isTrue();

    long start = System.nanoTime();
    JobOutcome outcome = harness.run(inputs("120363000000000202@g.us"), headers(), 3);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.error()).containsEntry("code", "WASEND_RATE_LIMITED");
    assertThat(outcome.retries()).as("a real failure now: one retry spent").isEqualTo(2);
    assertThat(wasend.rateLimitedCount()).isPositive();
    assertThat(took).as("it never waits beyond the limit").isLessThan(HOLD.plusSeconds(1));
  }

  @Test
  void aRetryAfterBeyondTheLimitFailsAtOnceWithThatBackoff() {
    wasend.session(KEY, SESSION);
    wasend.group(SESSION, "120363000000000301@g.us", true);
    wasend.group(SESSION, "120363000000000302@g.us", true);
    wasend.rateLimit(0.05, 1, true); // Retry-After: 20
    assertThat(harness.run(inputs("120363000000000301@g.us"), headers(), 3).completed()).isTrue();

    long start = System.nanoTime();
    JobOutcome outcome = harness.run(inputs("120363000000000302@g.us"), headers(), 3);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HOLD);
    assertThat(outcome.error()).containsEntry("code", "WASEND_RATE_LIMITED");
    assertThat(outcome.retries()).isEqualTo(2);
    assertThat(outcome.retryBackoff()).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(24));
    assertThat(wasend.rateLimitedCount()).isEqualTo(1);
  }

  @Test
  void theTasksRetryBackoffIsAFloorOfTheConnectorsBackoff() {
    wasend.session(KEY, SESSION);
    wasend.group(SESSION, "120363000000000401@g.us", true);
    wasend.inject(Fault.BAD_GATEWAY_HTML, Fault.BAD_GATEWAY_HTML);

    JobOutcome plain = harness.run(inputs("120363000000000401@g.us"), headers(), 3);
    JobOutcome floored =
        harness.run(
            inputs("120363000000000401@g.us"),
            Map.of(
                "resultExpression",
                TemplateDefaults.value("resultExpression"),
                "retryBackoff",
                "PT45S"),
            3);

    assertThat(plain.error()).containsEntry("code", "WASEND_SERVER_ERROR");
    assertThat(plain.retryBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(floored.error()).containsEntry("code", "WASEND_SERVER_ERROR");
    assertThat(floored.retryBackoff()).isEqualTo(Duration.ofSeconds(45));
  }
}
