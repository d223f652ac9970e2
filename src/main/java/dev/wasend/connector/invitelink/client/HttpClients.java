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
 * timeout, but at most {@link #CAPACITY}: the least recently used one is shut down (its requests
 * in flight still complete) when another is needed. Tasks that keep the default share one client,
 * its connection pool and its selector thread.
 */
final class HttpClients {

  static final int CAPACITY = 4;

  private final SSLContext sslContext;
  private final ProxySelector proxySelector;
  private final Map<Integer, HttpClient> byConnectTimeout =
      new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, HttpClient> eldest) {
          if (size() > CAPACITY) {
            eldest.getValue().shutdown();
            return true;
          }
          return false;
        }
      };

  /**
   * @param sslContext whom to trust over TLS; null for the JDK's default trust store
   */
  HttpClients(SSLContext sslContext, ProxySelector proxySelector) {
    this.sslContext = sslContext;
    this.proxySelector = proxySelector;
  }

  synchronized HttpClient forConnectTimeout(int seconds) {
    return byConnectTimeout.computeIfAbsent(seconds, this::newClient);
  }

  synchronized int size() {
    return byConnectTimeout.size();
  }

  /**
   * Never follows a redirect (the key must not travel to another host). HTTP/1.1 on pooled
   * keep-alive connections. The client's own executor runs the exchange, name resolution
   * included, so the caller's deadline bounds all of it.
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
