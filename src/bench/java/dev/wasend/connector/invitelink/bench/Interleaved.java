package dev.wasend.connector.invitelink.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * All paths in one loop, in a shuffled order each round, so that every path sees the same machine
 * state: loopback round trips drift by a factor of two minute to minute, which makes ratios of
 * separate runs unreliable. Each round runs every path for a batch of calls, timing each call and
 * counting the bytes all threads allocated during the batch (so the HTTP clients' selector threads
 * count too) and the threads started during it (on JDKs before 25 with 2 CPUs or fewer, each {@code
 * sendAsync} completes through a new thread, until JDK-8319447 changed that in JDK 25).
 */
final class Interleaved {

  static final class Stats {
    final String name;
    long[] nanos = new long[1 << 16];
    int count;
    long allocated;
    long threadsStarted;
    long warmupCalls;

    Stats(String name) {
      this.name = name;
    }

    void add(long value) {
      if (count == nanos.length) {
        nanos = Arrays.copyOf(nanos, count * 2);
      }
      nanos[count++] = value;
    }

    double meanMs() {
      long sum = 0;
      for (int i = 0; i < count; i++) {
        sum += nanos[i];
      }
      return sum / 1e6 / count;
    }

    double percentileMs(double p) {
      long[] sorted = Arrays.copyOf(nanos, count);
      Arrays.sort(sorted);
      return sorted[Math.min(count - 1, (int) Math.ceil(p * count) - 1)] / 1e6;
    }

    double kbPerCall() {
      return allocated / 1024.0 / count;
    }

    double threadsPer1000Calls() {
      return threadsStarted * 1000.0 / count;
    }
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Runs the loop; keys are "scheme/path". */
  static Map<String, Stats> run(
      List<Paths> all, long warmupSeconds, long warmupCallsPerPath, int rounds, int batch)
      throws Exception {
    List<Map.Entry<String, Paths.Op>> ops = new ArrayList<>();
    Map<String, Stats> stats = new LinkedHashMap<>();
    for (Paths paths : all) {
      for (Map.Entry<String, Paths.Op> op : paths.ops.entrySet()) {
        String key = paths.scheme + "/" + op.getKey();
        ops.add(Map.entry(key, op.getValue()));
        stats.put(key, new Stats(key));
      }
    }
    Random random = new Random(42);
    // Warm-up: each path on its own until it has run warmupCallsPerPath calls or warmupSeconds
    // passed, whichever comes first, then two interleaved rounds.
    Collections.shuffle(ops, random);
    for (Map.Entry<String, Paths.Op> op : ops) {
      long end = System.nanoTime() + warmupSeconds * 1_000_000_000L;
      Stats s = stats.get(op.getKey());
      while (s.warmupCalls < warmupCallsPerPath && System.nanoTime() < end) {
        op.getValue().run();
        s.warmupCalls++;
      }
    }
    System.gc();
    for (int round = 0; round < rounds; round++) {
      Collections.shuffle(ops, random);
      for (Map.Entry<String, Paths.Op> op : ops) {
        Stats s = stats.get(op.getKey());
        Paths.Op run = op.getValue();
        long allocatedBefore = THREADS.getTotalThreadAllocatedBytes();
        long startedBefore = THREADS.getTotalStartedThreadCount();
        for (int i = 0; i < batch; i++) {
          long start = System.nanoTime();
          run.run();
          s.add(System.nanoTime() - start);
        }
        s.allocated += THREADS.getTotalThreadAllocatedBytes() - allocatedBefore;
        s.threadsStarted += THREADS.getTotalStartedThreadCount() - startedBefore;
      }
    }
    return stats;
  }

  static String table(Map<String, Stats> stats) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| path | calls | warm-up calls | mean ms | p50 ms | p99 ms | KB/call | threads started per 1000 calls |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Stats s : stats.values()) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %.3f | %.3f | %.3f | %.1f | %.0f |%n",
              s.name,
              s.count,
              s.warmupCalls,
              s.meanMs(),
              s.percentileMs(0.50),
              s.percentileMs(0.99),
              s.kbPerCall(),
              s.threadsPer1000Calls()));
    }
    for (String scheme : List.of("http", "https")) {
      Stats floor = stats.get(scheme + "/floor");
      if (floor == null) {
        continue;
      }
      Stats execute = stats.get(scheme + "/execute");
      Stats ours = stats.get(scheme + "/ours");
      Stats rest = stats.get(scheme + "/rest");
      Stats noop = stats.get(scheme + "/noop");
      out.append(String.format(Locale.ROOT, "%n%s ratios (p50 | mean | allocation):%n", scheme));
      out.append(ratio("execute/floor (2/1)", execute, floor));
      out.append(ratio("ours/floor (3/1)", ours, floor));
      out.append(ratio("rest/ours (4/3)", rest, ours));
      out.append(ratio("oursNoExpr/floor", stats.get(scheme + "/oursNoExpr"), floor));
      double oursShareP50 =
          ours.percentileMs(0.5) - floor.percentileMs(0.5) - noop.percentileMs(0.5);
      double restShareP50 =
          rest.percentileMs(0.5) - floor.percentileMs(0.5) - noop.percentileMs(0.5);
      double oursShareMean = ours.meanMs() - floor.meanMs() - noop.meanMs();
      double restShareMean = rest.meanMs() - floor.meanMs() - noop.meanMs();
      double oursShareKb = ours.kbPerCall() - floor.kbPerCall() - noop.kbPerCall();
      double restShareKb = rest.kbPerCall() - floor.kbPerCall() - noop.kbPerCall();
      out.append(
          String.format(
              Locale.ROOT,
              "  own share (path - floor - noop): ours p50 %.3f ms, mean %.3f ms, %.1f KB; rest p50 %.3f ms, mean %.3f ms, %.1f KB; ours/rest p50 %.2f, mean %.2f%n",
              oursShareP50,
              oursShareMean,
              oursShareKb,
              restShareP50,
              restShareMean,
              restShareKb,
              oursShareP50 / restShareP50,
              oursShareMean / restShareMean));
      out.append(
          String.format(
              Locale.ROOT,
              "  result expression cost: ours - oursNoExpr p50 %.3f ms, %.1f KB; noop - noopNoExpr p50 %.3f ms, %.1f KB%n",
              ours.percentileMs(0.5) - stats.get(scheme + "/oursNoExpr").percentileMs(0.5),
              ours.kbPerCall() - stats.get(scheme + "/oursNoExpr").kbPerCall(),
              noop.percentileMs(0.5) - stats.get(scheme + "/noopNoExpr").percentileMs(0.5),
              noop.kbPerCall() - stats.get(scheme + "/noopNoExpr").kbPerCall()));
    }
    return out.toString();
  }

  private static String ratio(String label, Stats a, Stats b) {
    return String.format(
        Locale.ROOT,
        "  %-22s %.2f | %.2f | %.2f%n",
        label,
        a.percentileMs(0.5) / b.percentileMs(0.5),
        a.meanMs() / b.meanMs(),
        a.kbPerCall() / b.kbPerCall());
  }
}
