package dev.wasend.connector.invitelink.bench;

import dev.wasend.connector.invitelink.RevokeGroupInviteLinkFunction;
import dev.wasend.connector.invitelink.client.AllowedBaseUrls;
import dev.wasend.connector.invitelink.client.WasendClient;
import dev.wasend.connector.invitelink.error.RetryPolicy;
import dev.wasend.connector.invitelink.harness.ProductionHandler;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.connector.http.rest.HttpJsonFunction;
import io.camunda.connector.runtime.outbound.job.SpringConnectorJobHandler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/** Connection counts and the first call in a fresh JVM. */
final class Scenarios {

  static final int SEQUENTIAL_JOBS = 200;

  /** TCP connections the server accepted for 200 sequential jobs, each connector fresh. */
  static String connections(ServerProcess server) throws Exception {
    StringBuilder out =
        new StringBuilder(
            "TCP connections accepted by the server for "
                + SEQUENTIAL_JOBS
                + " sequential jobs (fresh connector instance each):\n");
    for (String scheme : List.of("http", "https")) {
      int port = scheme.equals("http") ? server.httpPort : server.httpsPort;
      int index = scheme.equals("http") ? 0 : 1;
      for (String connector : List.of("ours", "rest")) {
        Run run = Run.create(connector, scheme, port);
        long before = server.accepted()[index];
        for (int i = 0; i < SEQUENTIAL_JOBS; i++) {
          run.once();
        }
        long opened = server.accepted()[index] - before;
        out.append(
            String.format(
                Locale.ROOT,
                "  %-5s %-5s %4d connections (%d jobs completed)%n",
                scheme,
                connector,
                opened,
                run.jobs.completed));
      }
    }
    return out.toString();
  }

  /** One connector's handler path, built from scratch. */
  static final class Run {
    final LeanJobClient jobs = new LeanJobClient();
    final SpringConnectorJobHandler handler;
    final ActivatedJob job;

    private Run(SpringConnectorJobHandler handler, ActivatedJob job) {
      this.handler = handler;
      this.job = job;
    }

    static Run create(String connector, String scheme, int port) throws Exception {
      String baseUrl = scheme + "://127.0.0.1:" + port;
      OutboundConnectorFunction function =
          connector.equals("ours")
              ? new RevokeGroupInviteLinkFunction(
                  WasendClient.builder()
                      .sslContext(SSLContext.getDefault())
                      .allowedBaseUrls(AllowedBaseUrls.of(baseUrl))
                      .build(),
                  new RetryPolicy())
              : new HttpJsonFunction();
      ActivatedJob job =
          connector.equals("ours")
              ? Paths.job(
                  RevokeGroupInviteLinkFunction.JOB_TYPE,
                  Paths.ourVariables(baseUrl),
                  Paths.OUR_RESULT_EXPRESSION)
              : Paths.job(
                  HttpJsonFunction.TYPE,
                  Paths.restVariables(baseUrl),
                  Paths.REST_RESULT_EXPRESSION);
      return new Run(ProductionHandler.create(function, Paths.SECRETS), job);
    }

    void once() {
      long before = jobs.completed;
      handler.handle(jobs.client(), job);
      if (jobs.completed != before + 1) {
        throw new IllegalStateException("job not completed: " + jobs.lastErrorMessage);
      }
    }
  }

  /** Child JVM main: the first (and second) job through the handler in a fresh JVM. */
  public static void main(String[] args) throws Exception {
    long mainStart = System.nanoTime();
    long sinceJvmStart =
        System.currentTimeMillis()
            - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    Run run = Run.create(args[0], args[1], Integer.parseInt(args[2]));
    long built = System.nanoTime();
    run.once();
    long first = System.nanoTime();
    run.once();
    long second = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "RESULT %.1f %.1f %.1f %.2f%n",
        (built - mainStart) / 1e6,
        (first - built) / 1e6,
        sinceJvmStart + (first - mainStart) / 1e6,
        (second - first) / 1e6);
  }

  static String firstCall(ServerProcess server) throws Exception {
    StringBuilder out =
        new StringBuilder(
            "First call in a fresh JVM (median of 3 JVMs; ms): build = connector + handler construction,"
                + " first = first job through the handler, jvm->done = JVM start to first job done, second = next job\n");
    for (String scheme : List.of("http", "https")) {
      int port = scheme.equals("http") ? server.httpPort : server.httpsPort;
      for (String connector : List.of("ours", "rest")) {
        List<double[]> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          List<String> command =
              new ArrayList<>(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-Xshare:auto"));
          command.addAll(List.of(server.trustArgs()));
          command.addAll(
              List.of(
                  "-cp",
                  System.getProperty("java.class.path"),
                  Scenarios.class.getName(),
                  connector,
                  scheme,
                  Integer.toString(port)));
          Process process =
              new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
          String result;
          try (BufferedReader reader =
              new BufferedReader(
                  new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            result =
                reader
                    .lines()
                    .filter(line -> line.startsWith("RESULT "))
                    .collect(Collectors.joining());
          }
          process.waitFor();
          if (result.isEmpty()) {
            throw new IllegalStateException(
                "first-call JVM failed for " + connector + " " + scheme);
          }
          String[] parts = result.split(" ");
          runs.add(
              new double[] {
                Double.parseDouble(parts[1]),
                Double.parseDouble(parts[2]),
                Double.parseDouble(parts[3]),
                Double.parseDouble(parts[4])
              });
        }
        runs.sort((a, b) -> Double.compare(a[1], b[1]));
        double[] median = runs.get(1);
        out.append(
            String.format(
                Locale.ROOT,
                "  %-5s %-5s build %6.1f  first %6.1f  jvm->done %6.1f  second %5.2f  (%s)%n",
                scheme,
                connector,
                median[0],
                median[1],
                median[2],
                median[3],
                Machine.load()));
      }
    }
    return out.toString();
  }
}
