package dev.wasend.connector.invitelink.bench;

import dev.wasend.connector.invitelink.client.ExecutePieces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's one entry point: {@code ./mvnw -q -Pbench test-compile exec:exec} ({@code
 * -Dbench.mode=quick} for a short run). Starts {@link BenchServer} in its own JVM, then runs the
 * parts named by the mode, printing results and writing them to {@code target/bench/}.
 *
 * <ul>
 *   <li>{@code quick}: the interleaved loop (warm-up 3 000 calls or 2 s per path, 100 rounds of 10
 *       calls per path) and the connection count, about a minute;
 *   <li>{@code full}: JMH (both schemes, all paths, {@code -prof gc}), the interleaved loop
 *       (warm-up 20 000 calls or 6 s per path, 300 rounds), connections, first call in a fresh JVM,
 *       the rate-limited engine runs (four scenarios, three runs each, ours and the REST
 *       connector); about half an hour.
 *   <li>or a comma-separated list of parts: {@code jmh,interleaved,connections,firstcall,engine},
 *       or the diagnostics {@code variants} (variants of the bare call) and {@code pieces} (bytes
 *       per piece of execute). Every part runs alone. Settings of the engine part ride along as
 *       {@code key=value}: {@code groups=1000}, {@code runs=3}, {@code scenarios=50+30+two+falls},
 *       {@code burst=50}.
 * </ul>
 */
public final class BenchMain {

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "full";
    // settings ride along in the mode, since exec:exec passes no -D of Maven's on:
    // -Dbench.mode=engine,groups=200,runs=1,scenarios=50+falls sets bench.engine.groups etc.
    for (String token : mode.split(",")) {
      if (token.contains("=")) {
        String[] setting = token.split("=", 2);
        System.setProperty("bench.engine." + setting[0], setting[1].replace('+', ','));
      }
    }
    mode =
        String.join(
            ",", java.util.Arrays.stream(mode.split(",")).filter(t -> !t.contains("=")).toList());
    Set<String> parts =
        switch (mode) {
          case "quick" -> Set.of("interleaved", "connections");
          case "full" -> Set.of("jmh", "interleaved", "connections", "firstcall", "engine");
          default -> Set.of(mode.split(","));
        };
    boolean quick = mode.equals("quick");
    Path out = Path.of("target", "bench");
    Files.createDirectories(out);
    System.out.println(Machine.describe());
    if (parts.contains("pieces")) {
      emit(out, "pieces.txt", ExecutePieces.run());
    }
    // The loopback server only for the parts that call it: the engine part runs alone without it.
    if (parts.stream()
        .anyMatch(Set.of("jmh", "interleaved", "variants", "connections", "firstcall")::contains)) {
      serverParts(parts, quick, out);
    }
    if (parts.contains("engine")) {
      String report = EngineRun.run(quick);
      System.out.println(report);
      Files.writeString(out.resolve("engine.txt"), Machine.describe() + "\n" + report);
    }
    Path jar =
        Files.list(Path.of("target"))
            .filter(
                p ->
                    p.getFileName()
                        .toString()
                        .matches(
                            "wasend-revoke-group-invite-link-connector-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
            .sorted(
                java.util.Comparator.comparing((Path p) -> p.toFile().lastModified()).reversed())
            .findFirst()
            .orElse(null);
    if (jar != null) {
      System.out.printf(
          Locale.ROOT, "shipped jar %s: %d bytes%n", jar.getFileName(), Files.size(jar));
    }
    System.exit(0);
  }

  private static void serverParts(Set<String> parts, boolean quick, Path out) throws Exception {
    try (ServerProcess server = ServerProcess.start()) {
      ServerProcess.trust(server.trustStore);
      if (parts.contains("jmh")) {
        String result = JmhRun.run(server, quick);
        Files.writeString(out.resolve("jmh.txt"), Machine.describe() + "\n" + result);
      }
      if (parts.contains("interleaved")) {
        List<Paths> paths =
            List.of(new Paths("http", server.httpPort), new Paths("https", server.httpsPort));
        System.out.println("interleaved: " + Machine.load());
        var stats =
            Interleaved.run(paths, quick ? 2 : 6, quick ? 3_000 : 20_000, quick ? 100 : 300, 10);
        String table = Interleaved.table(stats);
        emit(
            out,
            "interleaved.txt",
            Machine.describe() + "\nafter: " + Machine.load() + "\n" + table);
      }
      if (parts.contains("variants")) {
        emit(out, "variants.txt", Variants.run(server));
      }
      if (parts.contains("connections")) {
        emit(out, "connections.txt", Scenarios.connections(server));
      }
      if (parts.contains("firstcall")) {
        emit(out, "firstcall.txt", Scenarios.firstCall(server));
      }
    }
  }

  static Map<String, String> env() {
    return System.getenv();
  }

  /** Prints a part's report and keeps it under target/bench/. */
  private static void emit(Path out, String file, String report) throws java.io.IOException {
    System.out.println(report);
    Files.writeString(out.resolve(file), report);
  }
}
