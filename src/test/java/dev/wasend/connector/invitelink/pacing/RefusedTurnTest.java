package dev.wasend.connector.invitelink.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wasend.connector.invitelink.client.AllowedBaseUrls;
import dev.wasend.connector.invitelink.client.WasendClient;
import dev.wasend.connector.invitelink.error.RetryPolicy;
import dev.wasend.connector.invitelink.error.WasendException;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkRequest;
import dev.wasend.connector.invitelink.simulator.RecordedRequest;
import dev.wasend.connector.invitelink.simulator.WasendSimulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Through the client against the simulator: a request refused without {@code Retry-After} spent its
 * turn, so the same job sends again a paced gap later, not at once into another 429.
 */
class RefusedTurnTest {

  static final String KEY = "wsk_refused_turn_key_9d0e";

  /** After a 429 without {@code Retry-After}, the job's next request waits a paced gap. */
  @Test
  void aJobRefusedWithoutRetryAfterDoesNotSendAgainAtOnce() {
    try (WasendSimulator wasend = WasendSimulator.start()) {
      wasend.session(KEY, "s");
      wasend.group("s", "120363000000000901@g.us", true);
      wasend.group("s", "120363000000000902@g.us", true);
      wasend.rateLimit(0.02, 1, false); // one per 50 s, no Retry-After
      WasendClient client =
          WasendClient.builder()
              .allowedBaseUrls(AllowedBaseUrls.of(wasend.baseUrl()))
              .rateLimit(new Pacer(), new RetryPolicy(() -> 0.0, Duration.ofSeconds(3)))
              .build();
      client.revoke(request(wasend, "120363000000000901@g.us")); // the burst
      wasend.clearRequests();

      assertThatThrownBy(() -> client.revoke(request(wasend, "120363000000000902@g.us")))
          .isInstanceOf(WasendException.class);

      List<RecordedRequest> sent = wasend.requests();
      assertThat(sent.size()).isGreaterThanOrEqualTo(2);
      Duration gap = Duration.between(sent.get(0).receivedAt(), sent.get(1).receivedAt());
      assertThat(gap)
          .as("the request after the first 429 waits for a paced turn (about 1 s at 0.95/s)")
          .isGreaterThan(Duration.ofMillis(500));
    }
  }

  static RevokeGroupInviteLinkRequest request(WasendSimulator wasend, String group) {
    return new RevokeGroupInviteLinkRequest(KEY, "s", group, wasend.baseUrl(), null, 5, 10);
  }
}
