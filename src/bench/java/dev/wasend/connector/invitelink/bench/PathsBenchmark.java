package dev.wasend.connector.invitelink.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The paths of {@link Paths} as JMH benchmarks (sample time: mean and percentiles per call). The
 * server runs in its own JVM; its ports and trust store come as system properties from {@link
 * JmhRun}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PathsBenchmark {

  @Param({"http", "https"})
  public String scheme;

  private Paths.Op floor;
  private Paths.Op execute;
  private Paths.Op ours;
  private Paths.Op oursNoExpr;
  private Paths.Op rest;
  private Paths.Op noop;
  private Paths.Op noopNoExpr;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    int port = Integer.getInteger("bench." + scheme + "Port");
    Paths paths = new Paths(scheme, port);
    floor = paths.ops.get("floor");
    execute = paths.ops.get("execute");
    ours = paths.ops.get("ours");
    oursNoExpr = paths.ops.get("oursNoExpr");
    rest = paths.ops.get("rest");
    noop = paths.ops.get("noop");
    noopNoExpr = paths.ops.get("noopNoExpr");
  }

  @Benchmark
  public void p1_floor() throws Exception {
    floor.run();
  }

  @Benchmark
  public void p2_execute() throws Exception {
    execute.run();
  }

  @Benchmark
  public void p3_ours() throws Exception {
    ours.run();
  }

  @Benchmark
  public void p3_oursNoExpr() throws Exception {
    oursNoExpr.run();
  }

  @Benchmark
  public void p4_rest() throws Exception {
    rest.run();
  }

  @Benchmark
  public void p5_noop() throws Exception {
    noop.run();
  }

  @Benchmark
  public void p5_noopNoExpr() throws Exception {
    noopNoExpr.run();
  }
}
