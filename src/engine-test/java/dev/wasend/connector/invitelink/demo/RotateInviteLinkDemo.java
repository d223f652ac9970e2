package dev.wasend.connector.invitelink.demo;

import dev.wasend.connector.invitelink.RevokeGroupInviteLinkFunction;
import dev.wasend.connector.invitelink.client.AllowedBaseUrls;
import dev.wasend.connector.invitelink.process.ConnectorWorker;
import dev.wasend.connector.invitelink.process.ProcessRecords;
import dev.wasend.connector.invitelink.simulator.WasendSimulator;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import java.io.PrintStream;
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
 *
 * <p>It tells every failed attempt as it happens, and ends a failure with one line starting {@code
 * demo: FAILED:} and exit code 1. Maven runs it in its own JVM ({@code exec:java}), so that line is
 * the last thing printed: no stack trace, no build report after it.
 */
public final class RotateInviteLinkDemo {

  static final Path EXAMPLE = Path.of("bpmn-examples/rotate-invite-link-on-leak.bpmn");
  static final String PROCESS_ID = "rotate-invite-link-on-leak";
  static final String MESSAGE = "invite-link-leaked";
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  /** The connector's operator allow-list of base URLs, as a JVM system property. */
  static final String ALLOWED_BASE_URLS = AllowedBaseUrls.SYSTEM_PROPERTY;

  private final PrintStream out;

  RotateInviteLinkDemo(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    // exit in any case: the engine and the gRPC client leave non-daemon timer threads behind
    System.exit(run(System.getenv(), System.out, System.err));
  }

  /**
   * The demo as {@link #main} runs it, with its environment and streams given: returns the exit
   * status, 0 when the link rotated, 1 after the one {@code demo: FAILED:} line on {@code err}.
   */
  static int run(Map<String, String> env, PrintStream out, PrintStream err) {
    return exitStatus(() -> new RotateInviteLinkDemo(out).run(env), out, err);
  }

  /** What the demo does between its first line and its exit. */
  interface Body {
    void run() throws Exception;
  }

  /** 0 when {@code body} ends normally; else the one {@code demo: FAILED:} line on err, and 1. */
  static int exitStatus(Body body, PrintStream out, PrintStream err) {
    try {
      body.run();
      return 0;
    } catch (Throwable e) { // one line whatever went wrong: this is the demo's last word
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      out.flush();
      err.println("demo: FAILED: " + AttemptReporter.oneLine(message));
      err.flush();
      return 1;
    }
  }

  private void run(Map<String, String> env) throws Exception {
    long started = System.nanoTime();
    Target target = Target.fromEnvironment(env);
    say(target.describe());

    ZeebeTestEngine engine = EngineFactory.create();
    engine.start();
    say("started an in-memory Zeebe engine (Zeebe Process Test) at " + engine.getGatewayAddress());
    try (WasendSimulator simulator = target.real() ? null : WasendSimulator.start()) {
      // The operator's allow-list must name the base URL before the connector is created, as in a
      // real runtime: the connector reads it then.
      target.baseUrl(simulator).ifPresent(this::allow);
      AttemptReporter connector =
          new AttemptReporter(new RevokeGroupInviteLinkFunction(), this::say);
      try (ConnectorWorker worker =
          ConnectorWorker.start(engine, connector, Map.of("WASEND_API_KEY", target.apiKey()))) {
        rotate(engine, worker, simulator, connector, target, started);
      }
    } finally {
      engine.stop();
    }
  }

  private void rotate(
      ZeebeTestEngine engine,
      ConnectorWorker worker,
      WasendSimulator simulator,
      AttemptReporter connector,
      Target target,
      long started) {
    String oldLink = null;
    if (!target.real()) {
      oldLink = target.prepare(simulator);
      say(
          "simulator at "
              + simulator.baseUrl()
              + " knows group "
              + target.groupId()
              + " with link "
              + oldLink);
    }
    say(
        "connector worker is up for job type dev.wasend:revoke-group-invite-link:1 (production job handler)");

    worker.client().newDeployResourceCommand().addResourceFile(EXAMPLE.toString()).send().join();
    say("deployed " + EXAMPLE);

    Map<String, Object> variables = new HashMap<>();
    variables.put("sessionId", target.sessionId());
    variables.put("groupId", target.groupId());
    target.baseUrl(simulator).ifPresent(url -> variables.put("wasendBaseUrl", url));
    worker
        .client()
        .newPublishMessageCommand()
        .messageName(MESSAGE)
        .correlationKey(target.groupId())
        .variables(variables)
        .send()
        .join();
    say(
        "published message '"
            + MESSAGE
            + "' for group "
            + target.groupId()
            + ": the link has leaked");

    ProcessRecords records = new ProcessRecords(engine);
    try {
      records.await(
          "the rotation to finish",
          TIMEOUT,
          () ->
              !records.completedInstances(PROCESS_ID).isEmpty() || !records.incidents().isEmpty());
    } catch (AssertionError timedOut) {
      throw new IllegalStateException(timeoutMessage(connector, target));
    }
    List<String> incidents = records.incidentMessages();
    if (!incidents.isEmpty()) {
      throw new IllegalStateException(
          "the rotation ended in an incident after "
              + connector.attempts()
              + " attempt(s): "
              + incidents.get(0));
    }
    long instance = records.completedInstances(PROCESS_ID).get(0);
    String newLink = (String) records.variable(instance, "inviteLink").orElseThrow();
    Object expiresAt = records.variable(instance, "expiresAt").orElse(null);

    say(
        "rotated the invite link of group "
            + target.groupId()
            + " in session "
            + target.sessionId());
    if (oldLink != null) {
      say(
          "  old link "
              + oldLink
              + " is "
              + (simulator.isValidInvite(oldLink) ? "STILL VALID" : "no longer valid"));
      say(
          "  new link "
              + newLink
              + " is "
              + (simulator.isValidInvite(newLink) ? "valid" : "NOT VALID"));
      if (simulator.isValidInvite(oldLink) || !simulator.isValidInvite(newLink)) {
        throw new IllegalStateException("the simulator disagrees with the process");
      }
    } else {
      say("  new link " + newLink + " (Wasend invalidated the old one)");
    }
    say(
        "  expires "
            + (expiresAt == null
                ? "never reported (the link is valid until the next reset)"
                : expiresAt));
    say("done in %.1f s".formatted((System.nanoTime() - started) / 1e9));
  }

