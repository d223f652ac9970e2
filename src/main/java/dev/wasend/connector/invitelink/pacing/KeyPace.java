package dev.wasend.connector.invitelink.pacing;

/**
 * What one runtime has learned about Wasend's rate limit for one origin and API key, and the send
 * slots it hands out. Times are {@link System#nanoTime()} values passed in, so tests drive it with
 * a fake clock, and are compared only by their differences, as {@code nanoTime} values must be.
 *
 * <ul>
 *   <li>Slots: one every {@code 1 / rate} seconds, in the order asked (a virtual schedule, no queue
 *       object), never before a pause that a long {@code Retry-After} asked for, also when the
 *       pause came after the slot was handed out ({@link Pacer#awaitTurn} asks again). A refused
 *       request spent its slot: the next one is a gap after the 429.
 *   <li>Down: on a 429, to 95 % of the rate the service accepted since the last cut (while it
 *       refuses, what it accepts is its limit), at most 90 % and at least 50 % of the current pace.
 *       Answers within {@link #HOLDOFF} of a cut belong to requests sent before it and cut nothing.
 *   <li>Up: each second without a 429 or a pause while jobs waited for slots (until the last slot
 *       handed out), halfway back to the last measured limit, then probing beyond it by 2, 4, 8,
 *       16, 32 % per second, so a limit that rose is found within seconds.
 *   <li>Full speed: after {@link #CALM} without a 429 and without a job waiting, once any pause has
 *       ended, the caller drops this state (see {@link Pacer}); a 429 that meets it afterwards
 *       starts a new one.
 * </ul>
 *
 * <p>Fixed size: eleven 100 ms buckets of accepted answers, a few numbers. Thread-safe.
 */
final class KeyPace {

  static final long SECOND = 1_000_000_000L;
  static final long BUCKET = SECOND / 10;

  /** 1.0-1.1 s of history: the oldest of these buckets began at least a second ago. */
  static final int BUCKETS = 11;

  static final long HOLDOFF = 300_000_000L;
  static final long CALM = 10 * SECOND;

  /** One request per 20 s: slower than that, a job rather fails and lets the engine retry. */
  static final double MIN_RATE = 0.05;

  /**
   * Where a pace starts when this runtime saw nothing accepted just before the first 429 (it has
   * just started, while another runtime uses the key): slow enough to cost few 429s, fast enough
   * that a runtime's active jobs all get a turn within the hold; it rises from there.
   */
  static final double COLD_START_RATE = 1.0;

  /**
   * The first time this state saw: buckets are counted from it, so that times compare only by their
   * differences ({@code nanoTime} may be negative, and may wrap).
   */
  private final long epoch;

  private final long[] accepted = new long[BUCKETS];
  private long newestBucket;

  /** The latest time any caller passed in: a caller that read the clock earlier may come later. */
  private long newestTime;

  private double rate;
  private double ceiling;
  private int probes;
  private long nextSlot;
  private long pausedUntil;
  private long last429;
  private long lastCut;
  private long lastRaise;

  /** Until when jobs wait for slots handed out: the demand that lets the pace rise. */
  private long lastWait;

  /** No longer the key's pace: see {@link #drop}. */
  private boolean dropped;

  /** A counter only (the runtime-wide accepted rate); {@link #start} turns it into a pace. */
  KeyPace(long now) {
    epoch = now;
    newestTime = now;
    pausedUntil = now;
    nextSlot = now;
    newestBucket = 0;
    lastCut = now - 2 * CALM;
    last429 = lastCut;
    lastWait = lastCut;
    lastRaise = lastCut;
  }

  /** Starts pacing at the first 429, at what {@code counter} saw accepted in the last second. */
  synchronized void start(long now, KeyPace counter) {
    rate = Math.max(COLD_START_RATE, counter.acceptedRate(now, now - 2 * SECOND));
    ceiling = rate;
    rate *= 0.95;
    lastCut = now;
    last429 = now;
    lastRaise = now;
    nextSlot = now;
  }

  /**
   * Reserves the next slot.
   *
   * @return how long until the slot; or, reserving nothing, minus that when it is more than {@code
   *     maxWait}
   */
  synchronized long reserve(long now, long maxWait) {
    long slot = now + Math.max(0, Math.max(nextSlot - now, pausedUntil - now));
    if (slot - now > Math.max(0, maxWait)) {
      lastWait = later(lastWait, now); // a job that could not wait long enough is demand too
      return now - slot;
    }
    nextSlot = slot + (long) (SECOND / rate);
    if (slot - now > 0) {
      lastWait = later(lastWait, slot); // the job waits, and is demand, until its slot
    }
    return slot - now;
  }

