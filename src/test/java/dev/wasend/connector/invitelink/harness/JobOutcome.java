package dev.wasend.connector.invitelink.harness;

import java.time.Duration;
import java.util.Map;

/** What the job handler told the engine about one job. */
public record JobOutcome(
    String kind,
    Map<String, Object> variables,
    String errorCode,
    String errorMessage,
    Integer retries,
    Duration retryBackoff) {

  public boolean completed() {
    return kind.equals("complete");
  }

  public boolean failed() {
    return kind.equals("fail");
  }

  public boolean threwBpmnError() {
    return kind.equals("throwError");
  }

  /** The {@code error} object the runtime puts into a failed job's variables. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> error() {
    return variables == null
        ? Map.of()
        : (Map<String, Object>) variables.getOrDefault("error", Map.of());
  }
}
