package dev.wasend.connector.invitelink.cpt;

import static io.camunda.process.test.api.CamundaAssert.assertThatProcessInstance;
import static io.camunda.process.test.api.assertions.ProcessInstanceSelectors.byProcessId;

import io.camunda.client.CamundaClient;
import io.camunda.process.test.api.CamundaProcessTestExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Camunda Process Test with its connectors container running this connector: the image is yours,
 * built {@code FROM camunda/connectors-bundle:8.8.x} with the jar in {@code /opt/custom} (the
 * Dockerfile of docs/deployment.md), for example {@code docker build -t connectors-wasend:1.0.0 .}
 *
 * <p>Needs Docker, and a Wasend test group: the container cannot reach a simulator on the test's
 * loopback (use {@link InProcessConnectorExample} for that). Not run by this build.
 */
class ConnectorsContainerExample {

  @RegisterExtension
  static final CamundaProcessTestExtension CAMUNDA =
      new CamundaProcessTestExtension()
          .withConnectorsEnabled(true)
          .withConnectorsDockerImageName("connectors-wasend")
          .withConnectorsDockerImageVersion("1.0.0")
          // {{secrets.WASEND_API_KEY}} of the template
          .withConnectorsSecret("WASEND_API_KEY", System.getenv("WASEND_API_KEY"))
          // the operator's allow-list of base URLs (the default already holds this one)
          .withConnectorsEnv("WASEND_ALLOWED_BASE_URLS", "https://api.wasend.dev");

  /** Injected by the extension. */
  private CamundaClient client;

  @Test
  void rotatesTheInviteLinkOfATestGroup() {
    client
        .newDeployResourceCommand()
        .addResourceFile("bpmn-examples/rotate-invite-link-on-leak.bpmn")
        .send()
        .join();
    String group = System.getenv("WASEND_GROUP_ID");
    client
        .newPublishMessageCommand()
        .messageName("invite-link-leaked")
        .correlationKey(group)
        .variables(Map.of("sessionId", System.getenv("WASEND_SESSION_ID"), "groupId", group))
        .send()
        .join();

    assertThatProcessInstance(byProcessId("rotate-invite-link-on-leak"))
        .isCompleted()
        .hasVariableNames("inviteLink", "expiresAt");
  }
}
