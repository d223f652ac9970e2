package dev.wasend.connector.invitelink.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasend.connector.invitelink.RevokeGroupInviteLinkFunction;
import dev.wasend.connector.invitelink.client.AllowedBaseUrls;
import dev.wasend.connector.invitelink.client.WasendClient;
import dev.wasend.connector.invitelink.error.RetryPolicy;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkRequest;
import dev.wasend.connector.invitelink.simulator.Fault;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ErrorType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bpmn-examples/bulk-invite-link-rotation.bpmn: every group in a parallel multi-instance
 * sub-process; a permanent failure of one group is caught inside it and listed, a wrong key stops
 * the whole run once and keeps what was done before the stop.
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

  /** The shipped example with its multi-instance made sequential: one group at a time, in order. */
  private long runSequentially(List<String> groups) throws IOException {
    String shipped = Files.readString(Path.of("bpmn-examples", "bulk-invite-link-rotation.bpmn"));
    String sequential =
        shipped.replace(
            "<bpmn:multiInstanceLoopCharacteristics>",
            "<bpmn:multiInstanceLoopCharacteristics isSequential=\"true\">");
    assertThat(sequential).as("the shipped example is parallel").isNotEqualTo(shipped);
    client()
        .newDeployResourceCommand()
        .addResourceStringUtf8(sequential, "bulk-invite-link-rotation.bpmn")
        .send()
        .join();
    return start(
        PROCESS,
        Map.of("groupIds", groups, "sessionId", SESSION, "wasendBaseUrl", wasend.baseUrl()));
  }

  /**
   * The connector, letting the first {@code free} calls through at once, the next one when {@code
   * next} opens, and every later one when {@code rest} opens: the test decides the order.
   */
  private static OutboundConnectorFunction holdingBack(
      int free, CountDownLatch next, CountDownLatch rest, OutboundConnectorFunction connector) {
    AtomicInteger calls = new AtomicInteger();
    return context -> {
      int call = calls.incrementAndGet();
      CountDownLatch gate = call <= free ? null : call == free + 1 ? next : rest;
      if (gate != null && !gate.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never let call " + call + " go");
      }
      return connector.execute(context);
    };
  }

  /**
   * The connector, with Wasend answering every call for {@code failing} with a 500 and the other
   * groups' calls as usual. A simulator fault meets whichever request comes next, so the calls take
   * turns: the fault queued just before that group's call meets that call and no other.
   */
  private OutboundConnectorFunction serverErrorsFor(
      String failing, OutboundConnectorFunction connector) {
    Object turn = new Object();
    return context -> {
      String group = context.bindVariables(RevokeGroupInviteLinkRequest.class).groupId();
      synchronized (turn) {
        if (group.equals(failing)) {
          wasend.inject(Fault.SERVER_ERROR_JSON);
        }
        return connector.execute(context);
      }
    };
  }

  /** Instances of the group sub-process (one per group) that ended in the given way. */
  private int groupInstances(ProcessInstanceIntent intent) {
    return records.processEvents(PROCESS, BpmnElementType.SUB_PROCESS, intent).size();
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

  /** The retries left after each failure of a connector job, in order. */
  private List<Integer> connectorJobRetriesAfterFailures() {
    return StreamSupport.stream(
            RecordStream.of(engine.getRecordStreamSource()).jobRecords().spliterator(), false)
        .filter(record -> record.getIntent() == JobIntent.FAILED)
        .filter(
            record -> record.getValue().getType().equals(RevokeGroupInviteLinkFunction.JOB_TYPE))
        .map(record -> record.getValue().getRetries())
        .toList();
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

  /**
   * Server errors are not caught: each spends one of the task's 3 retries, and when they outlast
   * them the incident is on that group's task, for a person to resolve once Wasend is well. The
   * other groups are rotated meanwhile; the run waits for that group. The connector's backoffs are
   * made reproducible (the lowest: 1 s, then 2 s) so the test takes seconds.
   */
  @Test
  void serverErrorsThatOutlastTheRetriesEndInAnIncidentOnThatGroupsTask() {
    worker.close();
    String failing = "120363000000000500@g.us";
    worker =
        ConnectorWorker.start(
            engine,
            serverErrorsFor(
                failing,
                new RevokeGroupInviteLinkFunction(
                    WasendClient.builder()
                        .allowedBaseUrls(AllowedBaseUrls.of(wasend.baseUrl()))
                        .build(),
                    new RetryPolicy(() -> 0.0))),
            secrets());
    Map<String, String> oldCodes = new HashMap<>();
    List<String> groups = groups(5, oldCodes);
    String failingCode = wasend.group(SESSION, failing, true);
    List<String> all = new ArrayList<>(groups);
    all.add(2, failing);

    long instance = run(all);
    records.await("an incident", Duration.ofSeconds(30), () -> !records.incidents().isEmpty());
    records.await(
        "the other groups",
        Duration.ofSeconds(30),
        () -> groupInstances(ProcessInstanceIntent.ELEMENT_COMPLETED) == groups.size());

    assertThat(records.incidents())
        .singleElement()
        .satisfies(
            record -> {
              var incident = record.getValue();
              assertThat(incident.getProcessInstanceKey()).isEqualTo(instance);
              assertThat(incident.getElementId()).isEqualTo("RevokeInviteLinks");
              assertThat(incident.getErrorType()).isEqualTo(ErrorType.JOB_NO_RETRIES);
              assertThat(incident.getErrorMessage())
                  .startsWith("WASEND_SERVER_ERROR: ")
                  .contains(failing)
                  .doesNotContain(KEY);
              assertThat(records.localVariable(incident.getElementInstanceKey(), "groupId"))
                  .as("the failing group's own task")
                  .contains(failing);
            });
    assertThat(connectorJobRetriesAfterFailures())
        .as("three tries, each spending one of the 3 retries")
        .containsExactly(2, 1, 0);
    assertThat(wasend.requests())
        .filteredOn(request -> request.rawPath().contains(failing))
        .hasSize(3);
    assertThat(wasend.isValidInvite(failingCode)).as("nothing was revoked there").isTrue();
    assertThat(records.activated(instance, "GroupFailed"))
        .as("a retryable error is not caught")
        .isFalse();
    assertThat(records.completions(instance, "GroupRotated")).isEqualTo(groups.size());
    for (String group : groups) {
      assertThat(wasend.revokedCodes(group)).containsExactly(oldCodes.get(group));
      assertThat(wasend.isValidInvite(oldCodes.get(group))).isFalse();
    }
    assertThat(records.activated(instance, "SortResults"))
        .as("the run waits for that group")
        .isFalse();
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

    assertStoppedOnceWithOneTask(instance, "WASEND_UNAUTHORIZED: ", wrongKey);
    assertThat(
            groupInstances(ProcessInstanceIntent.ELEMENT_COMPLETED)
                + groupInstances(ProcessInstanceIntent.ELEMENT_TERMINATED))
        .as("every group's instance ended: refused, or ended by the stop")
        .isEqualTo(groups.size());
    assertThat(list(instance, "rotatedLinks")).isEmpty();
    assertThat(list(instance, "failedGroups")).isEmpty();
    assertThat(list(instance, "results")).isEmpty();
    assertThat(records.everythingAsText()).doesNotContain(wrongKey);
    oldCodes.values().forEach(code -> assertThat(wasend.isValidInvite(code)).isTrue());
  }

  /**
   * The key stops working after five rotations (an admin rotated it while the run was going). In
   * the sequential variant the order is exact: the five groups done before the refusal, and the one
   * that failed for good among them, are listed; the run stops at the next group and asks nothing
   * after it.
   */
  @Test
  void aKeyRefusedMidRunKeepsTheGroupsDoneBeforeTheStop() throws IOException {
    Map<String, String> oldCodes = new HashMap<>();
    List<String> groups = groups(10, oldCodes);
    String notAdmin = "120363000000000777@g.us";
    String notAdminCode = wasend.group(SESSION, notAdmin, false);
    List<String> all = new ArrayList<>(groups);
    all.add(2, notAdmin);
    wasend.apiKeyValidFor(KEY, 5);

    long instance = runSequentially(all);
    records.await(
        "the early stop", Duration.ofSeconds(60), () -> records.activated(instance, "FixApiKey"));

    assertStoppedOnceWithOneTask(instance, "WASEND_UNAUTHORIZED: ", KEY);
    assertThat((String) records.variable(instance, "apiKeyProblem").orElseThrow())
        .as("the refusal came at the sixth group to rotate")
        .contains(groups.get(5));
    assertRotatedAndListed(instance, groups.subList(0, 5), oldCodes);
    List<Map<String, Object>> failed = list(instance, "failedGroups");
    assertThat(failed).extracting(entry -> entry.get("groupId")).containsExactly(notAdmin);
    assertThat(failed)
        .extracting(entry -> entry.get("code"))
        .containsExactly("WASEND_NOT_GROUP_ADMIN");
    assertThat(list(instance, "results"))
        .extracting(entry -> entry.get("groupId"))
        .containsExactly(
            groups.get(0), groups.get(1), notAdmin, groups.get(2), groups.get(3), groups.get(4));
    List<Object> history = records.variableHistory(instance, "results");
    List<?> collected = (List<?>) history.get(history.size() - 2);
    assertThat(collected).as("the multi-instance's collection, before SortResults").hasSize(11);
    assertThat(collected.subList(0, 6)).doesNotContainNull();
    assertThat(collected.subList(6, 11))
        .as("null for the refused group and for those never started")
        .containsOnlyNulls();
    assertThat(wasend.isValidInvite(notAdminCode)).isTrue();
    assertThat(wasend.requests())
        .as("six groups done or refused one after the other, nothing asked after the stop")
        .hasSize(7);
    for (String group : groups.subList(5, 10)) {
      assertThat(wasend.revokedCodes(group)).isEmpty();
      assertThat(wasend.isValidInvite(oldCodes.get(group))).isTrue();
    }
    assertThat(groupInstances(ProcessInstanceIntent.ELEMENT_COMPLETED))
        .as("the six groups in results and the one refused")
        .isEqualTo(7);
    assertThat(groupInstances(ProcessInstanceIntent.ELEMENT_TERMINATED))
        .as("later groups were never started")
        .isZero();
  }

  /**
   * The same in the shipped, parallel example. Which calls come first is up to the worker, so the
   * test orders them: five calls rotate their groups; once the engine finished those five, one more
   * call is refused (the key was rotated meanwhile); the six other calls wait (one in the
   * connector, the others in the worker's queue), as if Wasend were still answering them, until the
   * run has stopped. The five are listed; the six groups still going are ended by the stop. Then
   * the key works again, so the late calls do rotate their groups at Wasend: those new links are in
   * no list, the caveat the examples' README describes, and they raise no incident.
   */
  @Test
  void aKeyRefusedMidRunInParallelKeepsTheGroupsRotatedBeforeTheStop() {
    worker.close();
    CountDownLatch fiveDone = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    worker =
        ConnectorWorker.allowing(
            wasend.baseUrl(),
            engine,
            secrets(),
            connector -> holdingBack(5, fiveDone, stopped, connector));
    Map<String, String> oldCodes = new HashMap<>();
    List<String> groups = groups(12, oldCodes);
    wasend.apiKeyValidFor(KEY, 5);

    long instance = run(groups);
    records.await(
        "five groups rotated",
        Duration.ofSeconds(60),
        () -> groupInstances(ProcessInstanceIntent.ELEMENT_COMPLETED) >= 5);
    fiveDone.countDown();
    records.await(
        "the early stop", Duration.ofSeconds(60), () -> records.activated(instance, "FixApiKey"));
    assertThat(groupInstances(ProcessInstanceIntent.ELEMENT_TERMINATED))
        .as("the six groups still going were ended by the stop")
        .isEqualTo(6);
    wasend.apiKeyValidFor(KEY, groups.size());
    stopped.countDown();
    records.await(
        "the late answers", Duration.ofSeconds(60), () -> wasend.requestCount() == groups.size());

    assertStoppedOnceWithOneTask(instance, "WASEND_UNAUTHORIZED: ", KEY);
    assertThat(groupInstances(ProcessInstanceIntent.ELEMENT_COMPLETED))
        .as("the five rotated and the one refused")
        .isEqualTo(6);
    assertThat(records.completions(instance, "StopEveryGroup")).isEqualTo(1);
    List<String> listed =
        list(instance, "rotatedLinks").stream()
            .map(entry -> (String) entry.get("groupId"))
            .toList();
    assertThat(listed).hasSize(5);
    assertRotatedAndListed(instance, listed, oldCodes);
    assertThat(list(instance, "failedGroups")).isEmpty();
    assertThat(list(instance, "results"))
        .as("no entry for the groups that did not finish")
        .isEqualTo(list(instance, "rotatedLinks"));
    List<String> rotatedLate =
        groups.stream()
            .filter(group -> !listed.contains(group))
            .filter(group -> !wasend.revokedCodes(group).isEmpty())
            .toList();
    assertThat(rotatedLate)
        .as("the six calls that were in flight at the stop rotated their groups, unlisted")
        .hasSize(6);
    rotatedLate.forEach(group -> assertThat(wasend.isValidInvite(oldCodes.get(group))).isFalse());
    assertThat(records.incidents()).as("the late answers raise no incident").isEmpty();
  }

  /**
   * A run decides from its own results whether it stopped: an {@code apiKeyProblem} handed in at
   * the start (a run started again with the variables of a stopped one, or a call activity that
   * passes every variable) neither stops a good run nor survives it.
   */
  @Test
  void aProblemLeftFromAnEarlierRunNeitherStopsAGoodRunNorSurvivesIt() {
    Map<String, String> oldCodes = new HashMap<>();
    List<String> groups = groups(3, oldCodes);
    deploy("bulk-invite-link-rotation.bpmn");

    long instance =
        start(
            PROCESS,
            Map.of(
                "groupIds",
                groups,
                "sessionId",
                SESSION,
                "wasendBaseUrl",
                wasend.baseUrl(),
                "apiKeyProblem",
                "WASEND_UNAUTHORIZED: from an earlier run"));
    records.await(
        "the bulk rotation",
        Duration.ofSeconds(60),
        () -> records.completedInstances(PROCESS).contains(instance));

    assertThat(records.completions(instance, "LinksRotated")).isEqualTo(1);
    assertThat(records.activated(instance, "FixApiKey")).isFalse();
    assertThat(records.variable(instance, "apiKeyProblem")).isEmpty();
    assertRotatedAndListed(instance, groups, oldCodes);
  }

  /**
   * Lists put together from several sources repeat groups: a group listed twice is rotated once, so
   * no dead link from a second rotation is handed on.
   */
  @Test
  void aGroupListedTwiceIsRotatedOnceAndListedOnce() {
    Map<String, String> oldCodes = new HashMap<>();
    List<String> groups = groups(2, oldCodes);
    String twice = groups.get(0);

    long instance = run(List.of(twice, groups.get(1), twice));
    records.await(
        "the bulk rotation",
        Duration.ofSeconds(60),
        () -> records.completedInstances(PROCESS).contains(instance));

    assertThat(wasend.revokedCodes(twice)).as("one rotation").hasSize(1);
    assertThat(list(instance, "rotatedLinks"))
        .extracting(entry -> entry.get("groupId"))
        .containsExactly(twice, groups.get(1));
    assertRotatedAndListed(instance, groups, oldCodes);
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
    assertThat(list(instance, "results")).isEmpty();
    assertThat(wasend.requests()).as("the host that is not allowed received nothing").isEmpty();
    oldCodes.values().forEach(code -> assertThat(wasend.isValidInvite(code)).isTrue());
  }

  /**
   * No incident, one user task, and the reason (never the key) for the person who fixes it. The
   * stop completes the multi-instance early (it is not terminated), so the results are sorted: the
   * groups that finished are in {@code results}, besides the one or more whose refusal stopped the
   * run (in parallel, a second refusal may finish at the same moment as the first).
   */
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
    assertThat(
            records.processEvents(
                PROCESS,
                BpmnElementType.MULTI_INSTANCE_BODY,
                ProcessInstanceIntent.ELEMENT_COMPLETED))
        .as("the stop completed the multi-instance early")
        .hasSize(1);
    assertThat(
            records.processEvents(
                PROCESS,
                BpmnElementType.MULTI_INSTANCE_BODY,
                ProcessInstanceIntent.ELEMENT_TERMINATED))
        .isEmpty();
    assertThat(records.completions(instance, "SortResults")).isEqualTo(1);
    assertThat(records.activated(instance, "ReviewFailedGroups")).isFalse();
    List<Map<String, Object>> results = list(instance, "results");
    assertThat(results).doesNotContainNull();
    assertThat(groupInstances(ProcessInstanceIntent.ELEMENT_COMPLETED))
        .as("the groups in results, and at least one whose refusal stopped the run")
        .isGreaterThan(results.size());
  }

  /**
   * {@code rotatedLinks} lists exactly these groups, in this order, each with its new link from
   * Wasend; their old links are dead.
   */
  private void assertRotatedAndListed(
      long instance, List<String> groups, Map<String, String> oldCodes) {
    List<Map<String, Object>> rotated = list(instance, "rotatedLinks");
    assertThat(rotated).extracting(entry -> entry.get("groupId")).containsExactlyElementsOf(groups);
    for (Map<String, Object> entry : rotated) {
      String group = (String) entry.get("groupId");
      assertThat(entry).containsOnlyKeys("groupId", "inviteLink", "expiresAt");
      assertThat(entry.get("inviteLink")).isEqualTo(wasend.currentInviteLink(group));
      assertThat(entry.get("expiresAt")).isNotNull();
      assertThat(wasend.revokedCodes(group)).containsExactly(oldCodes.get(group));
      assertThat(wasend.isValidInvite(oldCodes.get(group))).isFalse();
    }
  }
}
