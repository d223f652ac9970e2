package dev.wasend.connector.invitelink.bench;

import com.sun.net.httpserver.HttpServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * How many threads 1 000 loopback calls start, with {@code sendAsync} and a timed {@code get} (what
 * our client does) and with {@code send}: on JDKs before 25 with 2 CPUs or fewer, {@code sendAsync}
 * completes through {@code CompletableFuture}'s default executor, which there starts a thread per
 * task (until JDK-8319447 changed that in JDK 25). Plain Java 11 with no dependency, so that it
 * runs on any JDK, older than the build's included:
 *
 * <pre>
 * java -XX:ActiveProcessorCount=2 src/bench/java/dev/wasend/connector/invitelink/bench/ThreadsPerCall.java
 * </pre>
 */
public final class ThreadsPerCall {

  private static final int CALLS = 1_000;

  private ThreadsPerCall() {}

  public static void main(String[] args) throws Exception {
    // without it, the JDK's small server answers a keep-alive POST about 40 ms late (Nagle's
    // algorithm against delayed ACKs), and 3 000 calls take minutes instead of seconds
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "{}".getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    Call sendAsync =
        () ->
            client
                .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .get(5, TimeUnit.SECONDS);
    Call send = () -> client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    for (int i = 0; i < CALLS; i++) { // warm-up: the client's own threads start here
      sendAsync.run();
      send.run();
    }
    System.out.printf(
        "JDK %s, %d CPUs: threads started per %d calls: sendAsync + get %d, send %d%n",
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        CALLS,
        threadsStarted(sendAsync),
        threadsStarted(send));
    server.stop(0);
    System.exit(0); // the client's and the server's pools are not daemons
  }

  private static long threadsStarted(Call call) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long before = threads.getTotalStartedThreadCount();
    for (int i = 0; i < CALLS; i++) {
      call.run();
    }
    return threads.getTotalStartedThreadCount() - before;
  }

  private interface Call {
    void run() throws Exception;
  }
}
