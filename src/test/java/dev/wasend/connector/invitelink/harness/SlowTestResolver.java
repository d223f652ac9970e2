package dev.wasend.connector.invitelink.harness;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A name resolver for the test JVM (registered through META-INF/services): {@value #SLOW_HOST}
 * takes {@link #DELAY} to resolve, like a DNS server that does not answer; a name from {@link
 * #nextLateName()} resolves to the loopback address after {@link #LATE_DELAY} even when the lookup
 * is interrupted, like the system's native lookup, which an interrupt does not end but leaves
 * pending for the caller; {@value #MISSING_HOST} does not exist, as a DNS server answers at once;
 * every other name goes to the JDK's own resolver.
 */
public final class SlowTestResolver extends InetAddressResolverProvider {

  public static final String SLOW_HOST = "slow-dns.wasend.test";
  public static final Duration DELAY = Duration.ofSeconds(8);
  public static final String MISSING_HOST = "no-such-host.wasend.test";
  public static final Duration LATE_DELAY = Duration.ofSeconds(2);

  private static final String LATE_DOMAIN = ".late-dns.wasend.test";
  private static final AtomicInteger LATE_NAMES = new AtomicInteger();
  private static final Map<String, CountDownLatch> LATE_ANSWERS = new ConcurrentHashMap<>();

  /** A late name, and a latch that opens once it has been resolved. */
  public record LateName(String host, CountDownLatch resolved) {}

  /** A name never asked before: the JVM caches what a name resolved to. */
  public static LateName nextLateName() {
    String host = "n" + LATE_NAMES.incrementAndGet() + LATE_DOMAIN;
    CountDownLatch resolved = new CountDownLatch(1);
    LATE_ANSWERS.put(host, resolved);
    return new LateName(host, resolved);
  }

  @Override
  public InetAddressResolver get(Configuration configuration) {
    InetAddressResolver builtin = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy policy)
          throws UnknownHostException {
        if (host.equalsIgnoreCase(MISSING_HOST)) {
          throw new UnknownHostException(host);
        }
        CountDownLatch late = LATE_ANSWERS.get(host.toLowerCase(Locale.ROOT));
        if (late != null) {
          sleepUninterruptibly(LATE_DELAY);
          late.countDown();
          return Stream.of(InetAddress.getLoopbackAddress());
        }
        if (!host.equalsIgnoreCase(SLOW_HOST)) {
          return builtin.lookupByName(host, policy);
        }
        try {
          Thread.sleep(DELAY);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new UnknownHostException(host);
      }

      @Override
      public String lookupByAddress(byte[] address) throws UnknownHostException {
        return builtin.lookupByAddress(address);
      }
    };
  }

  /**
   * Sleeps the whole delay whatever interrupts it, and keeps the interrupt for the caller, as a
   * native lookup does: the kindest case for a design that cancels by interrupt, so a test that
   * such a design fails with this resolver does not rest on a resolver that hides interrupts.
   */
  private static void sleepUninterruptibly(Duration delay) {
    long end = System.nanoTime() + delay.toNanos();
    boolean interrupted = false;
    for (long left = delay.toNanos(); left > 0; left = end - System.nanoTime()) {
      try {
        Thread.sleep(Duration.ofNanos(left));
      } catch (InterruptedException e) {
        interrupted = true; // the lookup goes on; the caller sees the interrupt once it returns
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String name() {
    return "slow-test-resolver";
  }
}
