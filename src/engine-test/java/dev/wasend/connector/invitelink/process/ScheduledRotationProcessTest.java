package dev.wasend.connector.invitelink.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.TimerIntent;
import io.camunda.zeebe.protocol.record.value.TimerRecordValue;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** bpmn-examples/scheduled-invite-link-rotation.bpmn */
@ZeebeProcessTest
class ScheduledRotationProcessTest extends ExampleProcessTest {

  static final String PROCESS = "scheduled-invite-link-rotation";
  static final String GROUP = "4915112345678-1612345678@g.us";
  private long instance;

  private long startRotation() {
    return startRotation(Map.of());
  }

  /** Starts it with the optional variables {@code options} besides the ones it needs. */
  private long startRotation(Map<String, Object> options) {
    deploy("scheduled-invite-link-rotation.bpmn");
    Map<String, Object> variables = new HashMap<>(options);
    variables.putAll(
        Map.of("groupId", GROUP, "sessionId", SESSION, "wasendBaseUrl", wasend.baseUrl()));
    instance = start(PROCESS, variables);
    awaitRevokes(1);
    return instance;
  }

  /** The timers the instance created for {@code elementId}, in order. */
  private List<Record<TimerRecordValue>> timersCreated(String elementId) {
    return StreamSupport.stream(
            RecordStream.of(engine.getRecordStreamSource()).timerRecords().spliterator(), false)
        .filter(record -> record.getIntent() == TimerIntent.CREATED)
        .filter(record -> record.getValue().getProcessInstanceKey() == instance)
        .filter(record -> record.getValue().getTargetElementId().equals(elementId))
        .toList();
  }

  private void awaitRevokes(int count) {
    records.await(
        count + " revokes",
        Duration.ofSeconds(30),
        () -> records.completions(instance, "RevokeInviteLink") >= count);
  }

  @AfterEach
  void cancel() {
    if (instance != 0) {
      client().newCancelInstanceCommand(instance).send().join();
    }
  }

  @Test
  void rotatesAgainShortlyBeforeTheReportedExpiry() {
    wasend.expiresAfter(Duration.ofDays(7));
    String firstCode = wasend.group(SESSION, GROUP, true);
    startRotation();
    String secondLink = (String) records.variable(instance, "inviteLink").orElseThrow();
    assertThat(records.activated(instance, "BeforeLinkExpires")).isTrue();
    assertThat(records.activated(instance, "RotationCycleElapsed")).isFalse();

    engine.increaseTime(Duration.ofDays(6).plusHours(22)); // an hour before expiry is still ahead
    assertStillOneRotation(); // no early rotation

    engine.increaseTime(Duration.ofHours(1).plusMinutes(5)); // now past "an hour before expiry"
    awaitRevokes(2);

    String thirdLink = (String) records.variable(instance, "inviteLink").orElseThrow();
    assertThat(thirdLink).isNotEqualTo(secondLink).isEqualTo(wasend.currentInviteLink(GROUP));
    assertThat(wasend.isValidInvite(firstCode)).isFalse();
    assertThat(wasend.isValidInvite(secondLink)).isFalse();
    assertThat(wasend.isValidInvite(thirdLink)).isTrue();
    assertThat(records.incidents()).isEmpty();
  }

  /**
   * An expiry already past, or nearer than rotateBefore (a stale or odd gateway value), must not
   * make the timer fire at once, again and again: the process falls back to the fixed cycle. The
   * gateway weighs the expiry against the rotateBefore given, too: 90 minutes away is far enough
   * for the default hour but nearer than two hours.
   */
  @ParameterizedTest
  @CsvSource({"-5, ", "30, ", "90, PT2H"})
  void anExpiryTooNearOrPastFallsBackToTheCycleInsteadOfLooping(
      long expiresInMinutes, String rotateBefore) {
    wasend.expiresAfter(Duration.ofMinutes(expiresInMinutes));
    wasend.group(SESSION, GROUP, true);
    startRotation(rotateBefore == null ? Map.of() : Map.of("rotateBefore", rotateBefore));
    assertThat(records.variable(instance, "expiresAt")).isPresent();
    assertThat(records.activated(instance, "RotationCycleElapsed")).isTrue();
    assertThat(records.activated(instance, "BeforeLinkExpires")).isFalse();

    assertStillOneRotation(); // no second rotation
    assertThat(records.incidents()).isEmpty();
  }

