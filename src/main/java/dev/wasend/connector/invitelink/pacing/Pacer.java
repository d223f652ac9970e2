package dev.wasend.connector.invitelink.pacing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Sends no faster than Wasend accepts, per origin and API key, inside one runtime: a request that
 * would only be refused waits here for its turn instead of spending a 429 (which also counts
 * against the customer's quota) and a retry of the job. See {@link KeyPace} for how the pace
 * follows the limit down and up.
 *
 * <p>Nothing is paced until the service first answers 429, and pacing ends when the 429s stop:
 * while no key is paced, a call only checks that no pace exists and counts its answer in the
 * runtime-wide counter (one short lock); while any key is paced, a call also hashes its key and
 * looks up that key's pace before and after the request. State is per runtime and needs no
 * coordination: several runtimes each find their share from the 429s they see. Memory is bounded:
 * at most {@link #MAX_KEYS} paces, each of fixed size, and a key is known only by the SHA-256 of
 * its value, never the value.
 */
public final class Pacer {

  static final int MAX_KEYS = 256;

  private final LongSupplier nanoTime;
  private final LongConsumer sleep;
  private final Map<String, KeyPace> paces = new ConcurrentHashMap<>();

  /** Accepted answers across the runtime: the first guess of a key's limit at its first 429. */
  private final KeyPace recent;

  public Pacer() {
    this(System::nanoTime, Pacer::park);
  }

  /** For tests: a fake clock, whose {@code sleep} moves it forward. */
  Pacer(LongSupplier nanoTime, LongConsumer sleep) {
    this.nanoTime = nanoTime;
    this.sleep = sleep;
    this.recent = new KeyPace(nanoTime.getAsLong());
  }

  public long now() {
    return nanoTime.getAsLong();
  }

  /**
   * Waits for the next slot of this origin and key.
   *
   * @return nanoseconds waited; or, without waiting, minus how far away the slot is when that is
   *     more than {@code maxWait} nanoseconds
   */
  public long awaitTurn(String origin, String apiKey, long maxWait) {
    if (paces.isEmpty()) {
      return 0;
    }
    String identity = identity(origin, apiKey);
    KeyPace pace = paces.get(identity);
    if (pace == null) {
      return 0;
    }
    long start = now();
    while (true) {
      long now = now();
      long wait = pace.reserve(now, maxWait - (now - start));
      if (wait < 0) {
        return wait;
      }
      sleepUntil(now + wait);
      // Another job's 429 may have paused the key while this one slept: its slot is gone. That
      // pause may be on a new pace, if this one was evicted at the bound meanwhile (a pace with a
      // job waiting is never calm): look the key up again.
      pace = paces.get(identity);
      if (Thread.currentThread().isInterrupted() || pace == null || !pace.isPausedAt(now())) {
        return Math.max(0, now() - start);
      }
    }
  }

  /** The service answered, and not with 429. */
  public void accepted(String origin, String apiKey) {
    long now = now();
    recent.accepted(now);
    if (paces.isEmpty()) {
      return;
    }
    String identity = identity(origin, apiKey);
    KeyPace pace = paces.get(identity);
    if (pace != null && pace.accepted(now)) {
      paces.remove(identity, pace); // back to full speed
    }
  }

  /** The service answered 429; {@code retryAfterNanos} 0 when it sent no usable Retry-After. */
  public void refused(String origin, String apiKey, long retryAfterNanos) {
    long now = now();
    String identity = identity(origin, apiKey);
    KeyPace pace = paces.get(identity);
    // a pace dropped meanwhile (calm, or evicted) takes no 429: it goes to the key's new pace
    while (pace == null || !pace.refused(now, retryAfterNanos)) {
      pace = startPacing(identity, now);
    }
  }

  /**
   * A new pace, the bound kept under one lock: a key's first 429 is rare, so the lock costs
   * nothing, and the map never holds more than {@link #MAX_KEYS}. At the bound a key that is not
   * inside a pause makes room, the one whose last 429, pause and waiting job are furthest in the
   * past. A dropped pace still in the map (calm, its removal under way) is replaced.
   */
  private synchronized KeyPace startPacing(String identity, long now) {
    KeyPace known = paces.get(identity);
    if (known != null && !known.isDropped()) {
      return known;
    }
    if (known == null && paces.size() >= MAX_KEYS) {
      paces.entrySet().stream()
          .max(
              Comparator.comparing(
                      (Map.Entry<String, KeyPace> entry) -> !entry.getValue().isPausedAt(now))
                  .thenComparingLong(entry -> entry.getValue().idleFor(now)))
          .ifPresent(
              idlest -> {
                idlest.getValue().drop();
                paces.remove(idlest.getKey(), idlest.getValue());
              });
    }
    KeyPace fresh = new KeyPace(now);
    fresh.start(now, recent);
    paces.put(identity, fresh);
    return fresh;
  }

  /**
   * Sleeps on this pacer's clock until {@code deadline}, or until the thread is interrupted (the
   * flag stays set, so the request that follows fails as interrupted).
   */
  public void sleepUntil(long deadline) {
    for (long left = deadline - now();
        left > 0 && !Thread.currentThread().isInterrupted();
        left = deadline - now()) {
      sleep.accept(left);
    }
  }

  /** Requests per second this runtime allows the key now; 0 when it is not paced. */
  double rate(String origin, String apiKey) {
    KeyPace pace = paces.get(identity(origin, apiKey));
    return pace == null ? 0 : pace.rate();
  }

  /** The key's pace, null when it is not paced. */
  KeyPace paceOf(String origin, String apiKey) {
    return paces.get(identity(origin, apiKey));
  }

  int pacedKeys() {
    return paces.size();
  }

  static String identity(String origin, String apiKey) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
      return origin + ' ' + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void park(long nanos) {
    LockSupport.parkNanos(nanos);
  }
}
