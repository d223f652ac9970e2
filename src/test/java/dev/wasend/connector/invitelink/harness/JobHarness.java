package dev.wasend.connector.invitelink.harness;

import io.camunda.client.api.worker.BackoffSupplier;
import io.camunda.client.jobhandling.DefaultCommandExceptionHandlingStrategy;
import io.camunda.client.metrics.DefaultNoopMetricsRecorder;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.connector.api.secret.SecretContext;
import io.camunda.connector.api.secret.SecretProvider;
import io.camunda.connector.jackson.ConnectorsObjectMapperSupplier;
import io.camunda.connector.runtime.core.document.DocumentFactoryImpl;
import io.camunda.connector.runtime.core.document.store.InMemoryDocumentStore;
import io.camunda.connector.runtime.core.secret.SecretProviderAggregator;
import io.camunda.connector.runtime.metrics.ConnectorsOutboundMetrics;
import io.camunda.connector.runtime.outbound.job.SpringConnectorJobHandler;
import io.camunda.connector.validation.impl.DefaultValidationProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a connector through the connector runtime's production job handler ({@link
 * SpringConnectorJobHandler}), built without Spring: secret replacement, binding, validation,
 * result and error expressions, retries and backoff all behave as in a real runtime.
 */
public final class JobHarness {

  private static final ScheduledExecutorService COMMAND_RETRIES =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "job-harness-command-retries");
            thread.setDaemon(true);
            return thread;
          });

  private final SpringConnectorJobHandler handler;
  private final RecordingJobClient jobClient = new RecordingJobClient();
  private final AtomicLong elementInstanceKeys = new AtomicLong(1_000);

  /**
   * @param secrets what {@code {{secrets.NAME}}} resolves to, like the runtime's secret providers
   */
  public JobHarness(OutboundConnectorFunction function, Map<String, String> secrets) {
    SecretProvider secretProvider =
        new SecretProvider() {
          @Override
          public String getSecret(String name, SecretContext context) {
            return secrets.get(name);
          }
        };
    this.handler =
        new SpringConnectorJobHandler(
            new ConnectorsOutboundMetrics(new SimpleMeterRegistry()),
            new DefaultCommandExceptionHandlingStrategy(
                BackoffSupplier.newBackoffBuilder().build(), COMMAND_RETRIES),
            new SecretProviderAggregator(List.of(secretProvider)),
            new DefaultValidationProvider(),
            new DocumentFactoryImpl(InMemoryDocumentStore.INSTANCE),
            ConnectorsObjectMapperSupplier.getCopy(),
            function,
            new DefaultNoopMetricsRecorder());
  }

  /** Runs one job of a fresh element instance. */
  public JobOutcome run(Map<String, Object> variables, Map<String, String> headers, int retries) {
    return run(variables, headers, retries, elementInstanceKeys.incrementAndGet());
  }

  /** Runs one job; reuse {@code elementInstanceKey} to model a retry of the same job. */
  public JobOutcome run(
      Map<String, Object> variables, Map<String, String> headers, int retries, long elementInstanceKey) {
    jobClient.clear();
    handler.handle(
        jobClient.client(),
        FakeJob.of("dev.wasend:revoke-group-invite-link:1", variables, headers, retries, elementInstanceKey));
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
