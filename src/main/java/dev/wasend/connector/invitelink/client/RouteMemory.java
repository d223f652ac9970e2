package dev.wasend.connector.invitelink.client;

import dev.wasend.connector.invitelink.model.BaseUrl;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

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

  /** {@code System.nanoTime}: ten minutes stay ten minutes when the wall clock is set. */
  private final LongSupplier nanoTime;

  private final Map<BaseUrl, Long> documentedRouteMissingUntil =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<BaseUrl, Long> eldest) {
          return size() > CAPACITY;
        }
      };

  RouteMemory(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  synchronized boolean isDocumentedRouteMissing(BaseUrl base) {
    Long until = documentedRouteMissingUntil.get(base);
    return until != null && until - nanoTime.getAsLong() > 0;
  }

  /**
   * @return true when this is news (not remembered already), so it is announced once, not per job
   */
  synchronized boolean rememberDocumentedRouteMissing(BaseUrl base) {
    long now = nanoTime.getAsLong();
    Long before = documentedRouteMissingUntil.put(base, now + BELIEVED_FOR.toNanos());
    return before == null || before - now <= 0;
  }

  synchronized void forget(BaseUrl base) {
    documentedRouteMissingUntil.remove(base);
  }
}
