package dev.wasend.connector.invitelink.process;

import dev.wasend.connector.invitelink.simulator.WasendSimulator;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Common ground of the example tests: each deploys a file from {@code bpmn-examples/} as it is,
 * against the embedded engine, the connector behind the production job handler, and the Wasend
 * simulator. The examples read {@code wasendBaseUrl} to find the simulator, which the runtime's
 * allow-list lets the key go to ({@link ConnectorWorker#allowing}).
 */
abstract class ExampleProcessTest {

  static final String KEY = "wsk_test_process_5c1d";
  static final String SESSION = "community-ops";

  ZeebeTestEngine engine; // injected by @ZeebeProcessTest

  WasendSimulator wasend;
  ConnectorWorker worker;
  ProcessRecords records;

  @BeforeEach
  void startRuntime() {
    wasend = WasendSimulator.start();
    wasend.session(KEY, SESSION);
    worker = ConnectorWorker.allowing(wasend.baseUrl(), engine, secrets());
    records = new ProcessRecords(engine);
  }

  Map<String, String> secrets() {
    return Map.of("WASEND_API_KEY", KEY);
  }

  @AfterEach
  void stopRuntime() {
    worker.close();
    wasend.close();
  }

  CamundaClient client() {
    return worker.client();
  }

  void deploy(String file) {
    client()
        .newDeployResourceCommand()
        .addResourceFile(Path.of("bpmn-examples", file).toString())
        .send()
        .join();
  }

  long start(String processId, Map<String, Object> variables) {
    return client()
        .newCreateInstanceCommand()
        .bpmnProcessId(processId)
        .latestVersion()
        .variables(variables)
        .send()
        .join()
        .getProcessInstanceKey();
  }
}
