package dev.wasend.connector.invitelink.process;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wasend.connector.invitelink.RevokeGroupInviteLinkFunction;
import dev.wasend.connector.invitelink.client.AllowedBaseUrls;
import dev.wasend.connector.invitelink.simulator.RecordedRequest;
import dev.wasend.connector.invitelink.simulator.WasendSimulator;
import dev.wasend.connector.invitelink.standalone.WasendConnectorRuntime;
import io.camunda.client.CamundaClient;
import io.camunda.client.CamundaClientConfiguration;
import io.camunda.client.jobhandling.CamundaClientExecutorService;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.value.JobBatchRecordValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.web.context.support.StandardServletEnvironment;

/**
 * The standalone runtime end to end: Camunda's connector runtime ({@code
 * spring-boot-starter-camunda-connectors}, started in-process from the standalone jar's own entry
 * point) as the only job worker of the embedded Zeebe engine, the Wasend simulator as the service.
 *
 * <p>The runtime is configured the way an operator configures the image or the jar: environment
 * variables only ({@code CAMUNDA_CLIENT_*}, {@code CAMUNDA_CONNECTOR_*}, the secret under the
 * environment secret provider's prefix), here in a property source of the same type and name
 * convention as the real process environment, since a test cannot set real environment variables.
 */
@ZeebeProcessTest
class StandaloneRuntimeE2ETest {

  private static final String PROCESS_ID = "rotate-invite-link-on-leak";
  private static final String MESSAGE = "invite-link-leaked";
  private static final String SESSION = "ops-session";
  private static final String GROUP = "120363012345678901@g.us";

  /** The environment secret provider's prefix: only variables starting with it are secrets. */
  private static final String SECRET_PREFIX = "CONNECTOR_SECRET_";

  private ZeebeTestEngine engine;

