package dev.wasend.connector.invitelink.bench;

import dev.wasend.connector.invitelink.RevokeGroupInviteLinkFunction;
import dev.wasend.connector.invitelink.client.AllowedBaseUrls;
import dev.wasend.connector.invitelink.process.ProcessRecords;
import dev.wasend.connector.invitelink.simulator.WasendSimulator;
import io.camunda.connector.http.rest.HttpJsonFunction;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.builder.ServiceTaskBuilder;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;

/**
 * Bulk rotation through the embedded Zeebe engine while the in-process Wasend simulator limits the
 * key: ours with the shipped bulk example (template defaults: 3 retries), and Camunda's REST
 * connector with its template's defaults (3 retries, no backoff) in an equivalent model built in
 * code, each in runtimes configured like the connectors image ({@link BenchRuntime}). Four
 * scenarios, each run {@code bench.engine.runs} times (default 3), ours and the REST connector in
 * turn. A sampler reads the simulator's counters every 100 ms for the accepted-requests-per-second
 * picture ({@link PacingChart}).
 */
final class EngineRun {

  static final String KEY = "wsk_bench_engine_5c1d";

  /**
   * ours: the shipped bulk example (a sub-process per group, for failure isolation); plain: our
   * connector in the REST peer's model (a multi-instance service task), so the two connectors are
   * compared on the same engine work; rest: Camunda's REST connector.
   */
  static final List<String> CONNECTORS = List.of("ours", "plain", "rest");

  static final String SESSION = "community-ops";
  static final long DEADLINE_SECONDS = 240;

  /**
   * A rate limit and how many runtimes share the key; {@code fallsTo > 0}: the limit drops then.
   */
  record Scenario(
      String id,
      String title,
      double perSecond,
      int burst,
      int runtimes,
      double fallsTo,
      double fallsAfter,
      double targetRatio,
      double targetRefused) {

    double ideal(int groups) {
      double beforeFall = perSecond * fallsAfter;
      return fallsTo == 0 || groups <= beforeFall
          ? groups / perSecond
          : fallsAfter + (groups - beforeFall) / fallsTo;
    }

    double limitAt(double seconds) {
      return fallsTo > 0 && seconds >= fallsAfter ? fallsTo : perSecond;
    }
  }

  static final List<Scenario> SCENARIOS =
      List.of(
          new Scenario("50", "1 000 groups, 50/s, one runtime", 50, 50, 1, 0, 0, 1.10, 0.02),
          new Scenario(
              "30",
              "1 000 groups, 30/s, burst 20 (the LoadTest set-up)",
              30,
              20,
              1,
              0,
              0,
              1.15,
              0.03),
          new Scenario("two", "two runtimes sharing the key, 50/s", 50, 50, 2, 0, 0, 1.25, 0.05),
          new Scenario(
              "falls", "limit falls 50/s -> 20/s after 5 s", 50, 50, 1, 20, 5, 1.25, 0.05));

  /** One run of one connector in one scenario. */
  record Result(
      String connector,
      Scenario scenario,
      int run,
      int groups,
      double seconds,
      boolean completed,
      int rotated,
      int incidents,
      int refused,
      int requests,
      long retriesSpent,
      double[] executionMs,
      double[] samples) {

    double ratio() {
      return seconds / scenario.ideal(groups);
    }

    double refusedShare() {
      return requests == 0 ? 0 : refused / (double) requests;
    }
  }

