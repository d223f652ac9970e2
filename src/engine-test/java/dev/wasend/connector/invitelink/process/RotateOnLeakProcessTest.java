package dev.wasend.connector.invitelink.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasend.connector.invitelink.simulator.WasendSimulator;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
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
}
