package dev.wasend.connector.invitelink.cpt;

import static io.camunda.process.test.api.CamundaAssert.assertThatProcessInstance;
import static io.camunda.process.test.api.assertions.ProcessInstanceSelectors.byProcessId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wasend.connector.invitelink.RevokeGroupInviteLinkFunction;
import dev.wasend.connector.invitelink.harness.ProductionHandler;
import dev.wasend.connector.invitelink.simulator.WasendSimulator;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.process.test.api.CamundaProcessTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Camunda Process Test with this connector as a job worker in the test's own JVM, behind the
 * connector runtime's production job handler ({@code SpringConnectorJobHandler}, built as {@link
 * ProductionHandler} does), and the Wasend simulator on loopback as the service.
 *
 * <p>Works with CPT's default runtime (Camunda in Docker) and with a remote one (Camunda 8 Run:
 * {@code runtimeMode=remote} in {@code camunda-container-runtime.properties}): the engine only
 * hands out jobs; the connector and the simulator share the test's machine. Needs Docker or a
 * running cluster; not run by this build.
 */
@CamundaProcessTest
class InProcessConnectorExample {

  private static final String GROUP = "120363012345678901@g.us";

  /** Injected by the extension. */
  private CamundaClient client;

  private WasendSimulator wasend;
  private JobWorker connector;

  @BeforeEach
  void startTheSimulatorAndTheConnector() {
    wasend = WasendSimulator.start();
    wasend.session("test-key", "ops");
    wasend.group("ops", GROUP, true);
    // The operator's allow-list, before the connector runs: here, the simulator's address.
    System.setProperty("wasend.allowed-base-urls", wasend.baseUrl());
    connector =
        client
            .newWorker()
            .jobType(RevokeGroupInviteLinkFunction.JOB_TYPE)
            .handler(
                ProductionHandler.create(
                    new RevokeGroupInviteLinkFunction(), Map.of("WASEND_API_KEY", "test-key")))
            .open();
  }

  @AfterEach
  void stop() {
    connector.close();
    wasend.close();
  }

  @Test
  void rotatesTheInviteLinkAgainstTheSimulator() {
    String oldLink = wasend.currentInviteLink(GROUP);
    client
        .newDeployResourceCommand()
        .addResourceFile("bpmn-examples/rotate-invite-link-on-leak.bpmn")
        .send()
        .join();
    client
        .newPublishMessageCommand()
        .messageName("invite-link-leaked")
        .correlationKey(GROUP)
        .variables(Map.of("sessionId", "ops", "groupId", GROUP, "wasendBaseUrl", wasend.baseUrl()))
        .send()
        .join();

    assertThatProcessInstance(byProcessId("rotate-invite-link-on-leak"))
        .isCompleted()
        .hasVariable("inviteLink", wasend.currentInviteLink(GROUP));
    assertThat(wasend.isValidInvite(oldLink)).isFalse();
  }
}
