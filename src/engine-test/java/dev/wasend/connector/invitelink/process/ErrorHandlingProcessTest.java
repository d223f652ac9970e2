package dev.wasend.connector.invitelink.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import io.camunda.zeebe.protocol.record.value.ErrorType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bpmn-examples/invite-link-error-handling.bpmn */
@ZeebeProcessTest
class ErrorHandlingProcessTest extends ExampleProcessTest {

  static final String PROCESS = "invite-link-error-handling";
  static final String GROUP = "120363099999999999@g.us";

  private long run(String groupId) {
    deploy("invite-link-error-handling.bpmn");
    return start(
        PROCESS,
        Map.of("groupId", groupId, "sessionId", SESSION, "wasendBaseUrl", wasend.baseUrl()));
  }

  @Test
  void anAdminGroupIsRevoked() {
    wasend.group(SESSION, GROUP, true);
    long instance = run(GROUP);
    records.await(
        "completion",
        Duration.ofSeconds(30),
        () -> records.completedInstances(PROCESS).contains(instance));
    assertThat(records.completions(instance, "InviteLinkRevoked")).isEqualTo(1);
    assertThat(records.variable(instance, "inviteLink")).contains(wasend.currentInviteLink(GROUP));
  }

  @Test
  void notBeingAGroupAdminIsCaughtAndHandedToAPerson() {
    String code = wasend.group(SESSION, GROUP, false);
    long instance = run(GROUP);
    records.await(
        "the admin task",
        Duration.ofSeconds(30),
        () -> records.activated(instance, "AskGroupAdmin"));
    assertThat(records.activated(instance, "NotGroupAdmin")).isTrue();
    assertThat(records.variable(instance, "httpStatus"))
        .as("the boundary event copies the error variable")
        .hasValueSatisfying(status -> assertThat(status).hasToString("403"));
    assertThat(records.activated(instance, "CheckGroupAndSession")).isFalse();
    assertThat(records.incidents()).isEmpty();
    assertThat(wasend.isValidInvite(code)).as("nothing was revoked").isTrue();
    assertThat(wasend.requestCount()).as("a permanent error is not retried").isEqualTo(1);
  }

  @Test
  void anUnknownGroupIsCaughtAndCheckedByHand() {
    long instance = run("120363000000000404@g.us");
    records.await(
        "the check task",
        Duration.ofSeconds(30),
        () -> records.activated(instance, "CheckGroupAndSession"));
    assertThat(records.activated(instance, "GroupNotFound")).isTrue();
    assertThat(records.variable(instance, "httpStatus"))
        .as("the boundary event copies the error variable")
        .hasValueSatisfying(status -> assertThat(status).hasToString("404"));
    assertThat(records.activated(instance, "AskGroupAdmin")).isFalse();
    assertThat(records.incidents()).isEmpty();
  }

  @Test
  void aWrongKeyEndsInAnIncidentThatDoesNotHoldTheKey() {
    worker.close();
    String wrongKey = "wsk_wrong_key_that_must_not_leak_31f";
    worker = ConnectorWorker.allowing(wasend.baseUrl(), engine, Map.of("WASEND_API_KEY", wrongKey));
    wasend.group(SESSION, GROUP, true);

    long instance = run(GROUP);
    records.await("an incident", Duration.ofSeconds(30), () -> !records.incidents().isEmpty());

    var incident = records.incidents().get(0).getValue();
    assertThat(incident.getProcessInstanceKey()).isEqualTo(instance);
    assertThat(incident.getErrorType()).isEqualTo(ErrorType.JOB_NO_RETRIES);
    assertThat(incident.getErrorMessage())
        .startsWith("WASEND_UNAUTHORIZED: ")
        .doesNotContain(wrongKey);
    assertThat(records.everythingAsText()).doesNotContain(wrongKey);
    assertThat(wasend.requestCount()).isEqualTo(1);
  }
}
