package dev.wasend.connector.invitelink.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasend.connector.invitelink.model.BaseUrl;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What the AUTOMATIC route remembers about gateways, and how much of it. */
class RouteMemoryTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
  private final RouteMemory memory = new RouteMemory(clock);

  private static BaseUrl gateway(int n) {
    return BaseUrl.parse("https://gateway" + n + ".example.com/wasend");
  }

  /** Bounded by construction: the 65th base URL pushes out the least recently used one. */
  @Test
  void keepsAtMost64BaseUrlsAndDropsTheLeastRecentlyUsed() {
    for (int n = 0; n < RouteMemory.CAPACITY; n++) {
      memory.rememberDocumentedRouteMissing(gateway(n));
    }
    assertThat(memory.isDocumentedRouteMissing(gateway(0))).isTrue(); // used again: now the newest

    memory.rememberDocumentedRouteMissing(gateway(RouteMemory.CAPACITY));

    assertThat(RouteMemory.CAPACITY).isEqualTo(64);
    assertThat(memory.isDocumentedRouteMissing(gateway(1))).as("least recently used").isFalse();
    assertThat(memory.isDocumentedRouteMissing(gateway(0))).isTrue();
    assertThat(memory.isDocumentedRouteMissing(gateway(2))).isTrue();
    assertThat(memory.isDocumentedRouteMissing(gateway(RouteMemory.CAPACITY))).isTrue();
  }

  @Test
  void believesAGatewayForTenMinutesAndAnnouncesItOnce() {
    MovingClock moving = new MovingClock(clock.instant());
    RouteMemory memory = new RouteMemory(moving);

    assertThat(memory.rememberDocumentedRouteMissing(gateway(0))).as("news").isTrue();
    assertThat(memory.rememberDocumentedRouteMissing(gateway(0))).as("known already").isFalse();
    moving.now = moving.now.plus(RouteMemory.BELIEVED_FOR).minusMillis(1);
    assertThat(memory.isDocumentedRouteMissing(gateway(0))).isTrue();
    moving.now = moving.now.plusMillis(1);
    assertThat(memory.isDocumentedRouteMissing(gateway(0))).isFalse();
    assertThat(memory.rememberDocumentedRouteMissing(gateway(0))).as("news again").isTrue();
  }

  @Test
  void forgetsAGatewayAtOnceWhenTold() {
    memory.rememberDocumentedRouteMissing(gateway(0));
    memory.rememberDocumentedRouteMissing(gateway(1));

    memory.forget(gateway(0));

    assertThat(memory.isDocumentedRouteMissing(gateway(0))).isFalse();
    assertThat(memory.isDocumentedRouteMissing(gateway(1))).isTrue();
  }

  private static final class MovingClock extends Clock {
    Instant now;

    MovingClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
