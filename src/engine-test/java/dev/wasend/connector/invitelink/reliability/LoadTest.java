package dev.wasend.connector.invitelink.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasend.connector.invitelink.RevokeGroupInviteLinkFunction;
import dev.wasend.connector.invitelink.error.RetryPolicy;
import dev.wasend.connector.invitelink.process.ConnectorWorker;
import dev.wasend.connector.invitelink.process.ProcessRecords;
import dev.wasend.connector.invitelink.simulator.WasendSimulator;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Load: 1 000 leaks at once (published as fast as the embedded gateway takes them) through the
 * embedded engine, the production handler and the simulator, with a rate limit far below the demand
 * so that 429s are certain. Every rotation must complete without an incident and without spending a
 * retry on the rate limit (no job fails: the pacer holds them back instead), with 1 000 distinct
 * new links and every old link dead. The wall time and the 429 count go to
 * target/reliability/load.md for the report; they are figures, not assertions.
 */
@ZeebeProcessTest
class LoadTest {

  static final int INSTANCES = 1_000;
  static final String KEY = "wsk_load_test_key";
  static final String SESSION = "load";
  static final String PROCESS = "rotate-invite-link-on-leak";

  ZeebeTestEngine engine;

  /** The production default: the build runs unit tests with a shorter hold. */
  @BeforeAll
  static void productionHold() {
    System.setProperty(RetryPolicy.MAX_HOLD_PROPERTY, "60");
  }

  @AfterAll
  static void buildHold() {
    System.clearProperty(RetryPolicy.MAX_HOLD_PROPERTY);
  }

  @Test
  void aThousandRotationsAtOnceAllCompleteUnderRateLimiting() throws IOException {
    try (WasendSimulator wasend = WasendSimulator.start();
        ConnectorWorker worker =
            ConnectorWorker.allowing(wasend.baseUrl(), engine, Map.of("WASEND_API_KEY", KEY))) {
      wasend.session(KEY, SESSION);
      Map<String, String> oldCodes = new HashMap<>();
      for (int i = 0; i < INSTANCES; i++) {
        String group = "120363%012d@g.us".formatted(i);
        oldCodes.put(group, wasend.group(SESSION, group, true));
      }
      wasend.rateLimit(30, 20, true); // below what the embedded engine pushes (about 40 jobs/s)
      worker
          .client()
          .newDeployResourceCommand()
          .addResourceFile("bpmn-examples/rotate-invite-link-on-leak.bpmn")
          .send()
          .join();
      ProcessRecords records = new ProcessRecords(engine);

      long start = System.nanoTime();
      // as fast as the gateway takes them: 100 publications in flight at a time
      List<CompletableFuture<?>> inFlight = new ArrayList<>();
      for (String group : oldCodes.keySet()) {
        inFlight.add(
            worker
                .client()
                .newPublishMessageCommand()
                .messageName("invite-link-leaked")
                .correlationKey(group)
                .variables(
                    Map.of(
                        "groupId", group, "sessionId", SESSION, "wasendBaseUrl", wasend.baseUrl()))
                .send()
                .toCompletableFuture());
        if (inFlight.size() == 100) {
          CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
          inFlight.clear();
        }
      }
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
      records.await(
          INSTANCES + " rotations",
          Duration.ofMinutes(3),
          () ->
              records.completedInstances(PROCESS).size() >= INSTANCES
                  || !records.incidents().isEmpty());
      Duration wall = Duration.ofNanos(System.nanoTime() - start);

      assertThat(records.incidentMessages()).isEmpty();
      assertThat(records.completedInstances(PROCESS)).hasSize(INSTANCES);
      Set<String> newLinks = new HashSet<>();
      for (long instance : records.completedInstances(PROCESS)) {
        newLinks.add((String) records.variable(instance, "inviteLink").orElseThrow());
      }
      assertThat(newLinks).hasSize(INSTANCES);
      oldCodes.forEach(
          (group, oldCode) -> {
            assertThat(wasend.isValidInvite(oldCode)).as(group + " old link").isFalse();
            assertThat(newLinks).contains(wasend.currentInviteLink(group));
          });
      int rateLimited = wasend.rateLimitedCount();
      assertThat(rateLimited).as("the limit must really bite").isPositive();
      long failedJobs =
          StreamSupport.stream(
                  RecordStream.of(engine.getRecordStreamSource()).jobRecords().spliterator(), false)
              .filter(record -> record.getIntent() == JobIntent.FAILED)
              .filter(
                  record ->
                      record.getValue().getType().equals(RevokeGroupInviteLinkFunction.JOB_TYPE))
              .count();
      assertThat(failedJobs).as("jobs that spent a retry on the rate limit").isZero();

      Path report = Path.of("target/reliability/load.md");
      Files.createDirectories(report.getParent());
      Files.writeString(
          report,
          "| %d instances at once | limit 30/s, burst 20 | wall %.1f s (ideal %.1f s) | %d × 429 | %d requests | 0 incidents | 0 retries spent |%n"
              .formatted(
                  INSTANCES,
                  wall.toMillis() / 1000.0,
                  INSTANCES / 30.0,
                  rateLimited,
                  wasend.requestCount()));
      System.out.println("load: " + Files.readString(report).strip());
    }
  }
}
