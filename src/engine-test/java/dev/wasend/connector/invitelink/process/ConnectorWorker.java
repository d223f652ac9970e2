package dev.wasend.connector.invitelink.process;

import dev.wasend.connector.invitelink.RevokeGroupInviteLinkFunction;
import dev.wasend.connector.invitelink.client.AllowedBaseUrls;
import dev.wasend.connector.invitelink.harness.ProductionHandler;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The connector as a connector runtime runs it, against the embedded Zeebe engine: a {@link
 * CamundaClient} on the engine's gateway (gRPC; the embedded engine has no REST API), a job worker
 * for the connector's job type with job streaming on, and the production job handler.
 */
public final class ConnectorWorker implements AutoCloseable {

  private final CamundaClient client;
  private final JobWorker worker;

  private ConnectorWorker(CamundaClient client, JobWorker worker) {
    this.client = client;
    this.worker = worker;
  }

  /** Starts a worker for the real connector, created as the runtime creates it (SPI). */
  public static ConnectorWorker start(ZeebeTestEngine engine, Map<String, String> secrets) {
    return start(engine, new RevokeGroupInviteLinkFunction(), secrets);
  }

  /**
   * Starts a worker for the real connector whose operator allows the key to go to {@code
   * allowedBaseUrl} only, set the way an operator sets it: the allow-list's JVM property, read when
   * the connector is created.
   */
  public static ConnectorWorker allowing(
      String allowedBaseUrl, ZeebeTestEngine engine, Map<String, String> secrets) {
    return allowing(allowedBaseUrl, engine, secrets, UnaryOperator.identity());
  }

  /**
   * Like {@link #allowing(String, ZeebeTestEngine, Map)}, with the connector inside {@code around}
   * (e.g. to hold some calls back until the engine reached a state).
   */
  public static ConnectorWorker allowing(
      String allowedBaseUrl,
      ZeebeTestEngine engine,
      Map<String, String> secrets,
      UnaryOperator<OutboundConnectorFunction> around) {
    String before = System.getProperty(AllowedBaseUrls.SYSTEM_PROPERTY);
    System.setProperty(AllowedBaseUrls.SYSTEM_PROPERTY, allowedBaseUrl);
    try {
      return start(engine, around.apply(new RevokeGroupInviteLinkFunction()), secrets);
    } finally {
      if (before == null) {
        System.clearProperty(AllowedBaseUrls.SYSTEM_PROPERTY);
      } else {
        System.setProperty(AllowedBaseUrls.SYSTEM_PROPERTY, before);
      }
    }
  }

  public static ConnectorWorker start(
      ZeebeTestEngine engine, OutboundConnectorFunction function, Map<String, String> secrets) {
    return start(engine, function, RevokeGroupInviteLinkFunction.JOB_TYPE, secrets);
  }

  /** A worker for another connector's job type (the benchmark runs Camunda's REST connector). */
  public static ConnectorWorker start(
      ZeebeTestEngine engine,
      OutboundConnectorFunction function,
      String jobType,
      Map<String, String> secrets) {
    CamundaClient client =
        CamundaClient.newClientBuilder()
            .grpcAddress(URI.create("http://" + engine.getGatewayAddress()))
            .restAddress(URI.create("http://" + engine.getGatewayAddress()))
            .preferRestOverGrpc(false)
            .build();
    JobWorker worker =
        client
            .newWorker()
            .jobType(jobType)
            .handler(ProductionHandler.create(function, secrets))
            .name("wasend-connector-test-worker")
            .timeout(Duration.ofSeconds(60))
            .maxJobsActive(64)
            .pollInterval(Duration.ofMillis(50))
            .streamEnabled(true)
            .open();
    return new ConnectorWorker(client, worker);
  }

  /** The worker's client, for deploying, starting and correlating in tests and the demo. */
  public CamundaClient client() {
    return client;
  }

  @Override
  public void close() {
    worker.close();
    client.close();
  }
}
