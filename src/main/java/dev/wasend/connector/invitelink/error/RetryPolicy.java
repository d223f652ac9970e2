package dev.wasend.connector.invitelink.error;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The one place that decides how long a failed job waits before Zeebe retries it. Whether it is
 * retried at all is {@link WasendErrorCode#retryable()}; how many times is the task's retries.
 *
 * <ul>
 *   <li>Exponential backoff with jitter: {@link #BASE} doubled per consecutive failure of the same
 *       element instance, capped at {@link #MAX_EXPONENTIAL}, then a random 50–100% of it so that
 *       a bulk rotation does not retry in lockstep.
 *   <li>A usable {@code Retry-After} is a floor, bounded to [{@link #MIN_BACKOFF}, {@link
 *       #MAX_BACKOFF}] and spread by a random 0–20% (never earlier than the server asked). It is
 *       not a ceiling: a token bucket answers every waiting client "1 s", and a thousand jobs that
 *       all come back after 1 s meet the same 429 again, so a job that keeps meeting 429s backs
 *       off exponentially beyond it.
 * </ul>
 *
 * <p>The SDK does not tell a connector how many attempts a job has had, so this counts consecutive
 * failures per element instance in a small bounded map. It is soft state: if the retry lands on
 * another runtime, the count restarts there at {@link #BASE}.
 */
public final class RetryPolicy {

  public static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
  static final Duration BASE = Duration.ofSeconds(2);
  static final Duration MAX_EXPONENTIAL = Duration.ofMinutes(5);
  private static final int TRACKED_INSTANCES = 10_000;

  private final DoubleSupplier random;
  /** In access order, so the least recently failing instance goes first when it is full. */
  private final Map<Long, Integer> failures = new LinkedHashMap<>(256, 0.75f, true);

  public RetryPolicy() {
    this(() -> ThreadLocalRandom.current().nextDouble());
  }

  /** For tests: {@code random} returns values in [0, 1). */
  public RetryPolicy(DoubleSupplier random) {
    this.random = random;
  }

  /** The backoff for a failure of {@code elementInstanceKey}; empty for permanent failures. */
  public Optional<Duration> backoff(WasendException failure, long elementInstanceKey) {
    if (!failure.code().retryable()) {
      forget(elementInstanceKey);
      return Optional.empty();
    }
    int attempt = recordFailure(elementInstanceKey);
    Duration exponential = jittered(attempt);
    return Optional.of(
        failure.retryAfter().map(this::spread).filter(floor -> floor.compareTo(exponential) > 0).orElse(exponential));
  }

  /** A success or a permanent failure ends the run of consecutive failures. */
  public void forget(long elementInstanceKey) {
    synchronized (failures) {
      if (!failures.isEmpty()) { // the usual case: nothing to forget, and no key to box
        failures.remove(elementInstanceKey);
      }
    }
  }

  int trackedInstances() {
    synchronized (failures) {
      return failures.size();
    }
  }

  private int recordFailure(long elementInstanceKey) {
    synchronized (failures) {
      int attempt = failures.merge(elementInstanceKey, 1, Integer::sum);
      if (failures.size() > TRACKED_INSTANCES) {
        Iterator<Long> eldest = failures.keySet().iterator();
        eldest.next();
        eldest.remove();
      }
      return attempt;
    }
  }

  static Duration bound(Duration retryAfter) {
    if (retryAfter.compareTo(MIN_BACKOFF) < 0) {
      return MIN_BACKOFF;
    }
    return retryAfter.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : retryAfter;
  }

  private Duration spread(Duration retryAfter) {
    Duration bounded = bound(retryAfter);
    long extraMillis = (long) (bounded.toMillis() * 0.2 * random.getAsDouble());
    return bound(bounded.plusMillis(extraMillis));
  }

  private Duration jittered(int attempt) {
    int doublings = Math.min(attempt - 1, 20);
    long ceilingMillis = Math.min(BASE.toMillis() << doublings, MAX_EXPONENTIAL.toMillis());
    double factor = 0.5 + 0.5 * random.getAsDouble();
    return bound(Duration.ofMillis((long) (ceilingMillis * factor)));
  }
}
