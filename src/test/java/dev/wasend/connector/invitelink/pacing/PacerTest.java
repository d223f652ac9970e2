package dev.wasend.connector.invitelink.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The pacer against a token bucket like Wasend's, on a fake clock: every job is always waiting (a
 * bulk rotation), each request takes 2 ms, and a refused request goes back to the queue.
 */
class PacerTest {

  static final String ORIGIN = "https://api.wasend.dev";
  static final String KEY = "wsk_pacer_test_key_0b7f";
  static final long SECOND = 1_000_000_000L;

  /** The fake clock: sleeping moves it on. */
  final long[] now = {7 * SECOND};

  final Pacer pacer = new Pacer(() -> now[0], nanos -> now[0] += nanos);

  /** Wasend's limit: a token bucket whose rate a test can change. */
  static final class Bucket {
    double perSecond;
    final double burst;
    double tokens;
    long last;

    Bucket(double perSecond, double burst, long now) {
      this.perSecond = perSecond;
      this.burst = burst;
      this.tokens = burst;
      this.last = now;
    }

    boolean take(long now) {
      tokens = Math.min(burst, tokens + (now - last) / (double) SECOND * perSecond);
      last = now;
      if (tokens >= 1) {
        tokens--;
        return true;
      }
      return false;
    }
  }

  /** Counts of one stretch of a run. */
  record Stretch(int accepted, int refused, double seconds) {
    double acceptedPerSecond() {
      return accepted / seconds;
    }

    double refusedShare() {
      return refused / (double) (accepted + refused);
    }
  }

  /** Sends as fast as the pacer lets one always-waiting queue send, for {@code seconds}. */
  Stretch run(Pacer through, Bucket bucket, double seconds) {
    long end = now[0] + (long) (seconds * SECOND);
    long start = now[0];
    int accepted = 0;
    int refused = 0;
    while (now[0] < end) {
      assertThat(through.awaitTurn(ORIGIN, KEY, 60 * SECOND)).isNotNegative();
      now[0] += 2_000_000; // the request itself
      if (bucket.take(now[0])) {
        accepted++;
        through.accepted(ORIGIN, KEY);
      } else {
        refused++;
        through.refused(ORIGIN, KEY, SECOND); // Retry-After: 1, as a token bucket says
      }
    }
    return new Stretch(accepted, refused, (now[0] - start) / (double) SECOND);
  }

  /**
   * A job that got its slot before another job's 429 asked for a long pause sends after the pause,
   * not inside it: it would only spend another 429 of the customer's quota.
   */
  @Test
  void aSlotHandedOutBeforeALongRetryAfterWaitsForThePause() {
    Pacer[] paced = new Pacer[1];
    boolean[] refusedWhileAsleep = {false};
    paced[0] =
        new Pacer(
            () -> now[0],
            nanos -> {
              if (!refusedWhileAsleep[0]) { // job A meets a 429 saying Retry-After: 30
                refusedWhileAsleep[0] = true;
                now[0] += 2_000_000;
                paced[0].refused(ORIGIN, KEY, 30 * SECOND);
              }
              now[0] += nanos;
            });
    paced[0].refused(ORIGIN, KEY, 0); // paced from here, about 1/s
    now[0] += 2 * SECOND; // past the turn the refused request spent
    assertThat(paced[0].awaitTurn(ORIGIN, KEY, 60 * SECOND)).as("job A: at once").isZero();

    long before = now[0];
    long waited = paced[0].awaitTurn(ORIGIN, KEY, 60 * SECOND); // job B, slot about 1 s away

    assertThat(refusedWhileAsleep[0]).isTrue();
    assertThat(waited).isEqualTo(now[0] - before);
    assertThat(now[0] - before)
        .as("not before the 30 s pause, less its one-second rounding")
        .isGreaterThanOrEqualTo(29 * SECOND);
    assertThat(paced[0].awaitTurn(ORIGIN, KEY, 0))
        .as("a job that cannot wait learns how far its turn is")
        .isNegative();
  }

