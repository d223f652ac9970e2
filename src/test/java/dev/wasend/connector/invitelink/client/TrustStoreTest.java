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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
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
    // 127.0.0.1, which the certificate names, whatever address family the JVM prefers
    gateway = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    gateway.setHttpsConfigurator(new HttpsConfigurator(LoopbackTls.get().serverContext()));
    gateway.createContext("/", NetworkPathTest.answeringWithCode(served));
    gateway.start();
  }

  @AfterEach
  void stop() {
    gateway.stop(0);
  }

  /** The recipe as written: a copy of the JDK's cacerts, the CA imported, JAVA_TOOL_OPTIONS. */
  @Test
  void aGatewayWhoseCaIsInTheJvmsTrustStoreIsReached(@TempDir Path dir) throws Exception {
    Path ca = dir.resolve("gateway-ca.pem");
    Files.writeString(ca, LoopbackTls.get().certificatePem());
    Path trustStore = dir.resolve("truststore");
    Files.copy(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"), trustStore);
    assertThat(trustStore.toFile().setWritable(true)).isTrue(); // chmod u+w: cacerts may be 0444
    run(
        dir,
        Map.of(),
        jdkTool("keytool"),
        "-importcert",
        "-noprompt",
        "-alias",
        "wasend-gateway-ca",
        "-file",
        ca.toString(),
        "-keystore",
        trustStore.toString(),
        "-storepass",
        PASSWORD);

    KeyStore store = KeyStore.getInstance(trustStore.toFile(), PASSWORD.toCharArray());
    assertThat(store.containsAlias("wasend-gateway-ca")).isTrue();
    assertThat(store.size()).as("the public CAs are still there").isGreaterThan(1);

    String output =
        revokeInAJvmOfItsOwn(
            dir,
            Map.of(
                "JAVA_TOOL_OPTIONS",
                "-Djavax.net.ssl.trustStore="
                    + trustStore
                    + " -Djavax.net.ssl.trustStorePassword="
                    + PASSWORD));

    assertThat(output).contains("inviteLink=https://chat.whatsapp.com/" + NetworkPathTest.CODE);
    assertThat(served).hasValue(1);
  }

  @Test
  void withoutItTheCallFailsAndTheGatewayNeverSeesTheRequest(@TempDir Path dir) throws Exception {
    String output = revokeInAJvmOfItsOwn(dir, Map.of());

    assertThat(output)
        .contains(
            "WASEND_NETWORK_ERROR: The TLS handshake failed: this runtime's JVM does not trust")
        .contains("PKIX path building failed");
    assertThat(served).hasValue(0);
  }

  private String revokeInAJvmOfItsOwn(Path dir, Map<String, String> environment) throws Exception {
    return run(
        dir,
        environment,
        jdkTool("java"),
        "-cp",
        System.getProperty("java.class.path"),
        Revoke.class.getName(),
        "https://127.0.0.1:" + gateway.getAddress().getPort());
  }

  private static String jdkTool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  /** Runs a command to its end (at most a minute) and returns what it printed. */
  private static String run(Path dir, Map<String, String> environment, String... command)
      throws Exception {
    Path output = Files.createTempFile(dir, "output", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    // what this JVM was started with must not reach the other one
    builder
        .environment()
        .keySet()
        .removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    boolean ended = process.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    String printed = Files.readString(output);
    assertThat(ended).as("ended within a minute: %s", printed).isTrue();
    assertThat(process.exitValue()).as(printed).isZero();
    return printed;
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
