package dev.wasend.connector.invitelink.client;

import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The JDK HTTP clients of one connector instance. The JDK sets the connect timeout per client, and
 * the task's connect timeout may differ per job (it takes FEEL), so there is one client per
 * timeout, but at most {@link #CAPACITY}: the least recently used one is dropped when another is
 * needed, and shut down once its last request has ended. Tasks that keep the default share one
 * client, its connection pool and its selector thread.
 */
final class HttpClients {

  static final int CAPACITY = 4;

  private final SSLContext sslContext;
  private final ProxySelector proxySelector;
  private final Map<Integer, Lease> byConnectTimeout =
      new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Lease> eldest) {
          if (size() <= CAPACITY) {
            return false;
          }
          eldest.getValue().retire();
          return true;
        }
      };

  /**
   * @param sslContext whom to trust over TLS; null for the JDK's default trust store
   */
  HttpClients(SSLContext sslContext, ProxySelector proxySelector) {
    this.sslContext = sslContext;
    this.proxySelector = proxySelector;
  }

  /** The client for this connect timeout, held until the lease is closed. */
  synchronized Lease lease(int connectTimeoutSeconds) {
    Lease lease =
        byConnectTimeout.computeIfAbsent(
            connectTimeoutSeconds, seconds -> new Lease(newClient(seconds)));
    lease.inFlight++;
    return lease;
  }

  /**
   * Replaces a lease's client for the next requests, and shuts it down once its last request has
   * ended, which closes every connection it still has open.
   */
  synchronized void replace(Lease lease) {
    byConnectTimeout.values().remove(lease);
    lease.retire();
  }

  /** One client and the requests on it; closing it ends one request. */
  final class Lease implements AutoCloseable {
    private final HttpClient client;
    private int inFlight;
    private boolean retired;

    private Lease(HttpClient client) {
      this.client = client;
    }

    HttpClient client() {
      return client;
    }

    @Override
    public void close() {
      synchronized (HttpClients.this) {
        inFlight--;
        shutDownWhenIdleAndRetired();
      }
    }

    private void retire() {
      retired = true;
      shutDownWhenIdleAndRetired();
    }

    private void shutDownWhenIdleAndRetired() {
      if (retired && inFlight == 0) {
        client.shutdown();
      }
    }
  }

  /**
   * Never follows a redirect (the key must not travel to another host). HTTP/1.1 on pooled
   * keep-alive connections. The client's own executor runs the exchange, name resolution included,
   * so the caller's deadline bounds all of it.
   */
  private HttpClient newClient(int connectTimeoutSeconds) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(connectTimeoutSeconds))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(proxySelector);
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    return builder.build();
  }
}