  private ConfigurableApplicationContext runtime;
  private WasendSimulator simulator;
  private CamundaClient client;

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      client.close();
    }
    if (runtime != null) {
      runtime.close();
    }
    if (simulator != null) {
      simulator.close();
    }
    System.clearProperty(AllowedBaseUrls.SYSTEM_PROPERTY);
    restoreTestLogging();
  }

  @Test
  void theRuntimeDiscoversTheConnectorTakesTheKeyFromTheEnvironmentAndRotatesTheLink() {
    String apiKey = "wsk_live_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    simulator = WasendSimulator.start().session(apiKey, SESSION);
    simulator.group(SESSION, GROUP, true);
    String oldLink = simulator.currentInviteLink(GROUP);

    // the operator allows the key to go to this Wasend only (in production: the environment
    // variable WASEND_ALLOWED_BASE_URLS, which a test cannot set; the JVM property is equivalent)
    System.setProperty(AllowedBaseUrls.SYSTEM_PROPERTY, simulator.baseUrl());
    runtime = startRuntime(environment(apiKey));
    ListAppender<ILoggingEvent> capture = capturedLog();

    client =
        CamundaClient.newClientBuilder()
            .grpcAddress(URI.create("http://" + engine.getGatewayAddress()))
            .restAddress(URI.create("http://" + engine.getGatewayAddress()))
            .preferRestOverGrpc(false)
            .build();
    client
        .newDeployResourceCommand()
        .addResourceFile("bpmn-examples/rotate-invite-link-on-leak.bpmn")
        .send()
        .join();
    client
        .newPublishMessageCommand()
        .messageName(MESSAGE)
        .correlationKey(GROUP)
        .variables(
            Map.of("groupId", GROUP, "sessionId", SESSION, "wasendBaseUrl", simulator.baseUrl()))
        .send()
        .join();

    ProcessRecords records = new ProcessRecords(engine);
    records.await(
        "the rotate process to complete",
        Duration.ofSeconds(20),
        () -> !records.completedInstances(PROCESS_ID).isEmpty());
    long instance = records.completedInstances(PROCESS_ID).get(0);

    // The link rotated: the old one is dead, the new one works, and the process holds it.
    String newLink = simulator.currentInviteLink(GROUP);
    assertThat(newLink).isNotEqualTo(oldLink);
    assertThat(simulator.isValidInvite(oldLink)).isFalse();
    assertThat(simulator.isValidInvite(newLink)).isTrue();
    assertThat(records.variable(instance, "inviteLink")).contains(newLink);
    assertThat(records.hasVariable(instance, "expiresAt")).isTrue();
    assertThat(records.incidents()).isEmpty();

    // The key came from the environment secret provider: the service saw exactly it, once.
    List<RecordedRequest> requests = simulator.requests();
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).header("Authorization")).contains("Bearer " + apiKey);

    // The runtime found our connector by SPI and subscribed to its job type, and the provider
    // looked the secret up under the prefix (proof that the capture sees the runtime's logging).
    String log = text(capture);
    writeForInspection(log);
    assertThat(log)
        .contains(RevokeGroupInviteLinkFunction.JOB_TYPE)
        .contains(SECRET_PREFIX + "WASEND_API_KEY")
        // job streaming on, as in the image
        .contains("Opened job stream of type '" + RevokeGroupInviteLinkFunction.JOB_TYPE + "'");

    // ... and the key's value is nowhere: not in the runtime's log, not in the engine's records.
    runtime.close();
    assertThat(text(capture)).doesNotContain(apiKey);
    assertThat(records.everythingAsText()).doesNotContain(apiKey).contains(newLink);
  }

  /**
   * The image's worker defaults as the running runtime applies them (docs/deployment.md, README):
   * job streaming on, 32 active jobs per worker, 10 handler threads, none of them set by the
   * operator; and health at {@code /actuator/health} answering UP.
   */
  @Test
  void theRuntimeRunsWithTheImagesWorkerDefaultsAndReportsHealthUp() throws Exception {
    runtime = startRuntime(environment("wsk_unused_in_this_test"));
    assertThat(environment("x"))
        .as("the operator sets none of the worker defaults")
        .doesNotContainKeys(
            "CAMUNDA_CLIENT_WORKER_DEFAULTS_STREAM_ENABLED",
            "CAMUNDA_CLIENT_WORKER_DEFAULTS_MAX_JOBS_ACTIVE",
            "CAMUNDA_CLIENT_EXECUTION_THREADS",
            "CAMUNDA_CLIENT_PREFER_REST_OVER_GRPC");

    // What the runtime's client was built with ...
    CamundaClientConfiguration configuration =
        runtime.getBean(CamundaClient.class).getConfiguration();
    assertThat(configuration.getDefaultJobWorkerStreamEnabled()).isTrue();
    assertThat(configuration.getDefaultJobWorkerMaxJobsActive()).isEqualTo(32);
    assertThat(configuration.getNumJobWorkerExecutionThreads()).isEqualTo(10);
    assertThat(configuration.preferRestOverGrpc()).as("jobs over gRPC, as the image").isFalse();
    // ... the pool that runs the handlers ...
    ScheduledExecutorService handlers = runtime.getBean(CamundaClientExecutorService.class).get();
    assertThat(handlers).isInstanceOf(ScheduledThreadPoolExecutor.class);
    assertThat(((ScheduledThreadPoolExecutor) handlers).getCorePoolSize()).isEqualTo(10);

    // ... and what our connector's worker asks the engine for: up to 32 jobs at a time.
    ProcessRecords records = new ProcessRecords(engine);
    records.await(
        "the connector's worker to ask for jobs",
        Duration.ofSeconds(20),
        () -> !jobRequests(RevokeGroupInviteLinkFunction.JOB_TYPE).isEmpty());
    assertThat(jobRequests(RevokeGroupInviteLinkFunction.JOB_TYPE))
        .allSatisfy(asked -> assertThat(asked).isBetween(1, 32))
        .contains(32);

    // Health, where the docs point operators and probes.
    int port = ((WebServerApplicationContext) runtime).getWebServer().getPort();
    HttpResponse<String> health;
    try (HttpClient http = HttpClient.newHttpClient()) {
      health =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    }
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    JsonNode status = new ObjectMapper().readTree(health.body());
    assertThat(status.path("status").asText()).as(health.body()).isEqualTo("UP");
    assertThat(status.path("components").path("zeebeClient").path("status").asText())
        .as("each component's state, as the image shows it: %s", health.body())
        .isEqualTo("UP");
  }

  /**
   * README, hybrid: with {@code CONNECTOR_WASEND_REVOKE_GROUP_INVITE_LINK_TYPE} set, a runtime
   * works only that type, not {@code dev.wasend:revoke-group-invite-link:1}.
   */
  @Test
  void theTypeVariableMakesTheRuntimeWorkOnlyTheHybridType() {
    String hybridType = RevokeGroupInviteLinkFunction.JOB_TYPE + "-eu";
    Map<String, Object> env = environment("wsk_unused_in_this_test");
    env.put("CONNECTOR_WASEND_REVOKE_GROUP_INVITE_LINK_TYPE", hybridType);
    runtime = startRuntime(env);

    ProcessRecords records = new ProcessRecords(engine);
    records.await(
        "the connector's worker to ask for jobs of the hybrid type",
        Duration.ofSeconds(20),
        () -> !jobRequests(hybridType).isEmpty());
    assertThat(jobRequests(RevokeGroupInviteLinkFunction.JOB_TYPE))
        .as("no worker for the default type")
        .isEmpty();
  }

  /** How many jobs each activation request of this type asked the engine for. */
  private List<Integer> jobRequests(String jobType) {
    return StreamSupport.stream(
            RecordStream.of(engine.getRecordStreamSource()).records().spliterator(), false)
        .filter(record -> record.getValueType() == ValueType.JOB_BATCH)
        .map(record -> (JobBatchRecordValue) record.getValue())
        .filter(batch -> jobType.equals(batch.getType()))
        .map(JobBatchRecordValue::getMaxJobsToActivate)
        .toList();
  }

  /** What an operator would export for the image or the standalone jar. */
  private Map<String, Object> environment(String apiKey) {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("CAMUNDA_CLIENT_MODE", "self-managed");
    env.put("CAMUNDA_CLIENT_GRPC_ADDRESS", "http://" + engine.getGatewayAddress());
    env.put("CAMUNDA_CLIENT_REST_ADDRESS", "http://" + engine.getGatewayAddress());
    env.put("CAMUNDA_CLIENT_AUTH_METHOD", "none");
    // no Operate to import inbound connectors from, and no webhooks in this test
    env.put("CAMUNDA_CONNECTOR_POLLING_ENABLED", "false");
    env.put("CAMUNDA_CONNECTOR_WEBHOOK_ENABLED", "false");
    env.put("CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX", SECRET_PREFIX);
    env.put(SECRET_PREFIX + "WASEND_API_KEY", apiKey);
    env.put("SERVER_PORT", "0");
    env.put("LOGGING_CONFIG", "classpath:logback-e2e.xml");
    return env;
  }

  private static ConfigurableApplicationContext startRuntime(Map<String, Object> env) {
    StandardServletEnvironment environment = new StandardServletEnvironment();
    // Same class and name suffix as the process environment, so Spring maps CAMUNDA_CLIENT_MODE to
    // camunda.client.mode exactly as for real variables; first, so the build machine's own
    // variables cannot interfere.
    environment
        .getPropertySources()
        .addFirst(new SystemEnvironmentPropertySource("e2e-systemEnvironment", env));
    return WasendConnectorRuntime.builder().environment(environment).run();
  }

  @SuppressWarnings("unchecked")
  private static ListAppender<ILoggingEvent> capturedLog() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> capture = (ListAppender<ILoggingEvent>) root.getAppender("CAPTURE");
    assertThat(capture).as("the runtime configured logging from logback-e2e.xml").isNotNull();
    return capture;
  }

  private static String text(ListAppender<ILoggingEvent> capture) {
    List<ILoggingEvent> events;
    synchronized (capture) {
      events = new ArrayList<>(capture.list);
    }
    StringBuilder text = new StringBuilder();
    for (ILoggingEvent event : events) {
      text.append(event.getLoggerName())
          .append(' ')
          .append(event.getFormattedMessage())
          .append('\n');
      event
          .getMDCPropertyMap()
          .forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
      if (event.getThrowableProxy() != null) {
        text.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
    }
    return text.toString();
  }

  /** The captured runtime log, for reading after a failure: target/standalone-runtime-e2e.log. */
  private static void writeForInspection(String log) {
    try {
      java.nio.file.Files.writeString(
          java.nio.file.Path.of("target", "standalone-runtime-e2e.log"), log);
    } catch (java.io.IOException e) {
      // only a convenience
    }
  }

  /**
   * Spring reconfigured Logback for the runtime; give the other tests their logback-test.xml back.
   */
  private static void restoreTestLogging() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }
}