  @Test
  void withoutAnExpiryItRotatesOnTheFixedCycle() {
    wasend.noExpiry();
    wasend.group(SESSION, GROUP, true);
    startRotation();
    assertThat(records.variable(instance, "expiresAt")).isEmpty();
    assertThat(records.activated(instance, "RotationCycleElapsed")).isTrue();

    engine.increaseTime(Duration.ofDays(6));
    assertStillOneRotation(); // no early rotation

    engine.increaseTime(Duration.ofDays(1).plusMinutes(1));
    awaitRevokes(2);
    engine.increaseTime(Duration.ofDays(7).plusMinutes(1));
    awaitRevokes(3);
    assertThat(wasend.revokedCodes(GROUP)).hasSize(3);
    assertThat(records.incidents()).isEmpty();
  }

  @Test
  void rotatesAsLongBeforeTheExpiryAsRotateBeforeAsks() {
    wasend.expiresAfter(Duration.ofDays(7));
    wasend.group(SESSION, GROUP, true);
    startRotation(Map.of("rotateBefore", "PT2H"));
    Instant expiresAt =
        OffsetDateTime.parse((String) records.variable(instance, "expiresAt").orElseThrow())
            .toInstant();
    assertThat(records.activated(instance, "BeforeLinkExpires")).isTrue();
    assertThat(timersCreated("BeforeLinkExpires"))
        .singleElement()
        .extracting(timer -> Instant.ofEpochMilli(timer.getValue().getDueDate()))
        .as("two hours before the expiry, not the default one")
        .isEqualTo(expiresAt.minus(Duration.ofHours(2)));

    engine.increaseTime(Duration.ofDays(6).plusHours(21)); // two hours before expiry is ahead
    assertStillOneRotation(); // no early rotation

    // past "two hours before expiry", still before the default "an hour before"
    engine.increaseTime(Duration.ofHours(1).plusMinutes(5));
    awaitRevokes(2);
    assertThat(records.incidents()).isEmpty();
  }

  @Test
  void withoutAnExpiryItRotatesOnTheGivenCycle() {
    wasend.noExpiry();
    wasend.group(SESSION, GROUP, true);
    startRotation(Map.of("rotationCycle", "P1D"));
    assertThat(records.variable(instance, "expiresAt")).isEmpty();
    assertThat(timersCreated("RotationCycleElapsed"))
        .singleElement()
        .satisfies(
            timer ->
                assertThat(Instant.ofEpochMilli(timer.getValue().getDueDate()))
                    .as("a day after the timer started, not the default week")
                    .isCloseTo(
                        Instant.ofEpochMilli(timer.getTimestamp()).plus(Duration.ofDays(1)),
                        within(1, ChronoUnit.SECONDS)));

    engine.increaseTime(Duration.ofHours(23));
    assertStillOneRotation(); // no early rotation

    engine.increaseTime(Duration.ofHours(1).plusMinutes(1));
    awaitRevokes(2);
    engine.increaseTime(Duration.ofDays(1).plusMinutes(1));
    awaitRevokes(3);
    assertThat(wasend.revokedCodes(GROUP)).hasSize(3);
    assertThat(records.incidents()).isEmpty();
  }

  /**
   * Once the engine has handled everything, the task has still run once only: a timer that fired
   * would have created its job at once.
   */
  private void assertStillOneRotation() {
    records.awaitIdle();
    assertThat(records.createdJobRetries(instance, "RevokeInviteLink")).hasSize(1);
    assertThat(records.completions(instance, "RevokeInviteLink")).isEqualTo(1);
  }
}
