package dev.wasend.connector.invitelink.error;

import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorRetryException;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@link WasendException} into what the connector runtime understands.
 *
 * <p>Every failure becomes a {@link ConnectorRetryException}: it is the only SDK exception that
 * sets the job's retries and backoff. Permanent failures get 0 retries (no retry is wasted, and an
 * error expression can still map them to a BPMN error); retryable ones keep the runtime's default
 * (retries - 1) and get the backoff of {@link RetryPolicy}.
 *
 * <p>SDK 8.8 gives {@code ConnectorRetryException} no way to carry error variables (its builder
 * lacks them, its constructor is package-private), but the runtime reads {@code
 * getErrorVariables()} from any {@link ConnectorException}. So the variables are set on the
 * inherited protected field. If a future SDK renames it, the job still fails with the right code,
 * retries and backoff, and the message still holds status and excerpt.
 */
public final class ConnectorErrors {

  private static final Field ERROR_VARIABLES = errorVariablesField();

  private ConnectorErrors() {}

  /**
   * @param backoff {@link RetryPolicy#backoff}'s answer: present exactly when a retry is worth it
   */
  public static ConnectorRetryException toConnectorException(
      WasendException failure, Optional<Duration> backoff) {
    var builder =
        ConnectorRetryException.builder()
            .errorCode(failure.code().code())
            .message(failure.getMessage())
            .cause(failure);
    // RetryPolicy alone decides: a backoff means "retry then", none means "do not retry"
    backoff.ifPresentOrElse(builder::backoffDuration, () -> builder.retries(0));
    ConnectorRetryException exception = builder.build();
    attachVariables(exception, failure.errorVariables());
    return exception;
  }

  private static void attachVariables(ConnectorException exception, Map<String, Object> variables) {
    if (ERROR_VARIABLES == null) {
      return;
    }
    try {
      ERROR_VARIABLES.set(exception, variables);
    } catch (IllegalAccessException | RuntimeException e) {
      // degrade as documented above
    }
  }

  private static Field errorVariablesField() {
    try {
      Field field = ConnectorException.class.getDeclaredField("errorVariables");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
