package dev.wasend.connector.invitelink.bench;

import dev.wasend.connector.invitelink.harness.ProductionHandler;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One connector runtime as Camunda's connectors image 8.8.7 configures it, against the embedded
 * engine: its own client with {@code camunda.client.execution-threads=10} (a bounded pool shared by
 * every connector of the runtime), {@code camunda.client.worker.defaults.max-jobs-active=32}, job
 * streaming on, the Spring starter's default job timeout of 5 min, and the production job handler.
 * Sources: connector-runtime-application's application.properties at tag 8.8.7 of
 * camunda/connectors, and camunda-spring-boot-starter's configuration metadata.
 */
final class BenchRuntime implements AutoCloseable {

  static final int EXECUTION_THREADS = 10;
  static final int MAX_JOBS_ACTIVE = 32;

  private final CamundaClient client;
  private final JobWorker worker;

  BenchRuntime(
      ZeebeTestEngine engine,
      OutboundConnectorFunction function,
      String jobType,
      Map<String, String> secrets) {
    client =
        CamundaClient.newClientBuilder()
            .grpcAddress(URI.create("http://" + engine.getGatewayAddress()))
            .restAddress(URI.create("http://" + engine.getGatewayAddress()))
            .preferRestOverGrpc(false)
            .numJobWorkerExecutionThreads(EXECUTION_THREADS)
            .build();
    worker =
        client
            .newWorker()
            .jobType(jobType)
            .handler(ProductionHandler.create(function, secrets))
            .name("bench-runtime")
            .timeout(Duration.ofMinutes(5))
            .maxJobsActive(MAX_JOBS_ACTIVE)
            .pollInterval(Duration.ofMillis(100))
            .streamEnabled(true)
            .open();
  }

  CamundaClient client() {
    return client;
  }

  @Override
  public void close() {
    worker.close();
    client.close();
  }
}
