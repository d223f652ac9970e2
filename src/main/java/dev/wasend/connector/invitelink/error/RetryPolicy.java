package dev.wasend.connector.invitelink.error;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides how long a failed job waits before Zeebe retries it. Whether it is
 * retried at all is {@link WasendErrorCode#retryable()}; how many times is the task's retries.
 *
 * <ul>
 *   <li>Exponential backoff with jitter: {@link #BASE} doubled per consecutive failure of the same
 *       element instance, capped at {@link #MAX_EXPONENTIAL}, then a random 50–100% of it so that a
 *       bulk rotation does not retry in lockstep.
 *   <li>A usable {@code Retry-After} is a floor, bounded to [{@link #MIN_BACKOFF}, {@link
 *       #MAX_BACKOFF}] and spread by a random 0–20% (never earlier than the server asked). It is
 *       not a ceiling: a token bucket answers every waiting client "1 s", and a thousand jobs that
 *       all come back after 1 s meet the same 429 again, so a job that keeps meeting 429s backs off
 *       exponentially beyond it.
 * </ul>
 *
 * <p>The SDK does not tell a connector how many attempts a job has had, so this counts consecutive
 * failures per element instance in a small bounded map. It is soft state: if the retry lands on
 * another runtime, the count restarts there at {@link #BASE}.
 *
 * <p>Rate limiting is not a failure of the job: a request that the pacer holds back, or that meets
 * a 429, waits inside the job's execution and is sent again, and the job keeps its retries. That is
 * bounded by {@link #maxHold()} per execution (system property {@value #MAX_HOLD_PROPERTY}, else
 * environment variable {@value #MAX_HOLD_VARIABLE}; seconds, default 60, at most an hour): a job
 * held back longer fails with {@code WASEND_RATE_LIMITED} and the backoff above. The SDK can only
 * keep a job's retries by not failing it: it hides the count, and a failure without one spends a
 * retry.
 */
public final class RetryPolicy {

  public static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
  static final Duration BASE = Duration.ofSeconds(2);
  static final Duration MAX_EXPONENTIAL = Duration.ofMinutes(5);
  private static final int TRACKED_INSTANCES = 10_000;
  public static final String MAX_HOLD_PROPERTY = "wasend.rate-limit.max-hold-seconds";
  public static final String MAX_HOLD_VARIABLE = "WASEND_RATE_LIMIT_MAX_HOLD_SECONDS";
  static final Duration DEFAULT_MAX_HOLD = Duration.ofSeconds(60);
  static final Duration MAX_MAX_HOLD = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

  private final DoubleSupplier random;
  private final Duration maxHold;

  /**
   * Consecutive failures per element instance, in access order, so the least recently failing
   * instance goes first once {@link #TRACKED_INSTANCES} are held.
   */
  private final Map<Long, Integer> failures =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
          return size() > TRACKED_INSTANCES;
        }
      };

  public RetryPolicy() {
    this(() -> ThreadLocalRandom.current().nextDouble(), configuredMaxHold());
  }

  /**
   * Reproducible backoffs, e.g. for process tests that inject the connector's client and policy:
   * {@code random} returns values in [0, 1), and nothing is held back (a 429 fails the job at once,
   * as after {@link #maxHold()}).
   */
  public RetryPolicy(DoubleSupplier random) {
    this(random, Duration.ZERO);
  }

  /** The same, with a job held back by the rate limit for at most {@code maxHold} in all. */
  public RetryPolicy(DoubleSupplier random, Duration maxHold) {
    this.random = random;
    this.maxHold = maxHold;
  }

  /** How long one execution of a job may be held back by the rate limit in all. */
  public Duration maxHold() {
    return maxHold;
  }

  /**
   * After a 429: how long to wait before sending the request again inside this execution, or empty
   * when that would hold the job back longer than {@link #maxHold()} (then it fails).
   *
   * @param retryAfter the server's Retry-After, bounded ({@link #bound}), when it sent one
   * @param held how long this execution has been held back so far
   */
  public Optional<Duration> rateLimitedWait(Optional<Duration> retryAfter, Duration held) {
    Duration wait = retryAfter.orElse(Duration.ZERO);
    return held.plus(wait).compareTo(maxHold) < 0 ? Optional.of(wait) : Optional.empty();
  }

  /**
   * The backoff with the task's <em>Retry backoff</em> ({@code retryBackoff} header) as a floor, so
   * that a user who sets it gets at least that much.
   */
  public Optional<Duration> backoff(
      WasendException failure, long elementInstanceKey, String retryBackoffHeader) {
    Optional<Duration> backoff = backoff(failure, elementInstanceKey);
    Duration floor = floor(retryBackoffHeader);
    return backoff.map(b -> b.compareTo(floor) < 0 ? floor : b);
  }

  private static Duration floor(String header) {
    try {
      return header == null ? Duration.ZERO : bound(Duration.parse(header.strip()));
    } catch (RuntimeException unparsable) { // the runtime itself rejects it; no floor here
      return Duration.ZERO;
    }
  }

  private static Duration configuredMaxHold() {
    return maxHold(System::getProperty, System::getenv);
  }

  /** The system property, else the environment variable, else the default; whole seconds. */
  static Duration maxHold(
      UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
    String source = "system property " + MAX_HOLD_PROPERTY;
    String value = systemProperties.apply(MAX_HOLD_PROPERTY);
    if (value == null || value.isBlank()) {
      source = "environment variable " + MAX_HOLD_VARIABLE;
      value = environment.apply(MAX_HOLD_VARIABLE);
    }
    if (value == null || value.isBlank()) {
      return DEFAULT_MAX_HOLD;
    }
    long seconds;
    try {
      seconds = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      LOG.warn(
          "{} is not a whole number of seconds; the rate-limit hold stays at {} s",
          source,
          DEFAULT_MAX_HOLD.toSeconds());
      return DEFAULT_MAX_HOLD;
    }
    long bounded = Math.clamp(seconds, 0, MAX_MAX_HOLD.toSeconds());
    if (bounded != seconds) {
      LOG.warn(
          "{} is outside 0-{}; the rate-limit hold is {} s",
          source,
          MAX_MAX_HOLD.toSeconds(),
          bounded);
    }
    return Duration.ofSeconds(bounded);
  }

  /** The backoff for a failure of {@code elementInstanceKey}; empty for permanent failures. */
  Optional<Duration> backoff(WasendException failure, long elementInstanceKey) {
    if (!failure.code().retryable()) {
      forget(elementInstanceKey);
      return Optional.empty();
    }
    int attempt = recordFailure(elementInstanceKey);
    Duration exponential = jittered(attempt);
    return Optional.of(
        failure
            .retryAfter()
            .map(this::spread)
            .filter(floor -> floor.compareTo(exponential) > 0)
            .orElse(exponential));
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
      return failures.merge(elementInstanceKey, 1, Integer::sum);
    }
  }

  /**
   * The server's {@code Retry-After} ({@link RetryAfter}: seconds or an HTTP-date), bounded to
   * [{@link #MIN_BACKOFF}, {@link #MAX_BACKOFF}]; empty when absent or unusable.
   */
  public static Optional<Duration> retryAfter(String header, Clock clock) {
    return RetryAfter.parse(header, clock).map(RetryPolicy::bound);
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