  static String run(boolean quick) throws Exception {
    int groups = Integer.getInteger("bench.engine.groups", quick ? 200 : 1000);
    int runs = Integer.getInteger("bench.engine.runs", quick ? 1 : 3);
    List<String> only =
        List.of(System.getProperty("bench.engine.scenarios", "50,30,two,falls").split(","));
    String chosen = System.getProperty("bench.engine.connectors");
    List<String> connectors = chosen == null ? CONNECTORS : List.of(chosen.split(","));
    List<Result> results = new ArrayList<>();
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Embedded engine: %d groups in one parallel multi-instance; runtimes like the connectors image (%d execution threads, %d jobs active, streaming); %d runs%n",
                groups,
                BenchRuntime.EXECUTION_THREADS,
                BenchRuntime.MAX_JOBS_ACTIVE,
                runs));
    for (int run = 1; run <= runs; run++) {
      for (Scenario scenario : SCENARIOS) {
        if (!only.contains(scenario.id())) {
          continue;
        }
        for (String connector : connectors) {
          if (chosen == null && connector.equals("ours") && !scenario.id().equals("50")) {
            continue; // the example's own cost shows in one scenario; the others compare connectors
          }
          Result result = one(connector, scenario, run, groups);
          results.add(result);
          String line =
              String.format(
                  Locale.ROOT,
                  "  run %d %-5s %-4s %s after %.1f s (%.2fx ideal %.1f s): %d rotated, %d incidents, %d x 429 of %d requests (%.1f %%), %d retries spent; execution p50 %.1f ms, p99 %.0f ms, max %.0f ms; %s%n",
                  run,
                  scenario.id(),
                  connector,
                  result.completed() ? "completed" : "settled",
                  result.seconds(),
                  result.ratio(),
                  scenario.ideal(groups),
                  result.rotated(),
                  result.incidents(),
                  result.refused(),
                  result.requests(),
                  100 * result.refusedShare(),
                  result.retriesSpent(),
                  result.executionMs()[0],
                  result.executionMs()[1],
                  result.executionMs()[2],
                  Machine.load());
          System.out.print(line);
          out.append(line);
        }
      }
    }
    out.append(summary(results));
    Path png = PacingChart.draw(results, Path.of("target", "bench", "bulk-rotation-pacing.png"));
    out.append("picture: ").append(png).append(System.lineSeparator());
    if (!quick && groups == 1000 && only.size() == SCENARIOS.size()) { // the report's own figure
      Path shown = Path.of("docs", "images", "bulk-rotation-pacing.png");
      java.nio.file.Files.copy(png, shown, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      out.append("picture for docs/performance.md: ").append(shown).append(System.lineSeparator());
    }
    return out.toString();
  }

  /** Medians and ranges per scenario and connector, and each target met or missed. */
  static String summary(List<Result> results) {
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%n| scenario | connector | time (median, range) | vs ideal | 429 / requests | incidents | retries spent | target |%n|---|---|---:|---:|---:|---:|---:|---|%n"));
    for (Scenario scenario : SCENARIOS) {
      for (String connector : CONNECTORS) {
        List<Result> these =
            results.stream()
                .filter(r -> r.scenario() == scenario && r.connector().equals(connector))
                .toList();
        if (these.isEmpty()) {
          continue;
        }
        double[] time = these.stream().mapToDouble(Result::seconds).sorted().toArray();
        double[] ratio = these.stream().mapToDouble(Result::ratio).sorted().toArray();
        double[] share = these.stream().mapToDouble(Result::refusedShare).sorted().toArray();
        int[] incidents = these.stream().mapToInt(Result::incidents).sorted().toArray();
        long[] spent = these.stream().mapToLong(Result::retriesSpent).sorted().toArray();
        double medianRatio = median(ratio);
        double medianShare = median(share);
        int medianIncidents = incidents[incidents.length / 2];
        String target =
            !connector.equals("rest")
                ? String.format(
                    Locale.ROOT,
                    "time <= %.2fx %s, 429 <= %.0f %% %s, incidents 0 %s",
                    scenario.targetRatio(),
                    medianRatio <= scenario.targetRatio() ? "met" : "MISSED",
                    100 * scenario.targetRefused(),
                    medianShare <= scenario.targetRefused() ? "met" : "MISSED",
                    medianIncidents == 0 ? "met" : "MISSED")
                : "(peer)";
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %.1f s (%.1f-%.1f) | %.2fx (%.2f-%.2f) | %.1f %% (%.1f-%.1f) | %d (%d-%d) | %d (%d-%d) | %s |%n",
                scenario.title(),
                connector,
                median(time),
                time[0],
                time[time.length - 1],
                medianRatio,
                ratio[0],
                ratio[ratio.length - 1],
                100 * medianShare,
                100 * share[0],
                100 * share[share.length - 1],
                medianIncidents,
                incidents[0],
                incidents[incidents.length - 1],
                spent[spent.length / 2],
                spent[0],
                spent[spent.length - 1],
                target));
      }
    }
    return out.toString();
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static Result one(String connector, Scenario scenario, int run, int groupCount)
      throws Exception {
    ZeebeTestEngine engine = EngineFactory.create();
    engine.start();
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    List<BenchRuntime> runtimes = new ArrayList<>();
    List<Timed> functions = new ArrayList<>();
    try (WasendSimulator wasend = WasendSimulator.start()) {
      wasend.session(KEY, SESSION);
      List<String> groups = new ArrayList<>();
      for (int i = 0; i < groupCount; i++) {
        String group = "120363%012d@g.us".formatted(i);
        groups.add(group);
        wasend.group(SESSION, group, true);
      }
      wasend.rateLimit(scenario.perSecond(), scenario.burst(), true);
      boolean ours = !connector.equals("rest");
      String jobType = ours ? RevokeGroupInviteLinkFunction.JOB_TYPE : HttpJsonFunction.TYPE;
      for (int i = 0; i < scenario.runtimes(); i++) {
        Timed function = new Timed(ours ? allowing(wasend.baseUrl()) : new HttpJsonFunction());
        functions.add(function);
        runtimes.add(new BenchRuntime(engine, function, jobType, Map.of("WASEND_API_KEY", KEY)));
      }
      var client = runtimes.get(0).client();
      String processId;
      if (connector.equals("plain")) {
        processId = "plain-bulk-invite-link-rotation";
        client
            .newDeployResourceCommand()
            .addProcessModel(plainModel(processId), processId + ".bpmn")
            .send()
            .join();
      } else if (ours) {
        processId = "bulk-invite-link-rotation";
        client
            .newDeployResourceCommand()
            .addResourceFile(Path.of("bpmn-examples", "bulk-invite-link-rotation.bpmn").toString())
            .send()
            .join();
      } else {
        processId = "rest-bulk-invite-link-rotation";
        client
            .newDeployResourceCommand()
            .addProcessModel(restModel(processId), processId + ".bpmn")
            .send()
            .join();
      }
      ProcessRecords records = new ProcessRecords(engine);
      List<double[]> samples = new ArrayList<>();
      long start = System.nanoTime();
      clock.scheduleAtFixedRate(
          () ->
              samples.add(
                  new double[] {
                    (System.nanoTime() - start) / 1e9,
                    wasend.requestCount(),
                    wasend.rateLimitedCount()
                  }),
          0,
          100,
          TimeUnit.MILLISECONDS);
      if (scenario.fallsTo() > 0) {
        clock.schedule(
            () -> wasend.changeRateLimit(scenario.fallsTo()),
            (long) (scenario.fallsAfter() * 1000),
            TimeUnit.MILLISECONDS);
      }
      // completion comes with the answer, so the engine's record stream is not scanned while it
      // runs
      var outcome =
          client
              .newCreateInstanceCommand()
              .bpmnProcessId(processId)
              .latestVersion()
              .variables(
                  Map.of(
                      "groupIds", groups, "sessionId", SESSION, "wasendBaseUrl", wasend.baseUrl()))
              .withResult()
              .fetchVariables("none")
              .requestTimeout(java.time.Duration.ofSeconds(DEADLINE_SECONDS + 30))
              .send()
              .toCompletableFuture();
      long deadline = start + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
      int incidents = 0;
      long polls = 0;
      while (System.nanoTime() < deadline && !outcome.isDone()) {
        Thread.sleep(50);
        // settled with incidents: every group either rotated or stuck (one scan a second)
        if (++polls % 20 == 0) {
          incidents = records.incidents().size();
          if (incidents > 0
              && wasend.requestCount() - wasend.rateLimitedCount() + incidents >= groupCount) {
            break;
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      boolean completed = outcome.isDone() && !outcome.isCompletedExceptionally();
      incidents = records.incidents().size();
      int done =
          records
              .processEvents(
                  processId, BpmnElementType.SERVICE_TASK, ProcessInstanceIntent.ELEMENT_COMPLETED)
              .size();
      clock.shutdownNow();
      clock.awaitTermination(1, TimeUnit.SECONDS);
      long retriesSpent =
          StreamSupport.stream(
                  RecordStream.of(engine.getRecordStreamSource()).jobRecords().spliterator(), false)
              .filter(record -> record.getIntent() == JobIntent.FAILED)
              .filter(record -> record.getValue().getType().equals(jobType))
              .count();
      double[] flat = samples.stream().flatMapToDouble(Arrays::stream).toArray();
      return new Result(
          connector,
          scenario,
          run,
          groupCount,
          seconds,
          completed,
          done,
          incidents,
          wasend.rateLimitedCount(),
          wasend.requestCount(),
          retriesSpent,
          Timed.percentiles(functions),
          flat);
    } finally {
      clock.shutdownNow();
      runtimes.forEach(BenchRuntime::close);
      engine.stop();
    }
  }

  /**
   * Our connector as the runtime creates it, its operator allowing the simulator's base URL (the
   * allow-list's JVM property, read when the connector is created).
   */
  private static RevokeGroupInviteLinkFunction allowing(String baseUrl) {
    String before = System.getProperty(AllowedBaseUrls.SYSTEM_PROPERTY);
    System.setProperty(AllowedBaseUrls.SYSTEM_PROPERTY, baseUrl);
    try {
      return new RevokeGroupInviteLinkFunction();
    } finally {
      if (before == null) {
        System.clearProperty(AllowedBaseUrls.SYSTEM_PROPERTY);
      } else {
        System.setProperty(AllowedBaseUrls.SYSTEM_PROPERTY, before);
      }
    }
  }

  /** Our connector as its template fills it in, in the REST peer's model. */
  private static BpmnModelInstance plainModel(String processId) {
    return rotateEveryGroup(
        processId,
        task ->
            task.zeebeJobType(RevokeGroupInviteLinkFunction.JOB_TYPE)
                .zeebeInput("{{secrets.WASEND_API_KEY}}", "apiKey")
                .zeebeInput("=sessionId", "sessionId")
                .zeebeInput("=groupId", "groupId")
                .zeebeInput("=wasendBaseUrl", "baseUrl")
                .zeebeInput("AUTOMATIC", "route")
                .zeebeInput("=10", "connectTimeoutSeconds")
                .zeebeInput("=30", "readTimeoutSeconds")
                .zeebeTaskHeader(
                    "resultExpression", "={inviteLink: inviteLink, expiresAt: expiresAt}"));
  }

  /** The REST connector as its element template fills it in, for the same call. */
  private static BpmnModelInstance restModel(String processId) {
    return rotateEveryGroup(
        processId,
        task ->
            task.zeebeJobType(HttpJsonFunction.TYPE)
                .zeebeInput("bearer", "authentication.type")
                .zeebeInput("{{secrets.WASEND_API_KEY}}", "authentication.token")
                .zeebeInput("POST", "method")
                .zeebeInput(
                    "=wasendBaseUrl + \"/\" + sessionId + \"/groups/\" + groupId + \"/invite-link/revoke\"",
                    "url")
                .zeebeInput("=20", "connectionTimeoutInSeconds")
                .zeebeInput("=20", "readTimeoutInSeconds")
                .zeebeTaskHeader("resultExpression", Paths.REST_RESULT_EXPRESSION));
  }

  /**
   * Both peers' process: one connector task (3 retries, no backoff floor) per group of {@code
   * groupIds}, in parallel, collecting {@code rotatedLinks}; {@code connector} sets its job type,
   * inputs and result expression.
   */
  private static BpmnModelInstance rotateEveryGroup(
      String processId, Consumer<ServiceTaskBuilder> connector) {
    return Bpmn.createExecutableProcess(processId)
        .startEvent()
        .serviceTask(
            "RevokeInviteLinks",
            task -> {
              connector.accept(task);
              task.zeebeJobRetries("3")
                  .zeebeTaskHeader("retryBackoff", "PT0S")
                  .multiInstance(
                      mi ->
                          mi.parallel()
                              .zeebeInputCollectionExpression("groupIds")
                              .zeebeInputElement("groupId")
                              .zeebeOutputCollection("rotatedLinks")
                              .zeebeOutputElementExpression(
                                  "{groupId: groupId, inviteLink: inviteLink, expiresAt:"
                                      + " expiresAt}"));
            })
        .endEvent()
        .done();
  }
}
