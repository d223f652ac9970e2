package dev.wasend.connector.invitelink.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** bpmn-examples/scheduled-invite-link-rotation.bpmn */
@ZeebeProcessTest
class ScheduledRotationProcessTest extends ExampleProcessTest {

  static final String PROCESS = "scheduled-invite-link-rotation";
  static final String GROUP = "4915112345678-1612345678@g.us";
  private long instance;

  private long startRotation() {
    deploy("scheduled-invite-link-rotation.bpmn");
    instance =
        start(
            PROCESS,
            Map.of("groupId", GROUP, "sessionId", SESSION, "wasendBaseUrl", wasend.baseUrl()));
    awaitRevokes(1);
    return instance;
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
    records.await("no early rotation", Duration.ofSeconds(2), () -> true);
    assertThat(records.completions(instance, "RevokeInviteLink")).isEqualTo(1);

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
   * make the timer fire at once, again and again: the process falls back to the fixed cycle.
   */
  @ParameterizedTest
  @ValueSource(longs = {-5, 30})
  void anExpiryTooNearOrPastFallsBackToTheCycleInsteadOfLooping(long expiresInMinutes) {
    wasend.expiresAfter(Duration.ofMinutes(expiresInMinutes));
    wasend.group(SESSION, GROUP, true);
    startRotation();
    assertThat(records.variable(instance, "expiresAt")).isPresent();
    assertThat(records.activated(instance, "RotationCycleElapsed")).isTrue();
    assertThat(records.activated(instance, "BeforeLinkExpires")).isFalse();

    records.await("no second rotation", Duration.ofSeconds(3), () -> true);
    assertThat(records.completions(instance, "RevokeInviteLink")).isEqualTo(1);
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
    records.await("no early rotation", Duration.ofSeconds(2), () -> true);
    assertThat(records.completions(instance, "RevokeInviteLink")).isEqualTo(1);

    engine.increaseTime(Duration.ofDays(1).plusMinutes(1));
    awaitRevokes(2);
    engine.increaseTime(Duration.ofDays(7).plusMinutes(1));
    awaitRevokes(3);
    assertThat(wasend.revokedCodes(GROUP)).hasSize(3);
    assertThat(records.incidents()).isEmpty();
  }
}
