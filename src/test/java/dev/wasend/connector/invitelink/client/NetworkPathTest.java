package dev.wasend.connector.invitelink.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.wasend.connector.invitelink.RevokeGroupInviteLinkFunction;
import dev.wasend.connector.invitelink.error.WasendErrorCode;
import dev.wasend.connector.invitelink.error.WasendException;
import dev.wasend.connector.invitelink.harness.LoopbackTls;
import dev.wasend.connector.invitelink.harness.SlowTestResolver;
import dev.wasend.connector.invitelink.model.BaseUrl;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** Where a request goes on its way: name resolution, proxies, the operator's allow-list. */
class NetworkPathTest {

  static final String KEY = "wsk_Zq81xH+yg/iene0Key==";
  static final String CODE = "AbCdEfGhIjKlMnOpQrStUv";

  private HttpServer wasend;
  private final AtomicInteger served = new AtomicInteger();
  private RecordingProxy proxy;

  @BeforeEach
  void start() throws IOException {
    wasend = HttpServer.create(new InetSocketAddress(InetAddress.getByName("::1"), 0), 0);
    wasend.createContext("/", answeringWithCode(served));
    wasend.start();
    proxy = new RecordingProxy();
  }

  /** A gateway that answers every request with {@link #CODE}, counting them. */
  static HttpHandler answeringWithCode(AtomicInteger served) {
    return exchange -> {
      served.incrementAndGet();
      byte[] body = CODE.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    };
  }

  @AfterEach
  void stop() throws IOException {
    wasend.stop(0);
    proxy.close();
  }

  private static RevokeGroupInviteLinkRequest request(String baseUrl, int connect, int read) {
    return new RevokeGroupInviteLinkRequest(
        KEY, "s", "120363012345678901@g.us", baseUrl, null, connect, read);
  }

