package dev.wasend.connector.invitelink.client;

import dev.wasend.connector.invitelink.model.BaseUrl;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;

/**
 * Decides which proxy a request goes through, so that no proxy ever sees the API key in clear.
 *
 * <p>Plain http (which the connector allows for loopback hosts only) and every loopback host, in
 * any spelling, go direct: the JVM's {@code http.nonProxyHosts} default does not cover spellings
 * such as {@code [0:0:0:0:0:0:0:1]}, and a proxy would read the {@code Authorization} header. An
 * https request to any other host follows the JVM's proxy settings: through a proxy it travels as a
 * CONNECT tunnel, so the proxy sees the host name, never the request.
 */
final class LoopbackDirectProxySelector extends ProxySelector {

  private static final List<Proxy> DIRECT = List.of(Proxy.NO_PROXY);

  private final ProxySelector jvmSettings;

  /**
   * @param jvmSettings where https to other hosts goes; null for always direct
   */
  LoopbackDirectProxySelector(ProxySelector jvmSettings) {
    this.jvmSettings = jvmSettings;
  }

  @Override
  public List<Proxy> select(URI uri) {
    boolean tunnelled = "https".equalsIgnoreCase(uri.getScheme());
    if (!tunnelled || uri.getHost() == null || BaseUrl.isLoopbackHost(uri.getHost())) {
      return DIRECT;
    }
    return jvmSettings == null ? DIRECT : jvmSettings.select(uri);
  }

  @Override
  public void connectFailed(URI uri, SocketAddress proxy, IOException failure) {
    if (jvmSettings != null) {
      jvmSettings.connectFailed(uri, proxy, failure);
    }
  }
}
