package dev.wasend.connector.invitelink.harness;

import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.connector.runtime.outbound.job.SpringConnectorJobHandler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs single jobs through the connector runtime's production job handler ({@link
 * ProductionHandler}) without an engine: a fake activated job in, the recorded command out.
 */
public final class JobHarness {

  private final SpringConnectorJobHandler handler;
  private final RecordingJobClient jobClient = new RecordingJobClient();
  private final AtomicLong elementInstanceKeys = new AtomicLong(1_000);

  /**
   * @param secrets what {@code {{secrets.NAME}}} resolves to, like the runtime's secret providers
   */
  public JobHarness(OutboundConnectorFunction function, Map<String, String> secrets) {
    this.handler = ProductionHandler.create(function, secrets);
  }

  /** Runs one job of a fresh element instance. */
  public JobOutcome run(Map<String, Object> variables, Map<String, String> headers, int retries) {
    return run(variables, headers, retries, elementInstanceKeys.incrementAndGet());
  }

  /** Runs one job; reuse {@code elementInstanceKey} to model a retry of the same job. */
  public JobOutcome run(
      Map<String, Object> variables,
      Map<String, String> headers,
      int retries,
      long elementInstanceKey) {
    jobClient.clear();
    handler.handle(
        jobClient.client(),
        FakeJob.of(
            "dev.wasend:revoke-group-invite-link:1",
            variables,
            headers,
            retries,
            elementInstanceKey));
    var sent = jobClient.sent();
    if (sent.size() != 1) {
      throw new AssertionError("expected one command from the handler, got " + sent);
    }
    var command = sent.get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> vars = (Map<String, Object>) command.argument("variables");
    return new JobOutcome(
        command.kind(),
        vars,
        (String) command.argument("errorCode"),
        (String) command.argument("errorMessage"),
        (Integer) command.argument("retries"),
        (Duration) command.argument("retryBackoff"));
  }
}
