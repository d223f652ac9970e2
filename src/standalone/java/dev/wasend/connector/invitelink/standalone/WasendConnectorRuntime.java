package dev.wasend.connector.invitelink.standalone;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Camunda's connector runtime ({@code spring-boot-starter-camunda-connectors}) with this connector
 * on its class path, as one runnable jar: {@code java -jar
 * wasend-revoke-group-invite-link-connector-<version>-standalone.jar}.
 *
 * <p>Nothing here but the entry point: the starter's auto-configuration finds the connector through
 * its {@code META-INF/services} registration, exactly as the connectors Docker image does with a
 * jar under {@code /opt/custom}. Configuration is the runtime's own: {@code CAMUNDA_CLIENT_*} for
 * the cluster, the environment secret provider for {@code {{secrets.WASEND_API_KEY}}}. This class
 * is built only by {@code -Pstandalone} (and compiled into the tests, which start it); it never
 * enters the plain connector jar.
 */
@SpringBootApplication
public class WasendConnectorRuntime {

  /**
   * The HTTP port (health, metrics) when {@code SERVER_PORT} is not set. Not Spring Boot's 8080,
   * where a local cluster serves its REST API (Camunda 8 Run, and the gateway address in the
   * README's own settings), and clear of the other ports of Camunda's local set-ups: Camunda 8 Run
   * puts its connectors runtime on 8085 (8086 from 8.9), Docker Compose uses 8080-8088.
   */
  public static final int DEFAULT_PORT = 8095;

  /**
   * The defaults of Camunda's connectors bundle image ({@code
   * bundle/default-bundle/src/main/resources/application.properties}, connectors 8.8.7): job
   * streaming on, 32 jobs per worker, 10 handler threads, jobs over gRPC, health with the state of
   * each component; and {@link #DEFAULT_PORT}. Lowest precedence: any environment variable ({@code
   * SERVER_PORT}, {@code CAMUNDA_CLIENT_WORKER_DEFAULTS_STREAM_ENABLED}, ...) wins.
   */
  public static final Map<String, Object> DEFAULTS =
      Map.of(
          "server.port", String.valueOf(DEFAULT_PORT),
          "camunda.client.worker.defaults.stream-enabled", "true",
          "camunda.client.worker.defaults.max-jobs-active", "32",
          "camunda.client.execution-threads", "10",
          "camunda.client.prefer-rest-over-grpc", "false",
          "management.endpoints.web.exposure.include", "health,metrics",
          "management.endpoint.health.show-components", "always",
          "management.endpoint.health.show-details", "always");

  public static void main(String[] args) {
    builder().run(args);
  }

  /** The application as {@link #main} runs it; tests start it in-process from here. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(WasendConnectorRuntime.class).properties(DEFAULTS);
  }
}