  @Test
  void nothingIsPacedBeforeTheFirst429() {
    for (int i = 0; i < 1_000; i++) {
      assertThat(pacer.awaitTurn(ORIGIN, KEY, 0)).isZero();
      pacer.accepted(ORIGIN, KEY);
      now[0] += 1_000_000;
    }
    assertThat(pacer.rate(ORIGIN, KEY)).isZero();
    assertThat(pacer.pacedKeys()).isZero();
  }

  @Test
  void theFirst429StartsPacingJustBelowWhatWasAcceptedInTheLastSecond() {
    for (int i = 0; i < 50; i++) { // 50 accepted within the last second
      pacer.accepted(ORIGIN, KEY);
      now[0] += 10_000_000;
    }
    pacer.refused(ORIGIN, KEY, 0);

    assertThat(pacer.rate(ORIGIN, KEY)).isBetween(42.0, 48.0);
    long first = now[0] + pacer.awaitTurn(ORIGIN, KEY, SECOND);
    long second = now[0] + pacer.awaitTurn(ORIGIN, KEY, SECOND);
    assertThat(second - first).as("slots 1/rate apart").isBetween(SECOND / 48, SECOND / 42 + 1);
    assertThat(pacer.rate("https://other.example", KEY)).as("another origin is not paced").isZero();
    assertThat(pacer.rate(ORIGIN, KEY + "x")).as("another key is not paced").isZero();
  }

  @Test
  void findsTheLimitWithFewRefusals() {
    Bucket wasend = new Bucket(50, 50, now[0]);
    Stretch warmUp = run(pacer, wasend, 5);
    Stretch steady = run(pacer, wasend, 20);

    assertThat(warmUp.accepted() + steady.accepted())
        .as("the whole run, vs the ideal 50/s plus the burst")
        .isGreaterThan((int) (0.93 * (25 * 50 + 50)));
    assertThat(steady.acceptedPerSecond()).isBetween(46.0, 52.0);
    assertThat(steady.refusedShare()).isLessThan(0.02);
  }

  @Test
  void followsTheLimitDownAndUpAndReturnsToFullSpeed() {
    Bucket wasend = new Bucket(50, 50, now[0]);
    run(pacer, wasend, 10);

    wasend.perSecond = 20;
    Stretch falling = run(pacer, wasend, 3);
    Stretch low = run(pacer, wasend, 20);
    assertThat(falling.refused()).as("429s while finding the lower limit").isLessThan(30);
    assertThat(low.acceptedPerSecond()).isBetween(18.0, 20.5);
    assertThat(low.refusedShare()).isLessThan(0.03);
    assertThat(pacer.rate(ORIGIN, KEY)).as("probing above it now and then").isBetween(16.0, 25.0);

    wasend.perSecond = 50;
    run(pacer, wasend, 10);
    Stretch high = run(pacer, wasend, 20);
    assertThat(high.acceptedPerSecond()).as("found again within 10 s").isBetween(45.0, 50.5);

    // the bulk is over: a request now and then, far below the limit, and no 429
    for (int i = 0; i < 30; i++) {
      now[0] += SECOND;
      assertThat(pacer.awaitTurn(ORIGIN, KEY, 0)).isZero();
      pacer.accepted(ORIGIN, KEY);
    }
    assertThat(pacer.rate(ORIGIN, KEY)).as("full speed again").isZero();
    assertThat(pacer.pacedKeys()).isZero();
  }

  @Test
  void twoRuntimesFindTheirSharesFromTheirOwn429s() {
    Pacer other = new Pacer(() -> now[0], nanos -> now[0] += nanos);
    Bucket wasend = new Bucket(50, 50, now[0]);
    int accepted = 0;
    int refused = 0;
    long start = now[0];
    // the two runtimes take turns in 50 ms slices, each with an always-waiting queue
    for (int slice = 0; slice < 600; slice++) {
      Stretch s = run(slice % 2 == 0 ? pacer : other, wasend, 0.05);
      if (now[0] - start > 5 * SECOND) {
        accepted += s.accepted();
        refused += s.refused();
      }
    }
    double seconds = (now[0] - start) / (double) SECOND - 5;
    assertThat(accepted / seconds).isGreaterThan(0.85 * 50);
    assertThat(refused / (double) (accepted + refused)).isLessThan(0.05);
  }

