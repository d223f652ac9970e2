package dev.wasend.connector.invitelink.error;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RetryPolicyTest {

  private static WasendException failure(WasendErrorCode code, Duration retryAfter) {
    return new WasendException(code, "x", 500, "invite-link/revoke", null, retryAfter);
  }

  @Test
  void permanentFailuresGetNoBackoff() {
    var policy = new RetryPolicy(() -> 0.0);
    for (WasendErrorCode code : WasendErrorCode.values()) {
      if (!code.retryable()) {
        assertThat(policy.backoff(failure(code, null), 1)).isEmpty();
      }
    }
  }

  @Test
  void retryAfterWinsAndIsBounded() {
    var policy = new RetryPolicy(() -> 0.0);
    assertThat(policy.backoff(failure(WasendErrorCode.RATE_LIMITED, Duration.ofSeconds(30)), 1))
        .contains(Duration.ofSeconds(30));
    assertThat(policy.backoff(failure(WasendErrorCode.RATE_LIMITED, Duration.ZERO), 2))
        .contains(RetryPolicy.MIN_BACKOFF);
    assertThat(policy.backoff(failure(WasendErrorCode.RATE_LIMITED, Duration.ofDays(3)), 3))
        .contains(RetryPolicy.MAX_BACKOFF);
  }

  @Test
  void retryAfterIsAFloorThatRepeated429sGrowBeyond() {
    var policy = new RetryPolicy(() -> 0.0);
    var oneSecond = failure(WasendErrorCode.RATE_LIMITED, Duration.ofSeconds(1));
    assertThat(policy.backoff(oneSecond, 3)).contains(Duration.ofSeconds(1));
    assertThat(policy.backoff(oneSecond, 3)).contains(Duration.ofSeconds(2));
    assertThat(policy.backoff(oneSecond, 3)).contains(Duration.ofSeconds(4));
    assertThat(policy.backoff(failure(WasendErrorCode.RATE_LIMITED, Duration.ofSeconds(30)), 3))
        .as("a longer Retry-After still wins")
        .contains(Duration.ofSeconds(30));
  }

  @Test
  void retryAfterIsSpreadByUpToAFifthButNeverShortened() {
    var policy = new RetryPolicy(() -> 0.999999);
    Duration backoff =
        policy
            .backoff(failure(WasendErrorCode.RATE_LIMITED, Duration.ofSeconds(10)), 1)
            .orElseThrow();
    assertThat(backoff).isBetween(Duration.ofMillis(11_990), Duration.ofSeconds(12));
    assertThat(policy.backoff(failure(WasendErrorCode.RATE_LIMITED, Duration.ofMinutes(20)), 2))
        .contains(RetryPolicy.MAX_BACKOFF);
  }

  /**
   * README: a random 50–100 % of 2 s × 2ⁿ⁻¹ for the n-th consecutive failure, at most 5 min: the
   * first failure waits 1–2 s, the second 2–4 s, and so on until the cap, 2.5–5 min.
   */
  @Test
  void withoutRetryAfterTheBackoffDoublesPerConsecutiveFailureWithJitter() {
    var lowest = new RetryPolicy(() -> 0.0);
    var highest = new RetryPolicy(() -> 0.999999);
    var failure = failure(WasendErrorCode.SERVER_ERROR, null);
    long[][] expected = { // n-th failure: {lowest ms, highest ms}
      {1_000, 2_000},
      {2_000, 4_000},
      {4_000, 8_000},
      {8_000, 16_000},
      {16_000, 32_000},
      {32_000, 64_000},
      {64_000, 128_000},
      {128_000, 256_000},
      {150_000, 300_000}, // 512 s capped at 5 min
      {150_000, 300_000}
    };
    for (long[] range : expected) {
      assertThat(lowest.backoff(failure, 7)).contains(Duration.ofMillis(range[0]));
      assertThat(highest.backoff(failure, 7).orElseThrow().toMillis())
          .isBetween(range[1] - 1, range[1]);
    }
  }

  /** README: "at most 5 min", however many failures in a row. */
  @Test
  void theExponentIsCapped() {
    var policy = new RetryPolicy(() -> 0.999999);
    var failure = failure(WasendErrorCode.NETWORK_ERROR, null);
    Duration last = Duration.ZERO;
    for (int i = 0; i < 40; i++) {
      last = policy.backoff(failure, 9).orElseThrow();
    }
    assertThat(last).isLessThanOrEqualTo(Duration.ofMinutes(5));
    assertThat(last).isGreaterThan(Duration.ofMinutes(5).minusSeconds(1));
  }

  @Test
  void aSuccessResetsTheCountAndTheMapStaysBounded() {
    var policy = new RetryPolicy(() -> 0.0);
    var failure = failure(WasendErrorCode.SERVER_ERROR, null);
    policy.backoff(failure, 5);
    policy.backoff(failure, 5);
    policy.forget(5);
    assertThat(policy.backoff(failure, 5)).contains(Duration.ofSeconds(1));
    for (long key = 0; key < 20_000; key++) {
      policy.backoff(failure, key);
    }
    assertThat(policy.trackedInstances()).isEqualTo(10_000);
    // the least recently failing went first: 0 starts over, 19 999 is on its second failure
    assertThat(policy.backoff(failure, 19_999)).contains(Duration.ofSeconds(2));
    assertThat(policy.backoff(failure, 0)).contains(Duration.ofSeconds(1));
  }

  @Test
  void insideTheHoldA429IsSentAgainAfterRetryAfterAndBeyondItTheJobFails() {
    var policy = new RetryPolicy(() -> 0.0, Duration.ofSeconds(60));
    assertThat(policy.maxHold()).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.rateLimitedWait(Optional.of(Duration.ofSeconds(5)), Duration.ofSeconds(10)))
        .contains(Duration.ofSeconds(5));
    assertThat(policy.rateLimitedWait(Optional.empty(), Duration.ofSeconds(10)))
        .as("no Retry-After: the pacer's turn decides")
        .contains(Duration.ZERO);
    assertThat(policy.rateLimitedWait(Optional.of(Duration.ofSeconds(5)), Duration.ofSeconds(56)))
        .isEmpty();
    assertThat(policy.rateLimitedWait(Optional.empty(), Duration.ofSeconds(60))).isEmpty();
    assertThat(new RetryPolicy(() -> 0.0).rateLimitedWait(Optional.empty(), Duration.ZERO))
        .as("the engine-side test constructor holds nothing")
        .isEmpty();
  }

  /** The connectors image and Helm set environment variables; a system property wins. */
  @Test
  void theHoldIsAlsoConfiguredByEnvironmentVariableAndABadValueIsLogged() {
    Logger logger = (Logger) LoggerFactory.getLogger(RetryPolicy.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      Map<String, String> variable = Map.of(RetryPolicy.MAX_HOLD_VARIABLE, "90");
      assertThat(RetryPolicy.maxHold(name -> null, variable::get))
          .isEqualTo(Duration.ofSeconds(90));
      assertThat(RetryPolicy.maxHold(name -> "7", variable::get))
          .as("the system property wins")
          .isEqualTo(Duration.ofSeconds(7));
      assertThat(logs.list).isEmpty();

      Map<String, String> unit = Map.of(RetryPolicy.MAX_HOLD_VARIABLE, "30s");
      assertThat(RetryPolicy.maxHold(name -> null, unit::get)).isEqualTo(Duration.ofSeconds(60));
      assertThat(logs.list)
          .singleElement()
          .satisfies(
              event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage())
                    .isEqualTo(
                        "environment variable WASEND_RATE_LIMIT_MAX_HOLD_SECONDS is not a whole"
                            + " number of seconds; the rate-limit hold stays at 60 s");
              });
      Map<String, String> tooLong = Map.of(RetryPolicy.MAX_HOLD_VARIABLE, "7200");
      assertThat(RetryPolicy.maxHold(name -> null, tooLong::get)).isEqualTo(Duration.ofHours(1));
      assertThat(logs.list.get(1).getFormattedMessage())
          .isEqualTo(
              "environment variable WASEND_RATE_LIMIT_MAX_HOLD_SECONDS is outside 0-3600; the"
                  + " rate-limit hold is 3600 s");
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void theHoldIsConfiguredBySystemPropertyWithASaneDefault() {
    String before = System.getProperty(RetryPolicy.MAX_HOLD_PROPERTY);
    try {
      System.setProperty(RetryPolicy.MAX_HOLD_PROPERTY, "7");
      assertThat(new RetryPolicy().maxHold()).isEqualTo(Duration.ofSeconds(7));
      System.setProperty(RetryPolicy.MAX_HOLD_PROPERTY, "a minute");
      assertThat(new RetryPolicy().maxHold()).isEqualTo(RetryPolicy.DEFAULT_MAX_HOLD);
      System.setProperty(RetryPolicy.MAX_HOLD_PROPERTY, "999999");
      assertThat(new RetryPolicy().maxHold()).isEqualTo(Duration.ofHours(1));
      System.clearProperty(RetryPolicy.MAX_HOLD_PROPERTY);
      assertThat(new RetryPolicy().maxHold()).isEqualTo(Duration.ofSeconds(60));
    } finally {
      if (before == null) {
        System.clearProperty(RetryPolicy.MAX_HOLD_PROPERTY);
      } else {
        System.setProperty(RetryPolicy.MAX_HOLD_PROPERTY, before);
      }
    }
  }

  @Test
  void theTasksRetryBackoffIsAFloor() {
    var policy = new RetryPolicy(() -> 0.0);
    var failure = failure(WasendErrorCode.SERVER_ERROR, null);
    assertThat(policy.backoff(failure, 11, "PT30S")).contains(Duration.ofSeconds(30));
    assertThat(
            policy.backoff(
                failure(WasendErrorCode.RATE_LIMITED, Duration.ofSeconds(40)), 12, "PT30S"))
        .as("a longer Retry-After still wins")
        .contains(Duration.ofSeconds(40));
    assertThat(policy.backoff(failure, 13, "PT0S")).contains(Duration.ofSeconds(1));
    assertThat(policy.backoff(failure, 14, "soon"))
        .as("unreadable: no floor")
        .contains(Duration.ofSeconds(1));
    assertThat(policy.backoff(failure, 15, null)).contains(Duration.ofSeconds(1));
    assertThat(policy.backoff(failure, 16, "PT2H")).contains(RetryPolicy.MAX_BACKOFF);
    assertThat(policy.backoff(failure(WasendErrorCode.NOT_FOUND, null), 17, "PT30S"))
        .as("permanent failures stay unretried")
        .isEmpty();
  }

  @Test
  void retryAfterIsParsedAndBoundedHere() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
    assertThat(RetryPolicy.retryAfter("30", clock)).contains(Duration.ofSeconds(30));
    assertThat(RetryPolicy.retryAfter("0", clock)).contains(RetryPolicy.MIN_BACKOFF);
    assertThat(RetryPolicy.retryAfter("86400", clock)).contains(RetryPolicy.MAX_BACKOFF);
    assertThat(RetryPolicy.retryAfter("Thu, 26 Nov 2026 10:01:01 GMT", clock))
        .contains(Duration.ofSeconds(61));
    assertThat(RetryPolicy.retryAfter("-5", clock)).isEmpty();
    assertThat(RetryPolicy.retryAfter(null, clock)).isEmpty();
  }
}
