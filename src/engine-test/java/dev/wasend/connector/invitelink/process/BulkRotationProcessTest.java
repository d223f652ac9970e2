package dev.wasend.connector.invitelink.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasend.connector.invitelink.RevokeGroupInviteLinkFunction;
import dev.wasend.connector.invitelink.error.RetryPolicy;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bpmn-examples/bulk-invite-link-rotation.bpmn: every group in a parallel multi-instance
 * sub-process; a permanent failure of one group is caught inside it and listed, a wrong key stops
 * the whole run once.
 */
@ZeebeProcessTest
class BulkRotationProcessTest extends ExampleProcessTest {

  static final String PROCESS = "bulk-invite-link-rotation";

  private static String buildHold;

  /** The production default: the build runs unit tests with a shorter hold. */
  @BeforeAll
  static void productionHold() {
    buildHold = System.getProperty(RetryPolicy.MAX_HOLD_PROPERTY);
    System.setProperty(RetryPolicy.MAX_HOLD_PROPERTY, "60");
  }

  @AfterAll
  static void restoreBuildHold() {
    if (buildHold == null) {
      System.clearProperty(RetryPolicy.MAX_HOLD_PROPERTY);
    } else {
      System.setProperty(RetryPolicy.MAX_HOLD_PROPERTY, buildHold);
    }
  }

