package dev.wasend.connector.invitelink.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasend.connector.invitelink.model.BaseUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the AUTOMATIC route remembers about gateways, and how much of it. */
class RouteMemoryTest {

  private final RouteMemory memory = new RouteMemory(() -> 42L);

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

  /**
   * Timed on {@code nanoTime}, which may be negative and may wrap: ten minutes to the nanosecond,
   * whatever the wall clock does meanwhile.
   */
  @ParameterizedTest
  @ValueSource(longs = {0L, -3_600_000_000_000L, Long.MAX_VALUE - 60_000_000_000L})
  void believesAGatewayForTenMinutesAndAnnouncesItOnce(long start) {
    long[] now = {start};
    RouteMemory memory = new RouteMemory(() -> now[0]);

    assertThat(memory.rememberDocumentedRouteMissing(gateway(0))).as("news").isTrue();
    assertThat(memory.rememberDocumentedRouteMissing(gateway(0))).as("known already").isFalse();
    now[0] += RouteMemory.BELIEVED_FOR.toNanos() - 1;
    assertThat(memory.isDocumentedRouteMissing(gateway(0))).isTrue();
    now[0] += 1;
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
}
