package dev.wasend.connector.invitelink.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The pacer's pauses and clock on a fake clock: a pause a 429 asked for holds whatever else happens
 * to the key's state meanwhile, a pace that jobs keep waiting on survives and rises, and {@code
 * nanoTime} values compare only by their differences.
 */
class PacerPausesAndClocksTest {

  static final String ORIGIN = "https://api.wasend.dev";
  static final String KEY = "wsk_pacer_pause_key_51c2";
  static final long SECOND = 1_000_000_000L;

  final long[] now = {7 * SECOND};
  final Pacer pacer = new Pacer(() -> now[0], nanos -> now[0] += nanos);

  /**
   * An answer 10 s after a 429 does not end pacing while the pause that 429 asked for still runs:
   * the next job waits for the rest of the pause.
   */
  @Test
  void aPaceIsNotDroppedWhileItsRetryAfterPauseRuns() {
    pacer.refused(ORIGIN, KEY, 30 * SECOND); // the pause ends 29 s from now
    now[0] += 11 * SECOND;
    pacer.accepted(ORIGIN, KEY); // a slow request sent before the 429 answers now

    long waited = pacer.awaitTurn(ORIGIN, KEY, 60 * SECOND);

    assertThat(waited)
        .as("the next job waits for the rest of the pause (18 s), it does not send inside it")
        .isGreaterThanOrEqualTo(18 * SECOND);
  }

  /** At the bound of 256 keys, the key that makes room is never one inside its pause. */
  @Test
  void theKeyBoundNeverEvictsAKeyInsideItsPause() {
    pacer.refused(ORIGIN, KEY, 120 * SECOND); // a 119 s pause
    for (int i = 0; i < Pacer.MAX_KEYS; i++) {
      now[0] += 1_000_000;
      pacer.refused(ORIGIN, "wsk_other_key_" + i, 0); // first 429s of other keys, no pause
    }

    assertThat(pacer.awaitTurn(ORIGIN, KEY, 0))
        .as("still about 119 s inside the pause: no turn now")
        .isNegative();
  }

  /**
   * A learned pace below one turn per 10 s (a small limit, or one shared by many runtimes) is kept
   * while jobs keep waiting: turns further apart than the calm period are no reason to drop it.
   */
  @Test
  void aSlowLearnedPaceSurvivesASaturatedQueue() {
    pacer.refused(ORIGIN, KEY, 0);
    for (int cut = 0; cut < 4; cut++) { // nothing accepted: every cut halves the pace
      now[0] += SECOND;
      pacer.refused(ORIGIN, KEY, 0);
    }
    double learned = pacer.rate(ORIGIN, KEY);
    assertThat(learned).as("about one request per 17 s").isBetween(0.05, 0.1);

    for (int job = 0; job < 3; job++) { // an always-waiting queue
      assertThat(pacer.awaitTurn(ORIGIN, KEY, 60 * SECOND)).isNotNegative();
      now[0] += 2_000_000;
      pacer.accepted(ORIGIN, KEY);
      assertThat(pacer.rate(ORIGIN, KEY))
          .as("job %d: jobs still wait for turns, so the learned pace is kept", job)
          .isGreaterThan(0.0);
    }
  }

  /**
   * {@code nanoTime} may be negative: times compare only by their differences, so a 429 without
   * {@code Retry-After} puts the next turn a paced gap away, not at time 0.
   */
  @Test
  void aNegativeNanoTimeOriginDoesNotStopTheKey() {
    long[] clock = {-3_600 * SECOND};
    Pacer negative = new Pacer(() -> clock[0], nanos -> clock[0] += nanos);
    negative.refused(ORIGIN, KEY, 0); // a 429 without Retry-After: no pause at all

    assertThat(negative.awaitTurn(ORIGIN, KEY, 60 * SECOND))
        .as("the first paced turn is now, not when nanoTime reaches 0")
        .isBetween(0L, 2 * SECOND);
  }

  /** A pause that ends after {@code nanoTime} wraps still holds. */
  @Test
  void aPauseAcrossTheNanoTimeWrapStillHolds() {
    long[] clock = {Long.MAX_VALUE - 5 * SECOND};
    Pacer wrapping = new Pacer(() -> clock[0], nanos -> clock[0] += nanos);
    wrapping.refused(ORIGIN, KEY, 30 * SECOND); // ends 29 s from now, after the wrap

    assertThat(wrapping.awaitTurn(ORIGIN, KEY, 0)).as("inside the pause: no turn now").isNegative();
  }

  /**
   * A thread that read the clock before another thread's answer was counted cannot make the
   * measured rate infinite: the window ends at the newest time seen and lasts a bucket at least.
   */
  @Test
  void aStaleClockReadingNeverMakesThePaceInfinite() {
    long t0 = 10 * SECOND;
    KeyPace pace = new KeyPace(t0);
    pace.start(t0, new KeyPace(t0)); // cold start, 0.95/s, last cut at 10.0 s
    pace.accepted(t0 + 600_000_000L); // another thread's answer at 10.6 s
    pace.refused(t0 + 300_000_000L, 0); // this thread read the clock at 10.3 s, then got the lock

    pace.reserve(12 * SECOND, 60 * SECOND); // jobs wait: a raise is due
    pace.reserve(12 * SECOND, 60 * SECOND);
    pace.accepted(12 * SECOND + 1);
    pace.refused(13 * SECOND, 0);

    assertThat(Double.isFinite(pace.rate())).as("rate %s", pace.rate()).isTrue();
    long first = pace.reserve(14 * SECOND, 60 * SECOND);
    long second = pace.reserve(14 * SECOND, 60 * SECOND);
    assertThat(second - first).as("slots are spaced").isPositive();
  }