  private List<String> groups(int count, Map<String, String> oldCodes) {
    List<String> groups = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String group = "1203630000000000%02d@g.us".formatted(i);
      groups.add(group);
      oldCodes.put(group, wasend.group(SESSION, group, true));
    }
    return groups;
  }

  private long run(List<String> groups) {
    deploy("bulk-invite-link-rotation.bpmn");
    return start(
        PROCESS,
        Map.of("groupIds", groups, "sessionId", SESSION, "wasendBaseUrl", wasend.baseUrl()));
  }

  /** Jobs of the connector that failed: each one spent a retry. */
  private long connectorJobFailures() {
    return StreamSupport.stream(
            RecordStream.of(engine.getRecordStreamSource()).jobRecords().spliterator(), false)
        .filter(record -> record.getIntent() == JobIntent.FAILED)
        .filter(
            record -> record.getValue().getType().equals(RevokeGroupInviteLinkFunction.JOB_TYPE))
        .count();
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> list(long instance, String variable) {
    return (List<Map<String, Object>>) records.variable(instance, variable).orElseThrow();
  }

  @Test
  void rotatesEveryGroupUnderRateLimitingAndKeepsEveryRetry() {
    Map<String, String> oldCodes = new HashMap<>();
    List<String> groups = groups(24, oldCodes);
    wasend.rateLimit(8, 4, true); // far below what 24 parallel jobs ask for: 429s are certain

    long instance = run(groups);
    records.await(
        "the bulk rotation",
        Duration.ofSeconds(60),
        () -> records.completedInstances(PROCESS).contains(instance));

    assertThat(records.incidents()).isEmpty();
    assertThat(wasend.rateLimitedCount()).as("the limit bit").isPositive();
    assertThat(connectorJobFailures()).as("waiting for the rate limit spent no retry").isZero();
    assertThat(records.completions(instance, "LinksRotated")).isEqualTo(1);
    assertThat(records.activated(instance, "ReviewFailedGroups")).isFalse();
    List<Map<String, Object>> rotated = list(instance, "rotatedLinks");
    assertThat(rotated).extracting(entry -> entry.get("groupId")).containsExactlyElementsOf(groups);
    assertThat(rotated).extracting(entry -> entry.get("inviteLink")).doesNotHaveDuplicates();
    assertThat(rotated)
        .allSatisfy(
            entry -> assertThat(entry).containsOnlyKeys("groupId", "inviteLink", "expiresAt"));
    for (Map<String, Object> entry : rotated) {
      String group = (String) entry.get("groupId");
      assertThat(entry.get("inviteLink")).isEqualTo(wasend.currentInviteLink(group));
      assertThat(entry.get("expiresAt")).isNotNull();
      assertThat(wasend.isValidInvite(oldCodes.get(group))).isFalse();
    }
    assertThat(list(instance, "failedGroups")).isEmpty();
  }

  @Test
  void aGroupThatFailsIsListedForAPersonAndTheOthersAreRotated() {
    Map<String, String> oldCodes = new HashMap<>();
    List<String> groups = groups(10, oldCodes);
    String notAdmin = "120363000000000777@g.us";
    String gone = "120363000000000404@g.us"; // unknown to Wasend
    String notAdminCode = wasend.group(SESSION, notAdmin, false);
    List<String> all = new ArrayList<>(groups);
    all.add(3, notAdmin);
    all.add(7, gone);

    long instance = run(all);
    records.await(
        "the review task",
        Duration.ofSeconds(60),
        () -> records.activated(instance, "ReviewFailedGroups"));

    assertThat(records.incidents()).isEmpty();
    assertThat(
            records.processEvents(
                PROCESS,
                BpmnElementType.MULTI_INSTANCE_BODY,
                ProcessInstanceIntent.ELEMENT_COMPLETED))
        .as("the multi-instance completed")
        .hasSize(1);
    List<Map<String, Object>> rotated = list(instance, "rotatedLinks");
    assertThat(rotated).extracting(entry -> entry.get("groupId")).containsExactlyElementsOf(groups);
    for (Map<String, Object> entry : rotated) {
      assertThat(entry.get("inviteLink"))
          .isEqualTo(wasend.currentInviteLink((String) entry.get("groupId")));
    }
    List<Map<String, Object>> failed = list(instance, "failedGroups");
    assertThat(failed).extracting(entry -> entry.get("groupId")).containsExactly(notAdmin, gone);
    assertThat(failed)
        .extracting(entry -> entry.get("code"))
        .containsExactly("WASEND_NOT_GROUP_ADMIN", "WASEND_NOT_FOUND");
    assertThat(failed)
        .allSatisfy(
            entry -> {
              assertThat(entry).containsOnlyKeys("groupId", "code", "message");
              assertThat((String) entry.get("message"))
                  .startsWith((String) entry.get("code") + ": ")
                  .contains((String) entry.get("groupId"));
            });
    assertThat(wasend.isValidInvite(notAdminCode)).as("nothing was revoked there").isTrue();
    assertThat(connectorJobFailures()).as("permanent errors are caught, not retried").isZero();
  }

  @Test
  void aWrongKeyStopsTheWholeRunOnceWithOneTaskForAPerson() {
    worker.close();
    String wrongKey = "wsk_wrong_bulk_key_that_must_not_leak_9d2";
    worker = ConnectorWorker.allowing(wasend.baseUrl(), engine, Map.of("WASEND_API_KEY", wrongKey));
    Map<String, String> oldCodes = new HashMap<>();
    List<String> groups = groups(40, oldCodes);

    long instance = run(groups);
    records.await(
        "the early stop", Duration.ofSeconds(60), () -> records.activated(instance, "FixApiKey"));
    assertThat(
            records.processEvents(
                PROCESS,
                BpmnElementType.MULTI_INSTANCE_BODY,
                ProcessInstanceIntent.ELEMENT_TERMINATED))
        .as("every group's instance ended with the multi-instance")
        .hasSize(1);

    assertStoppedOnceWithOneTask(instance, "WASEND_UNAUTHORIZED: ", wrongKey);
    assertThat(records.activated(instance, "ReviewFailedGroups")).isFalse();
    assertThat(records.activated(instance, "SortResults")).isFalse();
    assertThat(records.completions(instance, "RunStopped")).isEqualTo(1);
    assertThat(records.everythingAsText()).doesNotContain(wrongKey);
    oldCodes.values().forEach(code -> assertThat(wasend.isValidInvite(code)).isTrue());
  }

  /** A host the operator did not allow fails every group alike: one stop, not an incident each. */
  @Test
  void aBaseUrlThatIsNotAllowedStopsTheWholeRunOnce() {
    worker.close();
    worker = ConnectorWorker.allowing("https://api.wasend.dev", engine, secrets());
    Map<String, String> oldCodes = new HashMap<>();
    List<String> groups = groups(40, oldCodes);

    long instance = run(groups);
    records.await(
        "the early stop", Duration.ofSeconds(60), () -> records.activated(instance, "FixApiKey"));

    assertStoppedOnceWithOneTask(instance, "WASEND_BASE_URL_NOT_ALLOWED: ", KEY);
    assertThat(wasend.requests()).as("the host that is not allowed received nothing").isEmpty();
    oldCodes.values().forEach(code -> assertThat(wasend.isValidInvite(code)).isTrue());
  }

  /** No incident, one user task, and the reason (never the key) for the person who fixes it. */
  private void assertStoppedOnceWithOneTask(long instance, String reasonStart, String key) {
    assertThat(records.incidents()).as("no incident per group, and none at all").isEmpty();
    assertThat(
            records.processEvents(
                PROCESS, BpmnElementType.USER_TASK, ProcessInstanceIntent.ELEMENT_ACTIVATED))
        .as("one task for a person")
        .hasSize(1);
    assertThat(records.variable(instance, "apiKeyProblem"))
        .hasValueSatisfying(
            message -> assertThat((String) message).startsWith(reasonStart).doesNotContain(key));
  }
}