  /**
   * Counts an answer that was not a 429, and raises the pace when it is due.
   *
   * @return true when pacing is no longer needed
   */
  synchronized boolean accepted(long now) {
    bucketFor(now);
    accepted[(int) Math.floorMod(newestBucket, (long) BUCKETS)]++;
    // quiet: no 429, no raise and no pause since then; jobs queued behind a pause are no reason
    // to count the pause as seconds without a 429
    long quietSince = later(later(lastRaise, last429), pausedUntil);
    if (rate > 0 && now - lastWait < SECOND && now - quietSince >= SECOND) {
      // one step per quiet second (up to 10), also when answers are rare
      for (long steps = Math.min(10, (now - quietSince) / SECOND); steps > 0; steps--) {
        if (rate < ceiling * 0.97) {
          rate += (ceiling - rate) / 2;
        } else {
          rate *= 1 + 0.02 * (1 << Math.min(probes++, 4));
        }
      }
      lastRaise = now;
    }
    if (now - last429 > CALM && now - lastWait > CALM && pausedUntil - now <= 0) {
      dropped = true;
    }
    return dropped;
  }

  /**
   * Marks this pace as no longer the key's (calm, or evicted at the bound): a 429 that meets it
   * afterwards must start a new one, or its pause would be lost.
   */
  synchronized void drop() {
    dropped = true;
  }

  synchronized boolean isDropped() {
    return dropped;
  }

  /** How long nothing has happened here: no 429, no pause, no job waiting. */
  synchronized long idleFor(long now) {
    return now - later(later(last429, lastWait), pausedUntil);
  }

  /**
   * A 429; {@code retryAfter} in nanoseconds, 0 when absent.
   *
   * @return false, counting nothing, when this pace was dropped: the caller starts a new one
   */
  synchronized boolean refused(long now, long retryAfter) {
    if (dropped) {
      return false;
    }
    if (retryAfter > SECOND) {
      // Delta-seconds are whole seconds rounded up, so the service's real wait ends within the
      // last second. Resuming a second early risks one more 429 in that second; waiting the whole
      // of it would stop the key for a second after every 429 of a token bucket, which says
      // "Retry-After: 1" when its next token is milliseconds away (measured: 1.16x instead of
      // 1.01x of the ideal time for 1 000 groups at 30/s, docs/performance.md).
      pausedUntil = later(pausedUntil, now + retryAfter - SECOND);
    }
    last429 = later(last429, now);
    probes = 0;
    if (now - lastCut >= HOLDOFF) {
      double measured = acceptedRate(now, lastCut);
      // at most halved per cut: one quiet moment of the service must not stop the key for minutes
      rate = Math.max(MIN_RATE, Math.max(rate * 0.5, Math.min(rate * 0.9, measured * 0.95)));
      ceiling = Math.max(rate, measured);
      lastCut = now;
    }
    // the refused request spent a turn: the next one comes a gap later, not at once
    nextSlot = later(nextSlot, now + (long) (SECOND / rate));
    return true;
  }

  /** True inside a pause that a long {@code Retry-After} asked for. */
  synchronized boolean isPausedAt(long now) {
    return pausedUntil - now > 0;
  }

  synchronized double rate() {
    return rate;
  }

  /** Accepted answers per second since {@code since}, over 0.1-1.1 s of buckets (at least 2). */
  synchronized double acceptedRate(long now, long since) {
    bucketFor(now);
    long buckets =
        Math.clamp(
            Math.floorDiv(now - epoch, BUCKET) - Math.floorDiv(since - epoch, BUCKET) + 1,
            2,
            BUCKETS);
    long count = 0;
    for (long b = newestBucket - buckets + 1; b <= newestBucket; b++) {
      count += accepted[(int) Math.floorMod(b, (long) BUCKETS)];
    }
    long end = later(now, newestTime);
    long oldestStart = epoch + (newestBucket - buckets + 1) * BUCKET;
    double seconds = Math.max(BUCKET, end - oldestStart) / (double) SECOND;
    return count / seconds;
  }

  /** Moves to {@code now}'s bucket, emptying the ones skipped. */
  private void bucketFor(long now) {
    newestTime = later(newestTime, now);
    long bucket = Math.floorDiv(now - epoch, BUCKET);
    for (long b = Math.max(newestBucket + 1, bucket - BUCKETS + 1); b <= bucket; b++) {
      accepted[(int) Math.floorMod(b, (long) BUCKETS)] = 0;
    }
    newestBucket = Math.max(newestBucket, bucket);
  }

  /** The later of two {@code nanoTime} values. */
  private static long later(long a, long b) {
    return a - b >= 0 ? a : b;
  }
}
