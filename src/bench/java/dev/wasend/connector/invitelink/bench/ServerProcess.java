package dev.wasend.connector.invitelink.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@link BenchServer} in a child JVM (same JDK, same class path), so its work is not counted. */
final class ServerProcess implements AutoCloseable {

  final int httpPort;
  final int httpsPort;
  final Path trustStore;
  private final Process process;

  private ServerProcess(Process process, int httpPort, int httpsPort, Path trustStore) {
    this.process = process;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
    this.trustStore = trustStore;
  }

  static ServerProcess start() throws IOException {
    Path trustStore = Files.createTempFile("bench-trust", ".p12");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto",
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                BenchServer.class.getName(),
                trustStore.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("READY ")) {
      process.destroyForcibly();
      throw new IOException("bench server did not start: " + line);
    }
    String[] parts = line.split(" ");
    return new ServerProcess(
        process, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), trustStore);
  }

  /** Makes this JVM's default SSL context (and Apache HttpClient's system properties) trust it. */
  static void trust(Path trustStore) {
    System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
    System.setProperty("javax.net.ssl.trustStorePassword", new String(BenchServer.TRUST_PASSWORD));
    System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
  }

  String[] trustArgs() {
    return new String[] {
      "-Djavax.net.ssl.trustStore=" + trustStore,
      "-Djavax.net.ssl.trustStorePassword=" + new String(BenchServer.TRUST_PASSWORD),
      "-Djavax.net.ssl.trustStoreType=PKCS12",
      "-Dbench.httpPort=" + httpPort,
      "-Dbench.httpsPort=" + httpsPort
    };
  }

  /** Connections the server accepted so far: {http, https} (this query's own not included). */
  long[] accepted() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", httpPort)) {
      socket
          .getOutputStream()
          .write("GET /__stats HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      String[] counts = all.substring(all.indexOf("\r\n\r\n") + 4).trim().split(" ");
      return new long[] {Long.parseLong(counts[0]) - 1, Long.parseLong(counts[1])};
    }
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    Files.deleteIfExists(trustStore);
    // A default SSLContext built later (any HttpClient, even for plain http) would read the
    // deleted file and fail: forget it with the server.
    if (trustStore.toString().equals(System.getProperty("javax.net.ssl.trustStore"))) {
      System.clearProperty("javax.net.ssl.trustStore");
      System.clearProperty("javax.net.ssl.trustStorePassword");
      System.clearProperty("javax.net.ssl.trustStoreType");
    }
  }
}