  @Test
  void aLongRetryAfterPausesTheKeyAndAJobNeverWaitsBeyondItsLimit() {
    pacer.refused(ORIGIN, KEY, Duration.ofSeconds(30).toNanos());

    long before = now[0];
    assertThat(pacer.awaitTurn(ORIGIN, KEY, 10 * SECOND))
        .as("the turn is 29 s away: no wait at all")
        .isEqualTo(-29 * SECOND);
    assertThat(now[0]).isEqualTo(before);
    long waited = pacer.awaitTurn(ORIGIN, KEY, 60 * SECOND);
    assertThat(waited)
        .as("Retry-After in whole seconds may be a second early")
        .isEqualTo(29 * SECOND);
  }

  /**
   * A runtime that starts while another one uses the key meets a 429 first, with nothing accepted
   * before it: its active jobs must all get a turn within the hold, not fail on a predicted turn.
   */
  @Test
  void aFirst429WithNothingAcceptedBeforeStillGivesEveryActiveJobATurn() {
    pacer.refused(ORIGIN, KEY, 0);
    long hold = 60 * KeyPace.SECOND;
    for (int job = 0; job < 32; job++) {
      long before = now[0];
      long waited = pacer.awaitTurn(ORIGIN, KEY, hold - (now[0] - before));
      assertThat(waited).as("job %d got a turn", job).isGreaterThanOrEqualTo(0);
    }
    assertThat(pacer.rate(ORIGIN, KEY)).isGreaterThanOrEqualTo(KeyPace.COLD_START_RATE * 0.9);
  }

  /** A hold of zero (allowed by the property) still paces: a turn is taken, not skipped. */
  @Test
  void aZeroHoldNeverSendsOutsideATurn() {
    pacer.refused(ORIGIN, KEY, 0);
    long gap = -pacer.awaitTurn(ORIGIN, KEY, -5);
    assertThat(gap)
        .as("the refused request spent a turn: the next is a paced gap later")
        .isPositive();
    now[0] += gap;
    assertThat(pacer.awaitTurn(ORIGIN, KEY, -5)).as("its turn").isZero();
    assertThat(pacer.awaitTurn(ORIGIN, KEY, -5)).as("the next one is later: refused").isNegative();
  }

  /** Many threads meeting first 429s for many keys at once: the bound holds, nothing throws. */
  @Test
  void theBoundHoldsUnderConcurrentFirst429s() throws Exception {
    Pacer shared = new Pacer();
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(
            threads.submit(
                () -> {
                  for (int k = 0; k < 200; k++) {
                    shared.refused(ORIGIN, "key-" + thread + "-" + k, 0);
                  }
                }));
      }
      for (var future : done) {
        future.get();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(shared.pacedKeys()).isLessThanOrEqualTo(256);
  }

  @Test
  void aQuietMomentOfTheServiceAtMostHalvesThePace() {
    for (int i = 0; i < 40; i++) {
      pacer.accepted(ORIGIN, KEY);
      now[0] += 25_000_000;
    }
    pacer.refused(ORIGIN, KEY, 0);
    double before = pacer.rate(ORIGIN, KEY);
    now[0] += SECOND / 2;
    pacer.refused(ORIGIN, KEY, 0); // nothing accepted since the last cut
    assertThat(pacer.rate(ORIGIN, KEY)).isEqualTo(before / 2);
  }

  @Test
  void memoryIsBoundedAndKeysAreKnownOnlyByTheirDigest() throws Exception {
    for (int i = 0; i < 1_000; i++) {
      pacer.refused(ORIGIN, KEY + i, 0);
    }
    assertThat(pacer.pacedKeys()).as("README: at most 256 origin/key pairs").isEqualTo(256);

    String identity = Pacer.identity(ORIGIN, KEY);
    assertThat(identity).startsWith(ORIGIN + " ").doesNotContain(KEY).doesNotContain("wsk_");
    assertThat(Pacer.identity(ORIGIN, KEY)).isEqualTo(identity);
    assertThat(Pacer.identity("https://other.example", KEY)).isNotEqualTo(identity);
    Field paces = Pacer.class.getDeclaredField("paces");
    paces.setAccessible(true);
    assertThat(paces.get(pacer).toString()).doesNotContain(KEY);
  }
}
