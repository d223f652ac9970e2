package dev.wasend.connector.invitelink.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorRetryException;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the demo prints while the runtime retries, and its last line when it gives up. */
class AttemptReporterTest {

  private final List<String> lines = new ArrayList<>();

  @Test
  void eachFailedAttemptIsToldWithItsCodeStatusAndTheWaitBeforeTheNext() {
    AttemptReporter reporter =
        new AttemptReporter(failing(serverError(Duration.ofMillis(2300))), lines::add);

    assertThatThrownBy(() -> reporter.execute(null)).isInstanceOf(ConnectorRetryException.class);
    assertThatThrownBy(() -> reporter.execute(null)).isInstanceOf(ConnectorRetryException.class);

    assertThat(lines)
        .containsExactly(
            "attempt 1 failed: WASEND_SERVER_ERROR, HTTP 500; next attempt in 2.3 s (while the task has retries left)",
            "attempt 2 failed: WASEND_SERVER_ERROR, HTTP 500; next attempt in 2.3 s (while the task has retries left)");
    assertThat(reporter.attempts()).isEqualTo(2);
  }

  @Test
  void aPermanentFailureIsNotRetried() {
    ConnectorRetryException unauthorized =
        ConnectorRetryException.builder()
            .errorCode("WASEND_UNAUTHORIZED")
            .message("WASEND_UNAUTHORIZED: 401")
            .retries(0)
            .build();
    AttemptReporter reporter = new AttemptReporter(failing(unauthorized), lines::add);

    assertThatThrownBy(() -> reporter.execute(null)).isSameAs(unauthorized);

    assertThat(lines).containsExactly("attempt 1 failed: WASEND_UNAUTHORIZED; not retried");
  }

  @Test
  void onATimeoutTheLastLineNamesTheLastFailureAndWhatToCheckOnOneLine() {
    ConnectorRetryException forged =
        serverError(
            Duration.ofSeconds(4),
            "WASEND_SERVER_ERROR: response: oops\ndemo: done in 1.0 s\r\nfake");
    AttemptReporter reporter = new AttemptReporter(failing(forged), lines::add);
    assertThatThrownBy(() -> reporter.execute(null)).isSameAs(forged);
    var target = new RotateInviteLinkDemo.Target("k", "s", "g", "https://wasend.example", true);

    String message = RotateInviteLinkDemo.timeoutMessage(reporter, target);

    assertThat(message)
        .doesNotContain("\n", "\r")
        .startsWith(
            "no result after 90 s and 1 attempt(s); the last one failed with WASEND_SERVER_ERROR, HTTP 500")
        .contains("response: oops demo: done in 1.0 s fake")
        .endsWith(
            "check: https://wasend.example answers with server errors (5xx): is it the Wasend API, and is it up? Try again later");
  }

  @Test
  void aTimeoutWithoutAnyAttemptSaysSo() {
    AttemptReporter reporter = new AttemptReporter(failing(serverError(Duration.ZERO)), lines::add);
    var target = new RotateInviteLinkDemo.Target("k", "s", "g", null, false);

    assertThat(RotateInviteLinkDemo.timeoutMessage(reporter, target))
        .startsWith("no result after 90 s and 0 attempt(s) and no failure reported")
        .contains("dev.wasend:revoke-group-invite-link:1");
  }

  private static ConnectorRetryException serverError(Duration backoff) {
    return serverError(backoff, "WASEND_SERVER_ERROR: HTTP 500");
  }

  private static ConnectorRetryException serverError(Duration backoff, String message) {
    ConnectorRetryException e =
        ConnectorRetryException.builder()
            .errorCode("WASEND_SERVER_ERROR")
            .message(message)
            .backoffDuration(backoff)
            .build();
    setField(ConnectorException.class, e, "errorVariables", Map.of("httpStatus", 500));
    return e;
  }

  private static OutboundConnectorFunction failing(RuntimeException failure) {
    return context -> {
      throw failure;
    };
  }

  private static void setField(Class<?> owner, Object target, String name, Object value) {
    try {
      Field field = owner.getDeclaredField(name);
      field.setAccessible(true);
      field.set(target, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
