package dev.wasend.connector.invitelink.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasend.connector.invitelink.client.AllowedBaseUrls;
import dev.wasend.connector.invitelink.client.WasendClient;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkRequest;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkResult;
import dev.wasend.connector.invitelink.simulator.WasendSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * One client instance (the runtime shares one connector across all jobs) used from many threads at
 * once returns correct, independent results, and leaves no threads or connections behind beyond its
 * bounded pool.
 */
class ConcurrencyTest {

  static final int THREADS = 32;
  static final int CALLS_PER_THREAD = 40;
  static final String KEY = "wsk_concurrency";

  @Test
  void manyThreadsShareOneClientSafely() throws Exception {
    try (WasendSimulator wasend = WasendSimulator.start()) {
      wasend.session(KEY, "s");
      List<String> groups = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        groups.add("1203630000000%05d@g.us".formatted(i));
        wasend.group("s", groups.get(i), true);
      }
      WasendClient client =
          WasendClient.builder().allowedBaseUrls(AllowedBaseUrls.of(wasend.baseUrl())).build();
      Set<String> links = ConcurrentHashMap.newKeySet();

      long started = System.nanoTime();
      Set<String> before = httpClientThreads();
      runRound(client, wasend, groups, links);
      Set<String> afterFirst = httpClientThreads();
      afterFirst.removeAll(before);
      int connectionsAfterFirst = openConnections(wasend.port());
      runRound(client, wasend, groups, links);
      Set<String> afterSecond = httpClientThreads();
      afterSecond.removeAll(before);
      int connectionsAfterSecond = openConnections(wasend.port());

      assertThat(links).hasSize(2 * THREADS * CALLS_PER_THREAD);
      for (String group : groups) {
        assertThat(wasend.revokedCodes(group)).hasSize(2 * CALLS_PER_THREAD);
      }
      assertThat(connectionsAfterFirst)
          .as("kept-alive connections stay within the number of concurrent callers")
          .isBetween(1, THREADS);
      assertThat(connectionsAfterSecond)
          .as("a second round reuses the pool")
          .isLessThanOrEqualTo(connectionsAfterFirst);
      Path report = Path.of("target/reliability/concurrency.md");
      Files.createDirectories(report.getParent());
      Files.writeString(
          report,
          "| %d threads × %d calls × 2 rounds | %d distinct links | %.1f s | %d connections after round 1, %d after round 2 | %d client platform thread(s) |%n"
              .formatted(
                  THREADS,
                  CALLS_PER_THREAD,
                  links.size(),
                  (System.nanoTime() - started) / 1e9,
                  connectionsAfterFirst,
                  connectionsAfterSecond,
                  afterSecond.size()));
      // one selector, and pooled workers that run the exchanges (name resolution included, so
      // that the read timeout bounds it): a request and a response of each caller at most
      assertThat(afterFirst.stream().filter(name -> name.endsWith("SelectorManager")))
          .as("one client, one selector thread")
          .hasSize(1);
      assertThat(afterFirst)
          .as("HTTP client platform threads")
          .hasSizeLessThanOrEqualTo(2 * THREADS + 1);
      assertThat(afterSecond)
          .as("a second round reuses the workers")
          .hasSizeLessThanOrEqualTo(2 * THREADS + 1);
    }
  }

  /** Every thread revokes its own group CALLS_PER_THREAD times; all threads start together. */
  private static void runRound(
      WasendClient client, WasendSimulator wasend, List<String> groups, Set<String> links)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> futures = new ArrayList<>();
    for (String group : groups) {
      futures.add(
          pool.submit(
              () -> {
                go.await();
                for (int i = 0; i < CALLS_PER_THREAD; i++) {
                  var request =
                      new RevokeGroupInviteLinkRequest(
                          KEY, "s", group, wasend.baseUrl(), null, 5, 10);
                  RevokeGroupInviteLinkResult result = client.revoke(request);
                  // only this thread revokes this group, so the answer must be its current link
                  assertThat(result.inviteLink()).isEqualTo(wasend.currentInviteLink(group));
                  assertThat(links.add(result.inviteLink())).isTrue();
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
  }

  /** Names of the JDK HTTP client's threads (selector manager and pooled workers). */
  private static Set<String> httpClientThreads() {
    Set<String> names = new HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("HttpClient-")) {
        names.add(thread.getName());
      }
    }
    return names;
  }

  /** Established client-side TCP connections to {@code port} on this machine (Linux /proc). */
  static int openConnections(int port) throws IOException {
    String hexPort = ":%04X".formatted(port);
    Set<String> connections = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.exists(path)) {
        continue;
      }
      List<String> lines = Files.readAllLines(path);
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.trim().split("\\s+");
        // remote address is the peer: connections from the client to the server's port
        if (fields[2].toUpperCase(Locale.ROOT).endsWith(hexPort) && fields[3].equals("01")) {
          connections.add(fields[1]);
        }
      }
    }
    return connections.size();
  }
}