  /** One line: what happened last, and where to look. */
  static String timeoutMessage(AttemptReporter connector, Target target) {
    String where = target.real() ? target.effectiveBaseUrl() : "the local simulator";
    return connector
        .lastFailure()
        .map(
            last ->
                "no result after %d s and %d attempt(s); the last one failed with %s (%s); check: %s"
                    .formatted(
                        TIMEOUT.toSeconds(),
                        connector.attempts(),
                        last.summary(),
                        last.message(),
                        hint(last.code(), where)))
        .orElse(
            "no result after %d s and %d attempt(s) and no failure reported; check that a job was created (the message '%s' must reach the process) and that the worker for %s is running"
                .formatted(
                    TIMEOUT.toSeconds(),
                    connector.attempts(),
                    MESSAGE,
                    RevokeGroupInviteLinkFunction.JOB_TYPE));
  }

  private static String hint(String code, String where) {
    if (code == null) {
      return "the error table in the README";
    }
    return switch (code) {
      case "WASEND_SERVER_ERROR" ->
          where
              + " answers with server errors (5xx): is it the Wasend API, and is it up? Try again later";
      case "WASEND_NETWORK_ERROR" ->
          where + " cannot be reached in time: WASEND_BASE_URL, DNS, proxy, firewall and TLS";
      case "WASEND_RATE_LIMITED" ->
          "the API key is rate limited at " + where + ": wait, then run again";
      default -> "the error table in the README for " + code;
    };
  }

  /** Adds a base URL to the connector's allow-list for this JVM (what an operator configures). */
  void allow(String baseUrl) {
    String current = System.getProperty(ALLOWED_BASE_URLS);
    if (current == null || current.isBlank()) {
      System.setProperty(ALLOWED_BASE_URLS, baseUrl);
    } else if (!List.of(current.split(",")).contains(baseUrl)) {
      System.setProperty(ALLOWED_BASE_URLS, current + "," + baseUrl);
    }
    say("allowed base URL " + baseUrl + " for this run (" + ALLOWED_BASE_URLS + ")");
  }

  void say(String line) {
    out.println("demo: " + line);
  }

  /** Where the demo sends the revoke: the local simulator, or a real group. */
  record Target(String apiKey, String sessionId, String groupId, String baseUrl, boolean real) {
    static final String SIMULATED_KEY = "demo-api-key";

    static Target fromEnvironment(Map<String, String> env) {
      String key = env.get("WASEND_API_KEY");
      String session = env.get("WASEND_SESSION_ID");
      String group = env.get("WASEND_GROUP_ID");
      if (isSet(key) && isSet(session) && isSet(group)) {
        String baseUrl = env.get("WASEND_BASE_URL");
        return new Target(key, session, group, isSet(baseUrl) ? baseUrl.strip() : null, true);
      }
      return new Target(SIMULATED_KEY, "demo-session", "120363012345678901@g.us", null, false);
    }

    private static boolean isSet(String value) {
      return value != null && !value.isBlank();
    }

    String describe() {
      if (real) {
        return "REAL MODE: this revokes the invite link of WhatsApp group "
            + groupId
            + " (session "
            + sessionId
            + ") at "
            + effectiveBaseUrl()
            + ". Its current link stops working.";
      }
      return "embedded mode: a local Wasend simulator stands in for the service"
          + " (set WASEND_API_KEY, WASEND_SESSION_ID and WASEND_GROUP_ID to use a real group)";
    }

    /** Registers the demo group with the simulator and returns its current link. */
    String prepare(WasendSimulator simulator) {
      simulator.session(apiKey, sessionId);
      simulator.group(sessionId, groupId, true);
      return simulator.currentInviteLink(groupId);
    }

    String effectiveBaseUrl() {
      return baseUrl == null ? "https://api.wasend.dev" : baseUrl;
    }

    Optional<String> baseUrl(WasendSimulator simulator) {
      return real ? Optional.ofNullable(baseUrl) : Optional.of(simulator.baseUrl());
    }
  }
}
