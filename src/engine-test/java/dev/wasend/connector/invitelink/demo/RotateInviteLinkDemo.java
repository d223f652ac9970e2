package dev.wasend.connector.invitelink.demo;

import dev.wasend.connector.invitelink.process.ConnectorWorker;
import dev.wasend.connector.invitelink.process.ProcessRecords;
import dev.wasend.connector.invitelink.simulator.WasendSimulator;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The main job, end to end on one machine: an in-memory Zeebe engine, the connector behind the
 * runtime's production job handler, and the "rotate on leak" example from {@code bpmn-examples/}.
 *
 * <p>By default it talks to the local Wasend simulator. With {@code WASEND_API_KEY}, {@code
 * WASEND_SESSION_ID} and {@code WASEND_GROUP_ID} set (and optionally {@code WASEND_BASE_URL}) it
 * revokes that real group's invite link instead, and says so first.
 */
public final class RotateInviteLinkDemo {

  static final Path EXAMPLE = Path.of("bpmn-examples/rotate-invite-link-on-leak.bpmn");
  static final String PROCESS_ID = "rotate-invite-link-on-leak";
  static final String MESSAGE = "invite-link-leaked";

  private RotateInviteLinkDemo() {}

  public static void main(String[] args) {
    try {
      run();
    } catch (Exception | AssertionError e) {
      System.err.println("demo: FAILED: " + e.getMessage());
      System.exit(1);
    }
    // the engine and the gRPC client leave non-daemon timer threads behind
    System.exit(0);
  }

  static void run() throws Exception {
    long started = System.nanoTime();
    Target target = Target.fromEnvironment(System.getenv());
    say(target.describe());

    ZeebeTestEngine engine = EngineFactory.create();
    engine.start();
    say("started an in-memory Zeebe engine (Zeebe Process Test) at " + engine.getGatewayAddress());
    try (WasendSimulator simulator = target.real() ? null : WasendSimulator.start();
        ConnectorWorker worker = ConnectorWorker.allowing(target.baseUrl(simulator).orElse(dev.wasend.connector.invitelink.model.BaseUrl.DEFAULT), engine, Map.of("WASEND_API_KEY", target.apiKey()))) {
      String oldLink = target.real() ? null : target.prepare(simulator);
      say("connector worker is up for job type dev.wasend:revoke-group-invite-link:1 (production job handler)");

      worker.client().newDeployResourceCommand().addResourceFile(EXAMPLE.toString()).send().join();
      say("deployed " + EXAMPLE);

      Map<String, Object> variables = new HashMap<>();
      variables.put("sessionId", target.sessionId());
      variables.put("groupId", target.groupId());
      target.baseUrl(simulator).ifPresent(url -> variables.put("wasendBaseUrl", url));
      worker.client()
          .newPublishMessageCommand()
          .messageName(MESSAGE)
          .correlationKey(target.groupId())
          .variables(variables)
          .send()
          .join();
      say("published message '" + MESSAGE + "' for group " + target.groupId() + ": the link has leaked");

      ProcessRecords records = new ProcessRecords(engine);
      records.await(
          "the rotation to finish",
          Duration.ofSeconds(90),
          () -> !records.completedInstances(PROCESS_ID).isEmpty() || !records.incidents().isEmpty());
      List<String> incidents = records.incidentMessages();
      if (!incidents.isEmpty()) {
        throw new IllegalStateException("the rotation ended in an incident: " + incidents.get(0));
      }
      long instance = records.completedInstances(PROCESS_ID).get(0);
      String newLink = (String) records.variable(instance, "inviteLink").orElseThrow();
      Object expiresAt = records.variable(instance, "expiresAt").orElse(null);

      say("rotated the invite link of group " + target.groupId() + " in session " + target.sessionId());
      if (oldLink != null) {
        say("  old link " + oldLink + " is " + (simulator.isValidInvite(oldLink) ? "STILL VALID" : "no longer valid"));
        say("  new link " + newLink + " is " + (simulator.isValidInvite(newLink) ? "valid" : "NOT VALID"));
        if (simulator.isValidInvite(oldLink) || !simulator.isValidInvite(newLink)) {
          throw new IllegalStateException("the simulator disagrees with the process");
        }
      } else {
        say("  new link " + newLink + " (Wasend invalidated the old one)");
      }
      say("  expires " + (expiresAt == null ? "never reported (the link is valid until the next reset)" : expiresAt));
      say("done in %.1f s".formatted((System.nanoTime() - started) / 1e9));
    } finally {
      engine.stop();
    }
  }

  static void say(String line) {
    System.out.println("demo: " + line);
  }

  /** Where the demo sends the revoke: the local simulator, or a real group. */
  record Target(String apiKey, String sessionId, String groupId, String baseUrl, boolean real) {
    static final String SIMULATED_KEY = "demo-api-key";

    static Target fromEnvironment(Map<String, String> env) {
      String key = env.get("WASEND_API_KEY");
      String session = env.get("WASEND_SESSION_ID");
      String group = env.get("WASEND_GROUP_ID");
      if (isSet(key) && isSet(session) && isSet(group)) {
        return new Target(key, session, group, env.get("WASEND_BASE_URL"), true);
      }
      return new Target(SIMULATED_KEY, "demo-session", "120363012345678901@g.us", null, false);
    }

    private static boolean isSet(String value) {
      return value != null && !value.isBlank();
    }

    String describe() {
      if (real) {
        return "REAL MODE: this revokes the invite link of WhatsApp group " + groupId + " (session "
            + sessionId + ") at " + (baseUrl == null ? "https://api.wasend.dev" : baseUrl)
            + ". Its current link stops working.";
      }
      return "embedded mode: a local Wasend simulator stands in for the service"
          + " (set WASEND_API_KEY, WASEND_SESSION_ID and WASEND_GROUP_ID to use a real group)";
    }

    /** Registers the demo group with the simulator and returns its current link. */
    String prepare(WasendSimulator simulator) {
      simulator.session(apiKey, sessionId);
      simulator.group(sessionId, groupId, true);
      String link = simulator.currentInviteLink(groupId);
      say("simulator at " + simulator.baseUrl() + " knows group " + groupId + " with link " + link);
      return link;
    }

    Optional<String> baseUrl(WasendSimulator simulator) {
      return real ? Optional.ofNullable(baseUrl) : Optional.of(simulator.baseUrl());
    }
  }
}
