package dev.wasend.connector.invitelink.bench;

import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A connector function that records how long each execution took (waiting included). */
final class Timed implements OutboundConnectorFunction {

  private final OutboundConnectorFunction function;
  private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();

  Timed(OutboundConnectorFunction function) {
    this.function = function;
  }

  @Override
  public Object execute(OutboundConnectorContext context) throws Exception {
    long start = System.nanoTime();
    try {
      return function.execute(context);
    } finally {
      nanos.add(System.nanoTime() - start);
    }
  }

  /** {p50, p99, max} in milliseconds over every execution so far. */
  static double[] percentiles(Iterable<Timed> functions) {
    long[] all = new long[0];
    for (Timed timed : functions) {
      long[] these = timed.nanos.stream().mapToLong(Long::longValue).toArray();
      long[] merged = Arrays.copyOf(all, all.length + these.length);
      System.arraycopy(these, 0, merged, all.length, these.length);
      all = merged;
    }
    if (all.length == 0) {
      return new double[] {0, 0, 0};
    }
    Arrays.sort(all);
    return new double[] {
      all[all.length / 2] / 1e6,
      all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)] / 1e6,
      all[all.length - 1] / 1e6
    };
  }
}
