package dev.wasend.connector.invitelink.bench;

import dev.wasend.connector.invitelink.harness.LoopbackTls;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLServerSocket;

/**
 * The benchmark's server, run in its own JVM so that its work is not counted: a minimal HTTP/1.1
 * server on 127.0.0.1 that answers every POST with Wasend's documented success body, keeps
 * connections alive, and counts the TCP connections it accepted. Plain HTTP and HTTPS (the
 * self-signed loopback certificate of {@link LoopbackTls}; its trust store is written to the file
 * given as the first argument).
 *
 * <p>Prints {@code READY <httpPort> <httpsPort>} when listening. {@code GET /__stats} answers
 * {@code <httpAccepted> <httpsAccepted>} (that request's own connection included).
 */
public final class BenchServer {

  static final String BODY =
      "{\"success\":true,\"inviteLink\":\"https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv\","
          + "\"expiresAt\":\"2030-01-01T00:00:00Z\"}";
  static final char[] TRUST_PASSWORD = "loopback-only".toCharArray();

  private static final byte[] OK = response(BODY, false);
  private static final byte[] OK_CLOSE = response(BODY, true);
  private static final AtomicLong HTTP_ACCEPTED = new AtomicLong();
  private static final AtomicLong HTTPS_ACCEPTED = new AtomicLong();

  public static void main(String[] args) throws Exception {
    LoopbackTls tls = LoopbackTls.get();
    tls.writeTrustStore(Path.of(args[0]), TRUST_PASSWORD);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    ServerSocket http = new ServerSocket(0, 256, loopback);
    SSLServerSocket https =
        (SSLServerSocket)
            tls.serverContext().getServerSocketFactory().createServerSocket(0, 256, loopback);
    acceptLoop(http, HTTP_ACCEPTED);
    acceptLoop(https, HTTPS_ACCEPTED);
    System.out.println("READY " + http.getLocalPort() + " " + https.getLocalPort());
    System.out.flush();
    // ends with the parent: its stdin closes
    while (System.in.read() >= 0) {
      // nothing to read
    }
    System.exit(0);
  }

  private static void acceptLoop(ServerSocket server, AtomicLong accepted) {
    Thread.ofPlatform()
        .daemon()
        .name("accept-" + server.getLocalPort())
        .start(
            () -> {
              while (true) {
                try {
                  Socket socket = server.accept();
                  accepted.incrementAndGet();
                  socket.setTcpNoDelay(true);
                  Thread.ofPlatform().daemon().start(() -> serve(socket));
                } catch (IOException e) {
                  return;
                }
              }
            });
  }

  private static void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
      OutputStream out = socket.getOutputStream();
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        String lower = head.toLowerCase(Locale.ROOT);
        skipBody(in, lower);
        boolean close = lower.contains("\nconnection: close");
        if (lower.startsWith("get /__stats")) {
          out.write(response(HTTP_ACCEPTED.get() + " " + HTTPS_ACCEPTED.get(), true));
          out.flush();
          return;
        }
        out.write(close ? OK_CLOSE : OK);
        out.flush();
        if (close) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /** The request line and headers, or null at the end of the stream. */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder(512);
    int window = 0;
    while (window != 0x0D0A0D0A) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.append((char) b);
      window = (window << 8) | b;
    }
    return head.toString();
  }

  private static void skipBody(InputStream in, String head) throws IOException {
    int at = head.indexOf("\ncontent-length:");
    if (at >= 0) {
      int end = head.indexOf('\r', at);
      long length = Long.parseLong(head.substring(at + 16, end).trim());
      in.skipNBytes(length);
    } else if (head.contains("\ntransfer-encoding: chunked")) {
      while (true) {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
          if (b < 0) {
            throw new IOException("eof");
          }
          line.append((char) b);
        }
        int size = Integer.parseInt(line.toString().trim().split(";")[0], 16);
        in.skipNBytes(size + 2L);
        if (size == 0) {
          return;
        }
      }
    }
  }

  private static byte[] response(String body, boolean close) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + bytes.length
            + (close ? "\r\nConnection: close" : "")
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[headBytes.length + bytes.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(bytes, 0, all, headBytes.length, bytes.length);
    return all;
  }
}
