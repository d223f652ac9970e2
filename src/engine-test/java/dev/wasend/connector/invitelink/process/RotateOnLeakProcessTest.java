package dev.wasend.connector.invitelink.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasend.connector.invitelink.simulator.WasendSimulator;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.MessageIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** bpmn-examples/rotate-invite-link-on-leak.bpmn */
@ZeebeProcessTest
class RotateOnLeakProcessTest extends ExampleProcessTest {

  static final String PROCESS = "rotate-invite-link-on-leak";
  static final String GROUP = "120363012345678901@g.us";

  private long leak(String groupId) {
    deploy("rotate-invite-link-on-leak.bpmn");
    client()
        .newPublishMessageCommand()
        .messageName("invite-link-leaked")
        .correlationKey(groupId)
        .variables(
            Map.of("groupId", groupId, "sessionId", SESSION, "wasendBaseUrl", wasend.baseUrl()))
        .send()
        .join();
    records.await(
        "the rotation",
        Duration.ofSeconds(30),
        () -> !records.completedInstances(PROCESS).isEmpty());
    return records.completedInstances(PROCESS).get(0);
  }

  private void publishLeak(String groupId, Duration timeToLive) {
    client()
        .newPublishMessageCommand()
        .messageName("invite-link-leaked")
        .correlationKey(groupId)
        .timeToLive(timeToLive)
        .variables(
            Map.of("groupId", groupId, "sessionId", SESSION, "wasendBaseUrl", wasend.baseUrl()))
        .send()
        .join();
  }

  /** How many leak messages the engine has published. */
  private long publishedLeaks() {
    return StreamSupport.stream(
            RecordStream.of(engine.getRecordStreamSource()).messageRecords().spliterator(), false)
        .filter(record -> record.getIntent() == MessageIntent.PUBLISHED)
        .filter(record -> record.getValue().getName().equals("invite-link-leaked"))
        .count();
  }

  /** Where in the record stream the instance's process went through {@code intent}. */
  private long position(long instance, ProcessInstanceIntent intent) {
    return records.processEvents(PROCESS, BpmnElementType.PROCESS, intent).stream()
        .filter(record -> record.getValue().getProcessInstanceKey() == instance)
        .findFirst()
        .orElseThrow()
        .getPosition();
  }

  /**
   * The connector, each call counted and then waiting until {@code go} opens, as if Wasend were
   * still answering: the rotation that made it stays active meanwhile.
   */
  private static OutboundConnectorFunction waitingFor(
      CountDownLatch go, AtomicInteger calls, OutboundConnectorFunction connector) {
    return context -> {
      int call = calls.incrementAndGet();
      if (!go.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never let call " + call + " go");
      }
      return connector.execute(context);
    };
  }

  /** A worker whose calls wait for {@code go}; returns the count of calls. */
  private AtomicInteger holdCallsUntil(CountDownLatch go) {
    worker.close();
    AtomicInteger calls = new AtomicInteger();
    worker =
        ConnectorWorker.allowing(
            wasend.baseUrl(), engine, secrets(), connector -> waitingFor(go, calls, connector));
    return calls;
  }

