package dev.wasend.connector.invitelink.simulator;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per API key: {@code burst} permits at most, refilled at {@code
 * permitsPerSecond}. The simulator swaps in a new limiter when a test sets a limit, which gives
 * every key a full bucket again; {@link #changeRate} changes the refill rate of a running limiter
 * instead, keeping what each bucket holds, the way a service lowers or raises a limit under load.
 */
final class TokenBucketRateLimiter {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private volatile double permitsPerSecond;
  private final int burst;
  private final boolean sendRetryAfter;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  TokenBucketRateLimiter(double permitsPerSecond, int burst, boolean sendRetryAfter, Clock clock) {
    if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
      throw new IllegalArgumentException("permitsPerSecond must be > 0: " + permitsPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1: " + burst);
    }
    this.permitsPerSecond = permitsPerSecond;
    this.burst = burst;
    this.sendRetryAfter = sendRetryAfter;
    this.clock = clock;
  }

  /**
   * From now on refills at {@code permitsPerSecond}: every bucket is first filled up to now at the
   * old rate, so the change is not applied to the past.
   */
  void changeRate(double newPermitsPerSecond) {
    if (!(newPermitsPerSecond > 0) || Double.isInfinite(newPermitsPerSecond)) {
      throw new IllegalArgumentException("permitsPerSecond must be > 0: " + newPermitsPerSecond);
    }
    synchronized (buckets) {
      long now = nowNanos();
      buckets.values().forEach(bucket -> bucket.refill(now));
      permitsPerSecond = newPermitsPerSecond;
    }
  }

  double permitsPerSecond() {
    return permitsPerSecond;
  }

  /** Same settings on another clock, with every bucket full again. */
  TokenBucketRateLimiter withClock(Clock other) {
    return new TokenBucketRateLimiter(permitsPerSecond, burst, sendRetryAfter, other);
  }

  boolean sendRetryAfter() {
    return sendRetryAfter;
  }

  /**
   * Takes a permit for the key if one is free.
   *
   * @return 0 when a permit was taken, otherwise the whole seconds (at least 1) until one is free
   */
  long tryAcquire(String apiKey) {
    long now = nowNanos();
    return buckets.computeIfAbsent(apiKey, k -> new Bucket(burst, now)).tryAcquire(now);
  }

  /** Nanoseconds from the simulator's clock, so a test with a fixed clock controls refills. */
  private long nowNanos() {
    var instant = clock.instant();
    return instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
  }

  private final class Bucket {
    private double tokens;
    private long lastRefill;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.lastRefill = now;
    }

    synchronized void refill(long now) {
      // max(0, ...) keeps a clock that steps backwards from draining the bucket
      double elapsedSeconds = Math.max(0, now - lastRefill) / (double) NANOS_PER_SECOND;
      tokens = Math.min(burst, tokens + elapsedSeconds * permitsPerSecond);
      lastRefill = Math.max(lastRefill, now);
    }

    synchronized long tryAcquire(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      double secondsUntilPermit = (1 - tokens) / permitsPerSecond;
      // Retry-After carries whole seconds; round up so a client that obeys it is not limited again
      return Math.max(1, (long) Math.ceil(secondsUntilPermit - 1e-9));
    }
  }
}
