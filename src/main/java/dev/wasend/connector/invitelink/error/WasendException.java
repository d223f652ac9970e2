package dev.wasend.connector.invitelink.error;

import dev.wasend.connector.invitelink.redaction.SecretRedactor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One failed revoke, classified. Its message and excerpt are already free of the API key: whoever
 * builds one passes outside text through {@link SecretRedactor} first. It carries no foreign cause,
 * because the runtime prints causes in clear.
 */
public final class WasendException extends RuntimeException {

  private final WasendErrorCode code;
  private final Integer httpStatus;
  private final String route;
  private final String responseExcerpt;
  private final Duration retryAfter;

  public WasendException(
      WasendErrorCode code,
      String message,
      Integer httpStatus,
      String route,
      String responseExcerpt,
      Duration retryAfter) {
    super(code.code() + ": " + message, null, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
    this.route = route;
    this.responseExcerpt = responseExcerpt;
    this.retryAfter = retryAfter;
  }

  public WasendErrorCode code() {
    return code;
  }

  /** The server's Retry-After, already bounded, when it sent a usable one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** What a BPMN error expression sees as {@code error.variables}. */
  public Map<String, Object> errorVariables() {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("httpStatus", httpStatus);
    variables.put("responseBody", responseExcerpt);
    variables.put("route", route);
    variables.put("retryable", code.retryable());
    return variables;
  }
}
