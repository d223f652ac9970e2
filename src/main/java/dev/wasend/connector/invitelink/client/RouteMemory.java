package dev.wasend.connector.invitelink.client;

import dev.wasend.connector.invitelink.model.BaseUrl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which gateways said they have no documented route, so that the AUTOMATIC route calls {@code
 * invite-code/revoke} there directly instead of paying a failed call per job (which would also
 * count against a rate limit).
 *
 * <p>Kept per base URL (origin and path prefix: two gateways on one host are two entries), believed
 * for {@link #BELIEVED_FOR} and forgotten at once when the remembered route itself answers "no such
 * route". At most {@link #CAPACITY} base URLs, the least recently used dropped.
 */
final class RouteMemory {

  static final Duration BELIEVED_FOR = Duration.ofMinutes(10);
  static final int CAPACITY = 64;

  private final Clock clock;
  private final Map<BaseUrl, Instant> documentedRouteMissingUntil =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<BaseUrl, Instant> eldest) {
          return size() > CAPACITY;
        }
      };

  RouteMemory(Clock clock) {
    this.clock = clock;
  }

  synchronized boolean isDocumentedRouteMissing(BaseUrl base) {
    Instant until = documentedRouteMissingUntil.get(base);
    return until != null && clock.instant().isBefore(until);
  }

  /**
   * @return true when this is news (not remembered already), so it is announced once, not per job
   */
  synchronized boolean rememberDocumentedRouteMissing(BaseUrl base) {
    Instant now = clock.instant();
    Instant before = documentedRouteMissingUntil.put(base, now.plus(BELIEVED_FOR));
    return before == null || !now.isBefore(before);
  }

  synchronized void forget(BaseUrl base) {
    documentedRouteMissingUntil.remove(base);
  }
}
