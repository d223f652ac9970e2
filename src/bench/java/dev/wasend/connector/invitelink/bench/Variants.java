package dev.wasend.connector.invitelink.bench;

import dev.wasend.connector.invitelink.client.AllowedBaseUrls;
import dev.wasend.connector.invitelink.client.WasendClient;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkRequest;
import dev.wasend.connector.invitelink.model.RevokeRoute;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Diagnostic ({@code -Dbench.mode=variants}): where "execute" loses against the floor, over plain
 * HTTP and over HTTPS. Variants of the bare call, interleaved, against our client alone (execute
 * without the runtime's binding) and the runtime's binding alone. They are measured for their cost
 * only: those that start the exchange on the caller's thread ({@code floor}, the direct executor)
 * do not bound name resolution at all, and those that start it on a pool or virtual thread of the
 * bench's own let a call that timed out during the lookup send its request afterwards
 * (docs/performance.md, "The cheaper hand-offs break a promise").
 */
final class Variants {

  static String run(ServerProcess server) throws Exception {
    return run(new Paths("http", server.httpPort))
        + "\n"
        + run(new Paths("https", server.httpsPort));
  }

  private static String run(Paths paths) throws Exception {
    var floor = paths.ops.get("floor");
    var execute = paths.ops.get("execute");
    var bindOnly = paths.ops.get("bindOnly");
    paths.ops.clear();
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(SSLContext.getDefault())
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    paths.baseUrl
                        + "/"
                        + Paths.SESSION
                        + "/groups/120363012345678901%40g.us/invite-link/revoke"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + Paths.KEY)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpClient direct =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(SSLContext.getDefault())
            .executor(Runnable::run)
            .build();
    WasendClient client =
        WasendClient.builder()
            .sslContext(SSLContext.getDefault())
            .allowedBaseUrls(AllowedBaseUrls.of(paths.baseUrl))
            .build();
    RevokeGroupInviteLinkRequest revoke =
        new RevokeGroupInviteLinkRequest(
            Paths.KEY, Paths.SESSION, Paths.GROUP, paths.baseUrl, RevokeRoute.AUTOMATIC, 10, 30);
    paths.ops.put("floor", floor);
    paths.ops.put(
        "floorAsyncGet",
        () ->
            http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .get(40_000, TimeUnit.MILLISECONDS));
    // floorAsyncGet without its last hand-off: the caller wakes when the body is complete, on the
    // client's thread, not when the JDK has handed the response through the common pool.
    paths.ops.put(
        "floorAsyncEarly",
        () -> {
          CompletableFuture<byte[]> done = new CompletableFuture<>();
          CompletableFuture<HttpResponse<byte[]>> pending =
              http.sendAsync(
                  request,
                  info -> {
                    HttpResponse.BodySubscriber<byte[]> body =
                        HttpResponse.BodySubscribers.ofByteArray();
                    body.getBody()
                        .whenComplete(
                            (bytes, failure) -> {
                              if (failure == null) {
                                done.complete(bytes);
                              } else {
                                done.completeExceptionally(failure);
                              }
                            });
                    return body;
                  });
          pending.whenComplete(
              (response, failure) -> {
                if (failure != null) {
                  done.completeExceptionally(failure);
                }
              });
          done.get(40_000, TimeUnit.MILLISECONDS);
        });
    paths.ops.put(
        "floorAsyncGetDirectExecutor",
        () ->
            direct
                .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .get(40_000, TimeUnit.MILLISECONDS));
    // What the request's own timeout and two more header lines cost on the wire (both dropped).
    URI target = request.uri();
    HttpRequest noTimeout =
        HttpRequest.newBuilder(target)
            .header("Authorization", "Bearer " + Paths.KEY)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpRequest withAcceptAndAgent =
        HttpRequest.newBuilder(target)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + Paths.KEY)
            .header("Accept", "application/json, text/plain;q=0.9, */*;q=0.5")
            .header("User-Agent", "wasend-camunda-connector/1")
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    paths.ops.put(
        "directNoRequestTimeout",
        () ->
            direct
                .sendAsync(noTimeout, HttpResponse.BodyHandlers.ofByteArray())
                .get(40_000, TimeUnit.MILLISECONDS));
    paths.ops.put(
        "directAcceptAndUserAgent",
        () ->
            direct
                .sendAsync(withAcceptAndAgent, HttpResponse.BodyHandlers.ofByteArray())
                .get(40_000, TimeUnit.MILLISECONDS));
    // One hand-off instead of two: the exchange starts on a pool thread (so the caller never
    // resolves a host name), and the response completes on the selector thread.
    ExecutorService starter =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "bench-starter");
              thread.setDaemon(true);
              return thread;
            });
    paths.ops.put(
        "startOnPoolDirectExecutor",
        () ->
            CompletableFuture.supplyAsync(
                    () -> direct.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()),
                    starter)
                .thenCompose(pending -> pending)
                .get(40_000, TimeUnit.MILLISECONDS));
    // The blocking send, as the floor makes it, on a pool thread that the caller waits for with a
    // timed get: the caller never resolves a host name, and the JDK adds no completion hop (its
    // sendAsync completes through CompletableFuture's default executor).
    paths.ops.put(
        "sendOnPool",
        () ->
            CompletableFuture.supplyAsync(
                    () -> {
                      try {
                        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    },
                    starter)
                .get(40_000, TimeUnit.MILLISECONDS));
    // The same two hand-offs as floorAsyncGet, with a work-stealing pool as the client's executor:
    // its idle workers spin briefly before they park, which might make the hand-off cheaper.
    HttpClient forkJoin =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(SSLContext.getDefault())
            .executor(new ForkJoinPool(2))
            .build();
    paths.ops.put(
        "floorAsyncGetForkJoin",
        () ->
            forkJoin
                .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .get(40_000, TimeUnit.MILLISECONDS));
    // sendOnPool and startOnPoolDirectExecutor with a virtual thread per call in place of the pool:
    // the start needs no idle platform thread, only a carrier of the virtual-thread scheduler.
    paths.ops.put(
        "sendOnVirtualThread",
        () -> {
          CompletableFuture<HttpResponse<byte[]>> done = new CompletableFuture<>();
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      done.complete(http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
                    } catch (Throwable e) {
                      done.completeExceptionally(e);
                    }
                  });
          done.get(40_000, TimeUnit.MILLISECONDS);
        });
    paths.ops.put(
        "startOnVirtualDirectExecutor",
        () -> {
          CompletableFuture<HttpResponse<byte[]>> done = new CompletableFuture<>();
          Thread.ofVirtual()
              .start(
                  () ->
                      direct
                          .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                          .whenComplete(
                              (r, e) -> {
                                if (e != null) done.completeExceptionally(e);
                                else done.complete(r);
                              }));
          done.get(40_000, TimeUnit.MILLISECONDS);
        });
    paths.ops.put("clientOnly", () -> client.revoke(revoke));
    paths.ops.put("execute", execute);
    paths.ops.put("bindOnly", bindOnly);
    var stats = Interleaved.run(List.of(paths), 4, 20_000, 300, 10);
    StringBuilder out =
        new StringBuilder("variants (" + paths.scheme + "): " + Machine.load() + "\n");
    out.append(
        "| path | calls | mean ms | p50 ms | p99 ms | KB/call | threads started per 1000 calls |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (var s : stats.values()) {
      out.append(
          String.format(
              java.util.Locale.ROOT,
              "| %s | %d | %.3f | %.3f | %.3f | %.1f | %.0f |%n",
              s.name,
              s.count,
              s.meanMs(),
              s.percentileMs(0.5),
              s.percentileMs(0.99),
              s.kbPerCall(),
              s.threadsPer1000Calls()));
    }
    return out.toString();
  }
}
