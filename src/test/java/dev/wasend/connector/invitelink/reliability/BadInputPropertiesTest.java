package dev.wasend.connector.invitelink.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.wasend.connector.invitelink.client.AllowedBaseUrls;
import dev.wasend.connector.invitelink.client.WasendClient;
import dev.wasend.connector.invitelink.harness.LoopbackTls;
import dev.wasend.connector.invitelink.model.BaseUrl;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkRequest;
import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.validation.impl.DefaultValidationProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Bad input, property-based: every generated session id, group id and base URL is either refused by
 * validation with a message naming the field (and no request is made), or produces a request whose
 * path, as the server receives it, is exactly the intended route under the base URL.
 *
 * <p>Loopback servers answer both plain HTTP and TLS (a self-signed certificate the client trusts).
 * Hosts that are not loopback are generated only under the reserved {@code .invalid} top-level
 * domain and are never called, so even a validation bug could not send traffic off this machine.
 */
class BadInputPropertiesTest {

  static final String KEY = "wsk_property_key";
  static HttpServer server;
  static HttpsServer tlsServer;
  static final List<String> received = new CopyOnWriteArrayList<>();
  static final DefaultValidationProvider validation = new DefaultValidationProvider();
  static WasendClient client;

  @BeforeContainer
  static void startServers() throws IOException {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    server = HttpServer.create(loopback, 0);
    tlsServer = HttpsServer.create(loopback, 0);
    tlsServer.setHttpsConfigurator(new HttpsConfigurator(LoopbackTls.get().serverContext()));
    for (HttpServer each : List.of(server, tlsServer)) {
      each.setExecutor(Executors.newFixedThreadPool(2));
      each.createContext(
          "/",
          exchange -> {
            received.add(exchange.getRequestURI().getRawPath());
            byte[] body = "AbCdEfGhIjKlMnOpQrStUv".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      each.start();
    }
    int plain = server.getAddress().getPort();
    int tls = tlsServer.getAddress().getPort();
    client =
        WasendClient.builder()
            .sslContext(LoopbackTls.get().clientContext())
            .allowedBaseUrls(
                AllowedBaseUrls.of(
                    "http://127.0.0.1:" + plain,
                    "http://localhost:" + plain,
                    "https://127.0.0.1:" + tls,
                    "https://localhost:" + tls))
            .build();
  }

  @AfterContainer
  static void stopServers() {
    server.stop(0);
    tlsServer.stop(0);
  }

  static String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Property(tries = 10_000)
  void idsAreRefusedNamingTheFieldOrReachExactlyTheIntendedRoute(
      @ForAll("ids") String sessionId, @ForAll("ids") String groupId) {
    var request = new RevokeGroupInviteLinkRequest(KEY, sessionId, groupId, base(), null, 2, 5);
    received.clear();
    try {
      validation.validate(request);
    } catch (ConnectorInputException refused) {
      String message = refused.getMessage();
      assertThat(message.contains("sessionId") || message.contains("groupId")).as(message).isTrue();
      assertThat(received).isEmpty();
      return;
    }
    client.revoke(request);
    assertThat(received).hasSize(1);
    String[] segments = received.get(0).substring(1).split("/", -1);
    assertThat(segments).hasSize(5);
    assertThat(decode(segments[0])).isEqualTo(sessionId);
    assertThat(segments[1]).isEqualTo("groups");
    assertThat(decode(segments[2])).isEqualTo(groupId);
    assertThat(segments[3]).isEqualTo("invite-link");
    assertThat(segments[4]).isEqualTo("revoke");
  }

  @Property(tries = 10_000)
  void baseUrlsAreRefusedNamingTheFieldOrKeepTheirPrefixExactly(
      @ForAll("baseUrls") BaseUrlCase url) {
    var request = new RevokeGroupInviteLinkRequest(KEY, "s", "g@g.us", url.value(), null, 2, 5);
    received.clear();
    try {
      validation.validate(request);
    } catch (ConnectorInputException refused) {
      assertThat(refused.getMessage()).contains("baseUrl");
      assertThat(received).isEmpty();
      assertThat(url.acceptable()).as("refused an acceptable URL: " + url.value()).isFalse();
      return;
    }
    assertThat(url.acceptable()).as("accepted an unacceptable URL: " + url.value()).isTrue();
    String expectedPath = url.expectedPrefix() + "/s/groups/g@g.us/invite-link/revoke";
    if (!url.loopback()) {
      // an https:// URL of a .invalid host: valid, but nothing listens there and no lookup may
      // leave the machine, so the route is checked where the client builds it
      assertThat(
              BaseUrl.parse(url.value())
                  .groupRoute("s", "g@g.us", "invite-link/revoke")
                  .getRawPath())
          .isEqualTo(expectedPath);
      return;
    }
    client.revoke(request);
    assertThat(received).containsExactly(expectedPath);
  }

  @Provide
  Arbitrary<String> ids() {
    Arbitrary<String> dangerous =
        Arbitraries.of(
            "/",
            "?",
            "#",
            "\\",
            "..",
            ".",
            "%",
            "%2F",
            "%2e%2e",
            "@",
            " ",
            "+",
            "&",
            "=",
            ";",
            "\u0000",
            "\n",
            "\r",
            "\t",
            "\u007f",
            "\u0085",
            "é",
            "グ",
            "😀",
            "\u202e",
            "120363012345678901@g.us");
    Arbitrary<String> plain =
        Arbitraries.strings().withCharRange('!', '~').ofMinLength(0).ofMaxLength(12);
    Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(8);
    return Arbitraries.oneOf(
        plain, anything, Combinators.combine(plain, dangerous, plain).as((a, b, c) -> a + b + c));
  }

  /** A generated base URL, with what it should lead to. */
  record BaseUrlCase(String value, boolean acceptable, boolean loopback, String expectedPrefix) {}

  @Provide
  Arbitrary<BaseUrlCase> baseUrls() {
    Arbitrary<String> scheme = Arbitraries.of("http", "HTTP", "https", "ftp", "", "javascript");
    Arbitrary<String> host =
        Arbitraries.of(
            "127.0.0.1",
            "localhost",
            "LOCALHOST",
            "wasend.invalid",
            "localhost.invalid",
            "127.0.0.1.invalid");
    Arbitrary<String> userInfo = Arbitraries.of("", "", "", "user:secret@", "key@");
    Arbitrary<List<String>> prefix =
        Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcXYZ019-._~").ofMinLength(1).ofMaxLength(6),
                Arbitraries.of("", "", "%20", "%C3%A9", "wasend", "v1", ".", ".."))
            .list()
            .ofMaxSize(4);
    Arbitrary<String> tail = Arbitraries.of("", "", "/", "//", "?x=1", "#f", "?");
    Arbitrary<String> padding = Arbitraries.of("", "", " ", "\t");
    return Combinators.combine(scheme, host, userInfo, prefix, tail, padding)
        .as(
            (s, h, u, p, t, pad) -> {
              String path = p.isEmpty() ? "" : "/" + String.join("/", p);
              boolean loopback = !h.endsWith(".invalid");
              boolean tls = s.equals("https");
              String port =
                  !loopback ? "" : ":" + (tls ? tlsServer : server).getAddress().getPort();
              String value = pad + s + (s.isEmpty() ? "" : "://") + u + h + port + path + t + pad;
              List<String> segments =
                  new ArrayList<>(p.stream().filter(seg -> !seg.isEmpty()).toList());
              boolean acceptable =
                  (tls || (s.equalsIgnoreCase("http") && loopback))
                      && u.isEmpty()
                      && !t.contains("?")
                      && !t.contains("#")
                      && segments.stream().noneMatch(seg -> seg.equals(".") || seg.equals(".."));
              String expected = segments.isEmpty() ? "" : "/" + String.join("/", segments);
              return new BaseUrlCase(value, acceptable, loopback, expected);
            });
  }

  private static String decode(String segment) {
    // '+' is literal in a path; URLDecoder is form decoding, so protect it first
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