  /**
   * A job asleep on a pace that is evicted at the bound meanwhile looks its key up again when it
   * wakes: a pause that another job's 429 put on the key's new pace holds for it too.
   */
  @Test
  void aSleeperOnAnEvictedPaceSeesThePauseOnTheNewOne() {
    Pacer[] paced = new Pacer[1];
    boolean[] fired = {false};
    long[] pauseEnd = {0};
    paced[0] =
        new Pacer(
            () -> now[0],
            nanos -> {
              if (fired[0]) {
                now[0] += nanos;
                return;
              }
              fired[0] = true;
              long wake = now[0] + nanos;
              for (int i = 0; i < Pacer.MAX_KEYS; i++) { // 256 busier keys: this one makes room
                String other = "wsk_other_key_" + i;
                paced[0].refused(ORIGIN, other, 0);
                KeyPace busy = paced[0].paceOf(ORIGIN, other);
                busy.reserve(now[0], 60 * SECOND);
                busy.reserve(now[0], 60 * SECOND);
              }
              assertThat(paced[0].paceOf(ORIGIN, KEY)).as("evicted").isNull();
              paced[0].refused(ORIGIN, KEY, 60 * SECOND); // another job's 429: a new pace
              pauseEnd[0] = now[0] + 59 * SECOND;
              now[0] = Math.max(now[0], wake);
            });
    paced[0].refused(ORIGIN, KEY, 0);
    long waited = paced[0].awaitTurn(ORIGIN, KEY, 60 * SECOND);
    assertThat(fired[0]).isTrue();
    assertThat(waited < 0 || now[0] >= pauseEnd[0])
        .as("sent at %d s, the pause ends at %d s", now[0] / SECOND, pauseEnd[0] / SECOND)
        .isTrue();
  }

  /** At the bound a key inside its pause stays, even when every other key has jobs waiting. */
  @Test
  void theKeyBoundPrefersKeysOutsideAPause() {
    pacer.refused(ORIGIN, KEY, 3 * SECOND); // a 2 s pause
    for (int i = 0; i < Pacer.MAX_KEYS; i++) {
      String other = "wsk_other_key_" + i;
      pacer.refused(ORIGIN, other, 0);
      KeyPace busy = pacer.paceOf(ORIGIN, other);
      for (int job = 0; job < 4; job++) {
        busy.reserve(now[0], 60 * SECOND); // jobs waiting up to 4 s ahead, no pause
      }
    }
    assertThat(pacer.awaitTurn(ORIGIN, KEY, 0)).as("inside the 2 s pause: no turn").isNegative();
  }

  /**
   * A 429 that meets a pace just as an accepted answer drops it as calm is not lost: it starts the
   * key's new pace, with its pause. The race is made deterministic by holding the pace's lock.
   */
  @Test
  void a429RacingTheCalmDropKeepsItsPause() throws Exception {
    pacer.refused(ORIGIN, KEY, 0);
    now[0] += 11 * SECOND;
    KeyPace calm = pacer.paceOf(ORIGIN, KEY);
    Thread refusing;
    synchronized (calm) {
      refusing = new Thread(() -> pacer.refused(ORIGIN, KEY, 30 * SECOND));
      refusing.start();
      while (refusing.getState() != Thread.State.BLOCKED) { // it holds the pace, not its lock
        Thread.onSpinWait();
      }
      pacer.accepted(ORIGIN, KEY); // calm: the pace is dropped
    }
    refusing.join();
    assertThat(pacer.awaitTurn(ORIGIN, KEY, 0)).as("inside the 29 s pause: no turn").isNegative();
  }

  /**
   * Jobs queued behind a long pause are no reason to count the pause as seconds without a 429: the
   * first answer after it does not raise the pace ten steps at once.
   */
  @Test
  void aLongPauseIsNoQuietTimeForRaisingThePace() {
    for (int i = 0; i < 30; i++) { // 30/s accepted before the first 429
      now[0] += SECOND / 30;
      pacer.accepted(ORIGIN, KEY);
    }
    pacer.refused(ORIGIN, KEY, 0);
    double started = pacer.rate(ORIGIN, KEY);
    now[0] += SECOND / 2;
    pacer.refused(ORIGIN, KEY, 30 * SECOND); // a 29 s pause
    KeyPace pace = pacer.paceOf(ORIGIN, KEY);
    for (int job = 0; job < 10; job++) {
      pace.reserve(now[0], 60 * SECOND); // ten jobs queued behind the pause
    }
    now[0] += 29 * SECOND + 1_000_000;
    pacer.accepted(ORIGIN, KEY); // the first answer after the pause
    assertThat(pacer.rate(ORIGIN, KEY)).as("started at %s", started).isLessThan(started * 1.1);
  }

  /**
   * Jobs count as waiting until the last slot handed out, so a pace below one per second rises
   * while they wait and nothing is refused.
   */
  @Test
  void aPaceBelowOnePerSecondRisesWhileJobsWaitAndNothingIsRefused() {
    pacer.refused(ORIGIN, KEY, 0); // a runtime joining a busy key: cold start, 0.95/s
    long end = now[0] + 20 * SECOND;
    while (now[0] < end) { // an always-waiting queue; the service accepts every request
      assertThat(pacer.awaitTurn(ORIGIN, KEY, 60 * SECOND)).isNotNegative();
      now[0] += 2_000_000;
      pacer.accepted(ORIGIN, KEY);
    }
    assertThat(pacer.rate(ORIGIN, KEY))
        .as("KeyPace: each second without a 429 while jobs waited, the pace rises (20 s)")
        .isGreaterThan(1.5);
  }
}