  @Test
  void aLeakRotatesTheLinkAndKeepsTheNewOne() {
    String oldLink = "https://chat.whatsapp.com/" + wasend.group(SESSION, GROUP, true);

    long instance = leak(GROUP);

    String newLink = (String) records.variable(instance, "inviteLink").orElseThrow();
    assertThat(newLink).isEqualTo(wasend.currentInviteLink(GROUP)).isNotEqualTo(oldLink);
    assertThat(wasend.isValidInvite(oldLink)).isFalse();
    assertThat(wasend.isValidInvite(newLink)).isTrue();
    String expiresAt = (String) records.variable(instance, "expiresAt").orElseThrow();
    assertThat(OffsetDateTime.parse(expiresAt)).isAfter(OffsetDateTime.now().plusDays(6));
    assertThat(records.activated(instance, "RevokeInviteLink")).isTrue();
    assertThat(records.completions(instance, "InviteLinkRotated")).isEqualTo(1);
    assertThat(records.incidents()).isEmpty();

    var request = wasend.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.rawPath())
        .isEqualTo("/community-ops/groups/120363012345678901@g.us/invite-link/revoke");
    assertThat(request.header("Authorization")).contains("Bearer " + KEY);
  }

  /**
   * Whoever can publish the message chooses wasendBaseUrl, but not where the key goes: a host the
   * operator did not allow gets nothing, and the job fails at once with its own code.
   */
  @Test
  void aMessageCannotSendTheKeyToAHostTheOperatorDidNotAllow() {
    wasend.group(SESSION, GROUP, true);
    try (WasendSimulator attacker = WasendSimulator.start()) {
      attacker.session(KEY, SESSION);
      attacker.group(SESSION, GROUP, true);
      deploy("rotate-invite-link-on-leak.bpmn");
      client()
          .newPublishMessageCommand()
          .messageName("invite-link-leaked")
          .correlationKey(GROUP)
          .variables(
              Map.of("groupId", GROUP, "sessionId", SESSION, "wasendBaseUrl", attacker.baseUrl()))
          .send()
          .join();
      records.await("an incident", Duration.ofSeconds(30), () -> !records.incidents().isEmpty());

      var incident = records.incidents().get(0).getValue();
      assertThat(incident.getErrorMessage())
          .startsWith("WASEND_BASE_URL_NOT_ALLOWED: ")
          .contains("baseUrl")
          .contains("WASEND_ALLOWED_BASE_URLS")
          .doesNotContain(KEY);
      assertThat(attacker.requests()).isEmpty();
      assertThat(wasend.requests()).isEmpty();
      assertThat(records.everythingAsText()).doesNotContain(KEY);
    }
  }

  @Test
  void theRevokeTaskHasTenRetriesForALeakStorm() {
    wasend.group(SESSION, GROUP, true);
    long instance = leak(GROUP);
    assertThat(records.createdJobRetries(instance, "RevokeInviteLink"))
        .as("bpmn-examples/README.md: 10 retries, a leak storm may hit the rate limit")
        .containsExactly(10);
  }

  @Test
  void withoutTheDocumentedRouteItFallsBackAndStillRotates() {
    String oldCode = wasend.group(SESSION, GROUP, true);
    wasend.documentedRouteMissing(true);

    long instance = leak(GROUP);

    assertThat(records.variable(instance, "inviteLink")).contains(wasend.currentInviteLink(GROUP));
    assertThat(records.hasVariable(instance, "expiresAt")).isTrue();
    assertThat(records.variable(instance, "expiresAt"))
        .as("null: the invite-code route reports no expiry")
        .isEmpty();
    assertThat(wasend.isValidInvite(oldCode)).isFalse();
    assertThat(wasend.requests())
        .extracting(r -> r.rawPath())
        .containsExactly(
            "/community-ops/groups/120363012345678901@g.us/invite-link/revoke",
            "/community-ops/groups/120363012345678901@g.us/invite-code/revoke");
  }

  /**
   * A leak is often reported many times at once (several members, a bot). While the group's
   * rotation is active, a second report with the same correlation key starts no second instance:
   * two rotations at once would race, and one would hand out a link the other had already killed.
   */
  @Test
  void aSecondLeakOfTheSameGroupWhileItsRotationIsActiveStartsNoOtherInstance() {
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger calls = holdCallsUntil(go);
    String oldCode = wasend.group(SESSION, GROUP, true);
    deploy("rotate-invite-link-on-leak.bpmn");

    reportTheLeakTwiceWhileTheFirstRotationWaits(Duration.ZERO, calls);

    go.countDown();
    records.await(
        "the rotation",
        Duration.ofSeconds(30),
        () -> !records.completedInstances(PROCESS).isEmpty());
    records.awaitIdle();
    assertThat(records.startedInstances(PROCESS)).as("the second leak was dropped").hasSize(1);
    assertThat(calls).hasValue(1);
    assertThat(wasend.revokedCodes(GROUP)).containsExactly(oldCode);
    long instance = records.completedInstances(PROCESS).get(0);
    assertThat(records.variable(instance, "inviteLink")).contains(wasend.currentInviteLink(GROUP));
    assertThat(records.incidents()).isEmpty();
  }

  /**
   * With a time to live, the second report waits instead of being dropped, and starts the next
   * rotation once the first has ended: one after the other, so the last link handed out is the one
   * that works.
   */
  @Test
  void aSecondLeakWithATimeToLiveStartsTheNextRotationOnceTheFirstEnds() {
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger calls = holdCallsUntil(go);
    String oldCode = wasend.group(SESSION, GROUP, true);
    deploy("rotate-invite-link-on-leak.bpmn");

    reportTheLeakTwiceWhileTheFirstRotationWaits(Duration.ofMinutes(10), calls);

    go.countDown();
    records.await(
        "both rotations",
        Duration.ofSeconds(30),
        () -> records.completedInstances(PROCESS).size() == 2);
    List<Long> started = records.startedInstances(PROCESS);
    assertThat(started).hasSize(2);
    long first = started.get(0);
    long second = started.get(1);
    assertThat(position(second, ProcessInstanceIntent.ELEMENT_ACTIVATED))
        .as("the next rotation began after the first ended")
        .isGreaterThan(position(first, ProcessInstanceIntent.ELEMENT_COMPLETED));
    String firstLink = (String) records.variable(first, "inviteLink").orElseThrow();
    assertThat(wasend.revokedCodes(GROUP)).hasSize(2).startsWith(oldCode);
    assertThat(wasend.isValidInvite(firstLink))
        .as("the second rotation revoked the link the first handed out")
        .isFalse();
    assertThat(records.variable(second, "inviteLink")).contains(wasend.currentInviteLink(GROUP));
    assertThat(records.incidents()).isEmpty();
  }

  /**
   * Publishes the leak of {@code GROUP}, and once its rotation's call is held, the same leak again:
   * only the first has started an instance by then.
   */
  private void reportTheLeakTwiceWhileTheFirstRotationWaits(
      Duration timeToLive, AtomicInteger calls) {
    publishLeak(GROUP, timeToLive);
    records.await("the rotation's call", Duration.ofSeconds(30), () -> calls.get() == 1);
    publishLeak(GROUP, timeToLive);
    records.await("the second leak", Duration.ofSeconds(30), () -> publishedLeaks() == 2);
    assertThat(records.startedInstances(PROCESS)).as("while the first is active").hasSize(1);
  }
}
