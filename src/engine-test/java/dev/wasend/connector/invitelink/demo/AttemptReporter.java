package dev.wasend.connector.invitelink.demo;

import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorRetryException;
import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The connector as the demo runs it: unchanged, but every failed attempt is told as it happens (its
 * code, HTTP status and the wait before the next attempt), and the last one is kept for the final
 * message. Without this the demo would be silent for as long as the runtime retries.
 */
final class AttemptReporter implements OutboundConnectorFunction {

  /** One failed attempt, as the connector reported it to the runtime. */
  record Failure(
      int attempt, String code, Object httpStatus, Duration nextAttemptIn, String message) {

    /** "WASEND_SERVER_ERROR, HTTP 500" (or without the status when there was no answer). */
    String summary() {
      return (code == null ? "no error code" : code)
          + (httpStatus == null ? "" : ", HTTP " + httpStatus);
    }

    boolean retried() {
      return nextAttemptIn != null;
    }
  }

  private final OutboundConnectorFunction connector;
  private final Consumer<String> out;
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile Failure last;

  AttemptReporter(OutboundConnectorFunction connector, Consumer<String> out) {
    this.connector = connector;
    this.out = out;
  }

  @Override
  public Object execute(OutboundConnectorContext context) throws Exception {
    int attempt = attempts.incrementAndGet();
    try {
      return connector.execute(context);
    } catch (ConnectorException e) {
      Failure failure = describe(attempt, e);
      last = failure;
      out.accept(
          "attempt "
              + attempt
              + " failed: "
              + failure.summary()
              + (failure.retried()
                  ? "; next attempt in %.1f s (while the task has retries left)"
                      .formatted(failure.nextAttemptIn().toMillis() / 1000.0)
                  : "; not retried"));
      throw e;
    }
  }

  int attempts() {
    return attempts.get();
  }

  Optional<Failure> lastFailure() {
    return Optional.ofNullable(last);
  }

  private static Failure describe(int attempt, ConnectorException e) {
    Duration next = null;
    if (e instanceof ConnectorRetryException retry
        && (retry.getRetries() == null || retry.getRetries() > 0)) {
      next = retry.getBackoffDuration() == null ? Duration.ZERO : retry.getBackoffDuration();
    }
    Object status = e.getErrorVariables() == null ? null : e.getErrorVariables().get("httpStatus");
    return new Failure(attempt, e.getErrorCode(), status, next, oneLine(e.getMessage()));
  }

  /** Messages may quote a server's answer: never let it start a line of its own. */
  static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\p{Cntrl}+", " ").strip();
  }
}
