package dev.wasend.connector.invitelink.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * JMH over {@link PathsBenchmark}, one fork per benchmark and scheme, with the GC profiler
 * (allocation per call, all threads). Warm-up: 2 x 5 s (quick: 1 x 3 s), which is 10-100 thousand
 * jobs per handler path; measurement: 3 x 2 s (quick: 2 x 1 s).
 */
final class JmhRun {

  static String run(ServerProcess server, boolean quick) throws Exception {
    List<String> jvmArgs = new ArrayList<>(List.of(server.trustArgs()));
    jvmArgs.add("-Xshare:auto");
    String filter = System.getProperty("bench.jmh.include", PathsBenchmark.class.getName());
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(filter)
            .forks(1)
            .warmupIterations(quick ? 1 : 2)
            .warmupTime(TimeValue.seconds(quick ? 3 : 5))
            .measurementIterations(quick ? 2 : 3)
            .measurementTime(TimeValue.seconds(quick ? 1 : 2))
            .addProfiler(GCProfiler.class)
            .jvmArgsAppend(jvmArgs.toArray(String[]::new));
    String before = Machine.load();
    Collection<RunResult> results = new Runner(options.build()).run();
    StringBuilder out = new StringBuilder();
    out.append("JMH (SampleTime, 1 fork each); before: ")
        .append(before)
        .append("; after: ")
        .append(Machine.load())
        .append('\n');
    out.append(
        "| benchmark | scheme | samples | mean ms | p50 ms | p99 ms | KB/op |\n|---|---|---:|---:|---:|---:|---:|\n");
    for (RunResult result : results) {
      var primary = result.getPrimaryResult();
      var statistics = primary.getStatistics();
      Result<?> alloc = result.getSecondaryResults().get("·gc.alloc.rate.norm");
      if (alloc == null) {
        alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
      }
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %.3f | %.3f | %.3f | %.1f |%n",
              result.getParams().getBenchmark().replaceAll(".*\\.", ""),
              result.getParams().getParam("scheme"),
              statistics.getN(),
              statistics.getMean(),
              statistics.getPercentile(50),
              statistics.getPercentile(99),
              alloc == null ? Double.NaN : alloc.getScore() / 1024.0));
    }
    System.out.println(out);
    return out.toString();
  }
}
