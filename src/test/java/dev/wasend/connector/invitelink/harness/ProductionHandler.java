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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Builds the connector runtime's production job handler ({@link SpringConnectorJobHandler}) without
 * Spring: secret replacement, binding, validation, result and error expressions, retries and
 * backoff all behave as in a real runtime.
 */
public final class ProductionHandler {

  private static final ScheduledExecutorService COMMAND_RETRIES =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "connector-command-retries");
            thread.setDaemon(true);
            return thread;
          });

  private ProductionHandler() {}

  /**
   * @param secrets what {@code {{secrets.NAME}}} resolves to, like the runtime's secret providers
   */
  public static SpringConnectorJobHandler create(
      OutboundConnectorFunction function, Map<String, String> secrets) {
    SecretProvider secretProvider =
        new SecretProvider() {
          @Override
          public String getSecret(String name, SecretContext context) {
            return secrets.get(name);
          }
        };
    return new SpringConnectorJobHandler(
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
}