  /** The read timeout bounds the whole call: a name that takes long to resolve included. */
  @Test
  void theReadTimeoutHoldsWhileTheHostNameResolves() {
    String base = "https://" + SlowTestResolver.SLOW_HOST;
    WasendClient client = WasendClient.builder().allowedBaseUrls(AllowedBaseUrls.of(base)).build();

    long start = System.nanoTime();
    var failure =
        catchThrowableOfType(WasendException.class, () -> client.revoke(request(base, 1, 1)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(failure.code()).isEqualTo(WasendErrorCode.NETWORK_ERROR);
    assertThat(failure.getMessage()).contains("within 1 s");
    assertThat(took).isLessThan(SlowTestResolver.DELAY.dividedBy(2));
  }

  /**
   * README: a call that runs out of its read timeout while the host name resolves never sends its
   * request afterwards. It opens no connection once the name arrives: the job has failed, and the
   * engine's retry must be the only revoke. A design that makes the request on the thread that
   * resolves the name connects as soon as the name arrives: a blocking {@code send} on a thread of
   * its own, cancelled by an interrupt (the lookup goes on, and the connection is opened before
   * {@code send} looks at the interrupt), or {@code sendAsync} on a client with a direct executor.
   */
  @Test
  void aCallThatTimedOutWhileTheNameResolvedNeverConnectsLater() throws Exception {
    SlowTestResolver.LateName late = SlowTestResolver.nextLateName();
    // the recording proxy's port stands in for Wasend's: only whether anything connects matters
    String base = "https://" + late.host() + ":" + proxy.port();
    String warm = "http://[::1]:" + wasend.getAddress().getPort();
    WasendClient client =
        WasendClient.builder().allowedBaseUrls(AllowedBaseUrls.of(base, warm)).build();
    // The HTTP client for this connect timeout is set up first: in a JVM's first call that takes
    // a few tenths of the 1 s, more on a busy machine, and a call whose time is up before its
    // exchange starts looks no name up (the test would then fail on "looked up").
    client.revoke(request(warm, 1, 30));

    var failure =
        catchThrowableOfType(WasendException.class, () -> client.revoke(request(base, 1, 1)));

    assertThat(failure.code()).isEqualTo(WasendErrorCode.NETWORK_ERROR);
    assertThat(failure.getMessage()).contains("within 1 s");
    assertThat(late.resolved().await(SlowTestResolver.LATE_DELAY.toSeconds() * 5, TimeUnit.SECONDS))
        .as("the late name was looked up")
        .isTrue();
    Thread.sleep(1_000); // what a connection made after the lookup would take, many times over
    assertThat(proxy.connections()).as("connections after the call had failed").isZero();
  }

  /**
   * The read timeout counts from the start of the call, not from the moment the request leaves:
   * setting up the HTTP client (about half a second on a JVM's first call) counts against it too.
   * Before, a call whose set-up took longer than the timeout still waited the whole timeout for its
   * answer and completed.
   */
  @Test
  void theReadTimeoutCountsFromTheStartOfTheCall() throws Exception {
    String base = "http://[::1]:" + wasend.getAddress().getPort();
    WasendClient client =
        WasendClient.builder()
            .allowedBaseUrls(AllowedBaseUrls.of(base))
            .sslContext(new SlowToSetUp(SSLContext.getDefault(), Duration.ofMillis(1500)))
            .build();

    var failure =
        catchThrowableOfType(WasendException.class, () -> client.revoke(request(base, 1, 1)));

    assertThat(failure).as("a call that outlived its read timeout completed").isNotNull();
    assertThat(failure.code()).isEqualTo(WasendErrorCode.NETWORK_ERROR);
    assertThat(failure.getMessage())
        .contains("No complete answer within the read timeout")
        .containsPattern("within 1 s; setting up the HTTP client took [0-9]{4,} ms of it");
  }

  /** An SSL context that takes {@code delay} to give its default parameters: a client's set-up. */
  private static final class SlowToSetUp extends SSLContext {
    SlowToSetUp(SSLContext real, Duration delay) {
      super(
          new SSLContextSpi() {
            @Override
            protected SSLParameters engineGetDefaultSSLParameters() {
              try {
                Thread.sleep(delay);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return real.getDefaultSSLParameters();
            }

            @Override
            protected SSLParameters engineGetSupportedSSLParameters() {
              return real.getSupportedSSLParameters();
            }

            @Override
            protected void engineInit(
                KeyManager[] keys, TrustManager[] trust, SecureRandom random) {}

            @Override
            protected SSLSocketFactory engineGetSocketFactory() {
              return real.getSocketFactory();
            }

            @Override
            protected SSLServerSocketFactory engineGetServerSocketFactory() {
              return real.getServerSocketFactory();
            }

            @Override
            protected SSLEngine engineCreateSSLEngine() {
              return real.createSSLEngine();
            }

            @Override
            protected SSLEngine engineCreateSSLEngine(String host, int port) {
              return real.createSSLEngine(host, port);
            }

            @Override
            protected SSLSessionContext engineGetServerSessionContext() {
              return real.getServerSessionContext();
            }

            @Override
            protected SSLSessionContext engineGetClientSessionContext() {
              return real.getClientSessionContext();
            }
          },
          real.getProvider(),
          real.getProtocol());
    }
  }

  /** README: "name not resolved" is WASEND_NETWORK_ERROR, and the message says so. */
  @Test
  void aNameThatDoesNotResolveIsANetworkError() {
    var failure = networkErrorAt("https://" + SlowTestResolver.MISSING_HOST);

    assertThat(failure.getMessage())
        .contains("A host name on the way to Wasend could not be resolved")
        .contains(SlowTestResolver.MISSING_HOST)
        .doesNotContain(KEY);
  }

  /**
   * README: a TLS failure is WASEND_NETWORK_ERROR. A server whose certificate the client does not
   * trust never gets the request, and so never the key.
   */
  @Test
  void aServerCertificateTheClientDoesNotTrustIsANetworkError() throws IOException {
    HttpsServer untrusted =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    untrusted.setHttpsConfigurator(new HttpsConfigurator(LoopbackTls.get().serverContext()));
    AtomicInteger reached = new AtomicInteger();
    untrusted.createContext(
        "/",
        exchange -> {
          reached.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    untrusted.start();
    try {
      var failure = networkErrorAt("https://127.0.0.1:" + untrusted.getAddress().getPort());

      assertThat(failure.getMessage())
          .contains("The TLS handshake failed: this runtime's JVM does not trust the server's")
          .contains("SSLHandshakeException")
          .contains("PKIX path building failed")
          .doesNotContain(KEY);
      assertThat(reached).hasValue(0);
    } finally {
      untrusted.stop(0);
    }
  }

  /**
   * A handshake the server breaks off is a TLS failure, but not one of trust: the message does not
   * send the operator to the trust store (with TLS 1.3 such a failure may even come after the
   * request left).
   */
  @Test
  void aHandshakeTheServerBreaksOffIsNotBlamedOnTrust() throws Exception {
    try (ServerSocket rude = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket socket = rude.accept()) {
                  socket.getInputStream().read(new byte[512]); // the ClientHello, then goodbye
                } catch (IOException e) {
                  // the test's own assertion tells
                }
              });

      var failure = networkErrorAt("https://127.0.0.1:" + rude.getLocalPort());

      assertThat(failure.getMessage())
          .contains("The TLS handshake failed")
          .doesNotContain("does not trust");
    }
  }

  /** The JVM's proxy settings never see a loopback request, whatever its spelling. */
  @ParameterizedTest
  @ValueSource(strings = {"[0:0:0:0:0:0:0:1]", "[::1]", "[0::1]"})
  void loopbackGoesDirectEvenWithAProxyConfigured(String host) {
    String base = "http://" + host + ":" + wasend.getAddress().getPort();
    WasendClient client =
        WasendClient.builder()
            .allowedBaseUrls(AllowedBaseUrls.of(base))
            .proxySettings(proxy.selector())
            .build();

    assertThat(client.revoke(request(base, 2, 2)).inviteCode()).isEqualTo(CODE);

    assertThat(served).hasValue(1);
    assertThat(proxy.connections()).isZero();
  }

  /**
   * The case as it was found: the JVM's own proxy settings ({@code http.proxyHost}), whose default
   * no-proxy list does not cover {@code [0:0:0:0:0:0:0:1]}. The JDK would send that request through
   * the proxy; the connector sends it direct.
   */
  @Test
  @ResourceLock(Resources.SYSTEM_PROPERTIES)
  void theJvmsProxyPropertiesNeverSeeALoopbackRequest() throws Throwable {
    String base = "http://[0:0:0:0:0:0:0:1]:" + wasend.getAddress().getPort();
    Map<String, String> proxyProperties = new HashMap<>();
    proxyProperties.put("http.proxyHost", "127.0.0.1");
    proxyProperties.put("http.proxyPort", String.valueOf(proxy.port()));
    proxyProperties.put("https.proxyHost", "127.0.0.1");
    proxyProperties.put("https.proxyPort", String.valueOf(proxy.port()));
    withSystemProperties(
        proxyProperties,
        () -> {
          assertThat(ProxySelector.getDefault().select(URI.create(base + "/x")))
              .as("the JDK's default selector would use the proxy")
              .noneMatch(p -> p.type() == Proxy.Type.DIRECT);

          WasendClient client =
              WasendClient.builder().allowedBaseUrls(AllowedBaseUrls.of(base)).build();
          assertThat(client.revoke(request(base, 2, 2)).inviteCode()).isEqualTo(CODE);

          assertThat(served).hasValue(1);
          assertThat(proxy.connections()).isZero();
        });
  }

  /** Through a proxy, https travels as a tunnel: the proxy learns the host, never the key. */
  @Test
  void httpsThroughAProxyIsATunnelWithoutTheKey() throws InterruptedException {
    String base = "https://gateway.wasend.test";
    WasendClient client =
        WasendClient.builder()
            .allowedBaseUrls(AllowedBaseUrls.of(base))
            .proxySettings(proxy.selector())
            .build();

    assertTheProxyOnlyOpensATunnel(client, base);
  }

  /** The revoke fails (the proxy answers no tunnel) and the proxy saw a CONNECT, never the key. */
  private void assertTheProxyOnlyOpensATunnel(WasendClient client, String base)
      throws InterruptedException {
    var failure =
        catchThrowableOfType(WasendException.class, () -> client.revoke(request(base, 2, 2)));

    assertThat(failure.code()).isEqualTo(WasendErrorCode.NETWORK_ERROR);
    String seen = proxy.awaitReceived();
    assertThat(seen).as("what the proxy received").startsWith("CONNECT gateway.wasend.test:443 ");
    assertThat(seen)
        .doesNotContain(KEY)
        .doesNotContainIgnoringCase("authorization")
        .doesNotContain("Bearer");
  }

  /**
   * The same tunnel with no proxy injected: the builder's default, which the runtime's client
   * keeps, follows the JVM's own {@code https.proxyHost} / {@code https.proxyPort}, read through
   * {@code ProxySelector.getDefault()}. The host is allowed and has no DNS entry, so the request
   * reaches the proxy only if the connector asked the JVM's settings for one.
   */
  @Test
  @ResourceLock(Resources.SYSTEM_PROPERTIES)
  void httpsFollowsTheJvmsHttpsProxyPropertiesAsATunnel() throws Throwable {
    String base = "https://gateway.wasend.test";
    Map<String, String> properties = new HashMap<>();
    properties.put("https.proxyHost", "127.0.0.1");
    properties.put("https.proxyPort", String.valueOf(proxy.port()));
    properties.put("http.nonProxyHosts", null); // the JDK's default list: loopback names only
    properties.put(AllowedBaseUrls.SYSTEM_PROPERTY, base);
    withSystemProperties(
        properties,
        () -> {
          assertTheProxyOnlyOpensATunnel(WasendClient.builder().build(), base);
          assertThat(proxy.connections()).isEqualTo(1);
        });
  }

  @Test
  @ResourceLock(Resources.SYSTEM_PROPERTIES)
  void theAllowListComesFromTheSystemPropertyFirst() {
    String before = System.getProperty(AllowedBaseUrls.SYSTEM_PROPERTY);
    try {
      System.setProperty(
          AllowedBaseUrls.SYSTEM_PROPERTY, "https://gw.example.com/wasend, http://127.0.0.1:9");
      AllowedBaseUrls allowed = AllowedBaseUrls.fromEnvironment();
      assertThat(allowed.permits(BaseUrl.parse("https://gw.example.com/wasend/v1"))).isTrue();
      assertThat(allowed.permits(BaseUrl.parse("http://127.0.0.1:9"))).isTrue();
      assertThat(allowed.permits(BaseUrl.parse("https://api.wasend.dev"))).isFalse();

    } finally {
      if (before == null) {
        System.clearProperty(AllowedBaseUrls.SYSTEM_PROPERTY);
      } else {
        System.setProperty(AllowedBaseUrls.SYSTEM_PROPERTY, before);
      }
    }
  }

  @Test
  void theAllowListComesFromTheEnvironmentVariableWhenThePropertyIsUnset() {
    Map<String, String> env =
        Map.of(
            AllowedBaseUrls.ENVIRONMENT_VARIABLE,
            "https://gw.example.com\nhttps://api.wasend.dev/tenant-a");
    AllowedBaseUrls allowed = AllowedBaseUrls.from(name -> null, env::get);
    assertThat(allowed.permits(BaseUrl.parse("https://gw.example.com/x"))).isTrue();
    assertThat(allowed.permits(BaseUrl.parse("https://api.wasend.dev/tenant-a"))).isTrue();
    assertThat(allowed.permits(BaseUrl.parse("https://api.wasend.dev"))).isFalse();

    AllowedBaseUrls property = AllowedBaseUrls.from(name -> "https://other.example", env::get);
    assertThat(property.permits(BaseUrl.parse("https://gw.example.com"))).isFalse();

    AllowedBaseUrls neither = AllowedBaseUrls.from(name -> null, name -> " ");
    assertThat(neither.permits(BaseUrl.parse("https://api.wasend.dev"))).isTrue();
    assertThat(neither.permits(BaseUrl.parse("https://gw.example.com"))).isFalse();
  }

  @Test
  void aBadAllowListEntryIsNamedByPositionNotByValue() {
    assertThatThrownBy(
            () ->
                AllowedBaseUrls.of("https://api.wasend.dev", "http://user:hunter2@gw.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Entry 2")
        .hasMessageNotContaining("hunter2");
  }

  /**
   * A malformed allow-list allows nothing and every job says why, but the runtime, which other
   * connectors share, keeps running: the connector is created.
   */
  @Test
  void aMalformedAllowListAllowsNothingAndEveryJobSaysWhy() throws Throwable {
    withSystemProperties(
        Map.of(AllowedBaseUrls.SYSTEM_PROPERTY, "https://api.wasend.dev, http://gw.example.com"),
        () -> {
          WasendClient client = WasendClient.builder().build();
          for (String base : List.of("https://api.wasend.dev", "https://gw.example.com")) {
            WasendException failure =
                catchThrowableOfType(
                    WasendException.class,
                    () ->
                        client.revoke(
                            new RevokeGroupInviteLinkRequest(
                                "wsk_live_7f3a9c1e5b", "s", "g", base, null, 1, 1)));
            assertThat(failure.code()).isEqualTo(WasendErrorCode.BASE_URL_NOT_ALLOWED);
            assertThat(failure.getMessage())
                .contains("is malformed")
                .contains("Entry 2 of system property " + AllowedBaseUrls.SYSTEM_PROPERTY)
                .doesNotContain("http://gw.example.com")
                .endsWith("no request was sent");
          }
          assertThatCode(RevokeGroupInviteLinkFunction::new).doesNotThrowAnyException();
        });
    Map<String, String> environment =
        Map.of(AllowedBaseUrls.ENVIRONMENT_VARIABLE, "https://gw.example.com?tenant=a");
    // README, Security: logged at ERROR when the runtime creates the connector, by position
    Logger log = (Logger) LoggerFactory.getLogger(AllowedBaseUrls.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    log.addAppender(logged);
    AllowedBaseUrls fromVariable;
    try {
      fromVariable = AllowedBaseUrls.from(name -> null, environment::get);
    } finally {
      log.detachAppender(logged);
    }
    assertThat(logged.list)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.ERROR);
              assertThat(event.getFormattedMessage())
                  .contains(
                      "Entry 1 of environment variable " + AllowedBaseUrls.ENVIRONMENT_VARIABLE)
                  .contains("no base URL is allowed")
                  .doesNotContain("tenant=a");
            });
    assertThat(fromVariable.permits(BaseUrl.parse("https://gw.example.com"))).isFalse();
    assertThat(
            catchThrowableOfType(
                WasendException.class,
                () -> fromVariable.requirePermitted(BaseUrl.parse("https://gw.example.com"))))
        .satisfies(
            refused -> {
              assertThat(refused.code()).isEqualTo(WasendErrorCode.BASE_URL_NOT_ALLOWED);
              assertThat(refused.getMessage())
                  .contains("list of allowed base URLs is malformed")
                  .contains(
                      "Entry 1 of environment variable " + AllowedBaseUrls.ENVIRONMENT_VARIABLE)
                  .doesNotContain("tenant=a");
            });
  }

  /** A revoke at {@code base}, allowed, that got no answer: a network error with no status. */
  private static WasendException networkErrorAt(String base) {
    WasendClient client = WasendClient.builder().allowedBaseUrls(AllowedBaseUrls.of(base)).build();
    var failure =
        catchThrowableOfType(WasendException.class, () -> client.revoke(request(base, 2, 2)));
    assertThat(failure.code()).isEqualTo(WasendErrorCode.NETWORK_ERROR);
    assertThat(failure.errorVariables()).containsEntry("httpStatus", null);
    return failure;
  }

  /**
   * Runs {@code body} with these system properties set (a null value clears one), then puts back
   * what was there before.
   */
  private static void withSystemProperties(Map<String, String> values, Executable body)
      throws Throwable {
    Map<String, String> before = new HashMap<>();
    values.keySet().forEach(name -> before.put(name, System.getProperty(name)));
    try {
      values.forEach(NetworkPathTest::setOrClear);
      body.execute();
    } finally {
      before.forEach(NetworkPathTest::setOrClear);
    }
  }

  private static void setOrClear(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }

  /** A loopback TCP server standing in for an HTTP proxy: it records what it is sent. */
  static final class RecordingProxy implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    RecordingProxy() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor = new Thread(this::serve, "recording-proxy");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (Socket client = socket.accept()) {
          connections.incrementAndGet();
          client.setSoTimeout(2_000);
          InputStream in = client.getInputStream();
          ByteArrayOutputStream seen = new ByteArrayOutputStream();
          byte[] buffer = new byte[4096];
          int read;
          try {
            while ((read = in.read(buffer)) > 0) {
              seen.write(buffer, 0, read);
              if (seen.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                break;
              }
            }
          } catch (IOException timeout) {
            // what arrived so far is what the proxy saw
          }
          received.add(seen.toString(StandardCharsets.ISO_8859_1));
          client
              .getOutputStream()
              .write(
                  "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n"
                      .getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
          // closed
        }
      }
    }

    ProxySelector selector() {
      Proxy through = new Proxy(Proxy.Type.HTTP, socket.getLocalSocketAddress());
      return new ProxySelector() {
        @Override
        public List<Proxy> select(URI uri) {
          return List.of(through);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException failure) {}
      };
    }

    int port() {
      return socket.getLocalPort();
    }

    int connections() {
      return connections.get();
    }

    String awaitReceived() throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (received.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      return String.join("\n", received);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
