package dev.wasend.connector.invitelink.harness;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A name resolver for the test JVM (registered through META-INF/services): {@value #SLOW_HOST}
 * takes {@link #DELAY} to resolve, like a DNS server that does not answer; {@value #MISSING_HOST}
 * does not exist, as a DNS server answers at once; every other name goes to the JDK's own resolver.
 */
public final class SlowTestResolver extends InetAddressResolverProvider {

  public static final String SLOW_HOST = "slow-dns.wasend.test";
  public static final Duration DELAY = Duration.ofSeconds(8);
  public static final String MISSING_HOST = "no-such-host.wasend.test";

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

  @Override
  public String name() {
    return "slow-test-resolver";
  }
}
