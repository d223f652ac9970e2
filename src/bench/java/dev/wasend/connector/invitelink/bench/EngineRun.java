package dev.wasend.connector.invitelink.bench;

import dev.wasend.connector.invitelink.RevokeGroupInviteLinkFunction;
import dev.wasend.connector.invitelink.process.ConnectorWorker;
import dev.wasend.connector.invitelink.process.ProcessRecords;
import dev.wasend.connector.invitelink.simulator.WasendSimulator;
import io.camunda.connector.http.rest.HttpJsonFunction;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rotating many groups through the embedded Zeebe engine while the (in-process) Wasend simulator
 * limits the key to 50 requests/s: ours with the shipped bulk example (template defaults: 10
 * retries, PT1S backoff, Retry-After honoured), and Camunda's REST connector with its template's
 * defaults (3 retries, no backoff) in an equivalent model built in code.
 */
final class EngineRun {

  static final double PER_SECOND = 50;
  static final int BURST = Integer.getInteger("bench.engine.burst", 50);
  static final String KEY = "wsk_bench_engine_5c1d";
  static final String SESSION = "community-ops";

  static String run(boolean quick) throws Exception {
    int groups = Integer.getInteger("bench.engine.groups", quick ? 200 : 1000);
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "Embedded engine: %d groups in one parallel multi-instance, simulator limit %.0f req/s (burst %d, Retry-After sent); ideal %.1f s%n",
        groups, PER_SECOND, BURST, groups / PER_SECOND));
    out.append(one("ours", groups)).append(one("rest", groups));
    return out.toString();
  }

  private static String one(String connector, int groupCount) throws Exception {
    ZeebeTestEngine engine = EngineFactory.create();
    engine.start();
    try (WasendSimulator wasend = WasendSimulator.start()) {
      wasend.session(KEY, SESSION);
      List<String> groups = new ArrayList<>();
      for (int i = 0; i < groupCount; i++) {
        String group = "120363%012d@g.us".formatted(i);
        groups.add(group);
        wasend.group(SESSION, group, true);
      }
      wasend.rateLimit(PER_SECOND, BURST, true);
      Map<String, String> secrets = Map.of("WASEND_API_KEY", KEY);
      boolean ours = connector.equals("ours");
      String processId;
      try (ConnectorWorker worker =
          ours
              ? ConnectorWorker.allowing(wasend.baseUrl(), engine, secrets)
              : ConnectorWorker.start(engine, new HttpJsonFunction(), HttpJsonFunction.TYPE, secrets)) {
        var client = worker.client();
        if (ours) {
          processId = "bulk-invite-link-rotation";
          client.newDeployResourceCommand()
              .addResourceFile(Path.of("bpmn-examples", "bulk-invite-link-rotation.bpmn").toString())
              .send().join();
        } else {
          processId = "rest-bulk-invite-link-rotation";
          client.newDeployResourceCommand().addProcessModel(restModel(processId), processId + ".bpmn").send().join();
        }
        ProcessRecords records = new ProcessRecords(engine);
        long start = System.nanoTime();
        long instance = client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
            .variables(Map.of("groupIds", groups, "sessionId", SESSION, "wasendBaseUrl", wasend.baseUrl()))
            .send().join().getProcessInstanceKey();
        long deadline = start + 300_000_000_000L;
        boolean completed = false;
        int done = 0;
        int incidents = 0;
        while (System.nanoTime() < deadline) {
          Thread.sleep(500);
          completed = records.completedInstances(processId).contains(instance);
          done = records.processEvents(processId, BpmnElementType.SERVICE_TASK, ProcessInstanceIntent.ELEMENT_COMPLETED).size();
          incidents = records.incidents().size();
          if (completed || done + incidents >= groupCount) {
            break;
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT,
            "  %-4s %s after %.1f s (%.2fx ideal): %d of %d rotated, %d incidents, %d x 429, %d requests; %s%n",
            connector, completed ? "process completed" : "all jobs settled", seconds, seconds / (groupCount / PER_SECOND),
            done, groupCount, incidents, wasend.rateLimitedCount(), wasend.requests().size(), Machine.load());
      }
    } finally {
      engine.stop();
    }
  }

  /** The REST connector as its element template fills it in, for the same call. */
  private static BpmnModelInstance restModel(String processId) {
    return Bpmn.createExecutableProcess(processId)
        .startEvent()
        .serviceTask("RevokeInviteLinks", task -> task
            .zeebeJobType(HttpJsonFunction.TYPE)
            .zeebeJobRetries("3")
            .zeebeInput("bearer", "authentication.type")
            .zeebeInput("{{secrets.WASEND_API_KEY}}", "authentication.token")
            .zeebeInput("POST", "method")
            .zeebeInput("=wasendBaseUrl + \"/\" + sessionId + \"/groups/\" + groupId + \"/invite-link/revoke\"", "url")
            .zeebeInput("=20", "connectionTimeoutInSeconds")
            .zeebeInput("=20", "readTimeoutInSeconds")
            .zeebeTaskHeader("resultExpression", Paths.REST_RESULT_EXPRESSION)
            .zeebeTaskHeader("retryBackoff", "PT0S")
            .multiInstance(mi -> mi.parallel()
                .zeebeInputCollectionExpression("groupIds")
                .zeebeInputElement("groupId")
                .zeebeOutputCollection("rotatedLinks")
                .zeebeOutputElementExpression("{groupId: groupId, inviteLink: inviteLink, expiresAt: expiresAt}")))
        .endEvent()
        .done();
  }
}
