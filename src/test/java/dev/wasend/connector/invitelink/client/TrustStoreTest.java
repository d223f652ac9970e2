package dev.wasend.connector.invitelink.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.wasend.connector.invitelink.error.WasendException;
import dev.wasend.connector.invitelink.harness.LoopbackTls;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/deployment.md, "A gateway with a private CA": the connector trusts what the JVM's trust
 * store holds. Each case runs a revoke in a JVM of its own, since a JVM reads {@code
 * javax.net.ssl.trustStore} once.
 */
class TrustStoreTest {

  private static final String PASSWORD = "changeit";

  private HttpsServer gateway;
  private final AtomicInteger served = new AtomicInteger();

  @BeforeEach
  void startAGatewayWithACertificateNoPublicCaSigned() throws IOException {
    gateway = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    gateway.setHttpsConfigurator(new HttpsConfigurator(LoopbackTls.get().serverContext()));
    gateway.createContext("/", NetworkPathTest.answeringWithCode(served));
    gateway.start();
  }

  @AfterEach
  void stop() {
    gateway.stop(0);
  }

  @Test
  void aGatewayWhoseCaIsInTheJvmsTrustStoreIsReached(@TempDir Path dir) throws Exception {
    Path trustStore = dir.resolve("truststore.p12");
    LoopbackTls.get().writeTrustStore(trustStore, PASSWORD.toCharArray());

    String output =
        revokeInAJvmOfItsOwn(
            "-Djavax.net.ssl.trustStore=" + trustStore,
            "-Djavax.net.ssl.trustStorePassword=" + PASSWORD);

    assertThat(output).contains("https://chat.whatsapp.com/" + NetworkPathTest.CODE);
    assertThat(served).hasValue(1);
  }

  @Test
  void withoutItTheCallFailsAndTheGatewayNeverSeesTheRequest() throws Exception {
    String output = revokeInAJvmOfItsOwn();

    assertThat(output).contains("WASEND_NETWORK_ERROR: The TLS handshake failed");
    assertThat(served).hasValue(0);
  }

  private String revokeInAJvmOfItsOwn(String... jvmOptions) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            Revoke.class.getName(),
            "https://127.0.0.1:" + gateway.getAddress().getPort()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    return output;
  }

  /** The other JVM: one revoke with the builder's defaults, the base URL allowed. */
  public static final class Revoke {
    public static void main(String[] args) {
      String base = args[0];
      WasendClient client =
          WasendClient.builder().allowedBaseUrls(AllowedBaseUrls.of(base)).build();
      try {
        System.out.println(
            client.revoke(
                new RevokeGroupInviteLinkRequest(
                    "wsk_trust_store_test", "s", "120363012345678901@g.us", base, null, 5, 10)));
      } catch (WasendException e) {
        System.out.println(e.getMessage());
      }
    }
  }
}
