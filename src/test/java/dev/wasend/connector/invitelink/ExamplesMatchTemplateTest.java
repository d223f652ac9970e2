package dev.wasend.connector.invitelink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wasend.connector.invitelink.harness.TemplateDefaults;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.Test;

/**
 * Every connector task in {@code bpmn-examples/} carries what the current template writes: its id,
 * version, job type and icon, every input it binds (the API key as its secret reference, a
 * dropdown's value among its choices), no output mapping, and only headers it defines, the id and
 * version among them. So the examples never drift from the template.
 */
class ExamplesMatchTemplateTest {

  private static final String ZEEBE_NS = "http://camunda.org/schema/zeebe/1.0";
  private static final Path EXAMPLES = Path.of("bpmn-examples");

  @Test
  void theFourExamplesExist() throws IOException {
    assertThat(exampleFiles())
        .extracting(path -> path.getFileName().toString())
        .containsExactlyInAnyOrder(
            "rotate-invite-link-on-leak.bpmn",
            "scheduled-invite-link-rotation.bpmn",
            "bulk-invite-link-rotation.bpmn",
            "invite-link-error-handling.bpmn");
  }

  @Test
  void everyConnectorTaskMatchesTheCurrentTemplate() throws IOException {
    JsonNode template = TemplateDefaults.template();
    String templateId = template.get("id").asText();
    String version = template.get("version").asText();
    Set<String> inputs = new HashSet<>();
    Set<String> headers = new HashSet<>();
    Map<String, Set<String>> choices = new HashMap<>();
    String jobType = null;
    for (JsonNode property : template.get("properties")) {
      JsonNode binding = property.get("binding");
      switch (binding.get("type").asText()) {
        case "zeebe:input" -> inputs.add(binding.get("name").asText());
        case "zeebe:taskHeader" -> headers.add(binding.get("key").asText());
        case "zeebe:taskDefinition" -> {
          if (binding.get("property").asText().equals("type")) {
            jobType = property.get("value").asText();
          }
        }
        default -> {}
      }
      if (property.has("choices")) {
        Set<String> values = new HashSet<>();
        property.get("choices").forEach(choice -> values.add(choice.get("value").asText()));
        choices.put(binding.get("name").asText(), values);
      }
    }

    int tasks = 0;
    for (Path file : exampleFiles()) {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
        String where = file.getFileName() + "#" + task.getId();
        ZeebeTaskDefinition definition = extension(task, ZeebeTaskDefinition.class);
        boolean ours = definition != null && jobType.equals(definition.getType());
        String linkedTemplate = task.getAttributeValueNs(ZEEBE_NS, "modelerTemplate");
        if (!ours && linkedTemplate == null) {
          continue;
        }
        tasks++;
        assertThat(linkedTemplate).as(where + " template id").isEqualTo(templateId);
        assertThat(task.getAttributeValueNs(ZEEBE_NS, "modelerTemplateVersion"))
            .as(where + " template version")
            .isEqualTo(version);
        assertThat(ours).as(where + " job type").isTrue();
        assertThat(task.getAttributeValueNs(ZEEBE_NS, "modelerTemplateIcon"))
            .as(where + " icon")
            .isEqualTo(template.get("icon").get("contents").asText());

        Map<String, String> taskInputs = new HashMap<>();
        ZeebeIoMapping mapping = extension(task, ZeebeIoMapping.class);
        for (ZeebeInput input : mapping.getInputs()) {
          taskInputs.put(input.getTarget(), input.getSource());
        }
        assertThat(taskInputs.keySet()).as(where + " inputs").isEqualTo(inputs);
        assertThat(mapping.getOutputs())
            .as(where + " outputs (the template maps results by header)")
            .isEmpty();
        choices.forEach(
            (name, values) ->
                assertThat(values).as(where + " " + name).contains(taskInputs.get(name)));

        Map<String, String> taskHeaders = new HashMap<>();
        for (ZeebeHeader header : extension(task, ZeebeTaskHeaders.class).getHeaders()) {
          taskHeaders.put(header.getKey(), header.getValue());
        }
        assertThat(headers).as(where + " headers").containsAll(taskHeaders.keySet());
        assertThat(taskHeaders)
            .as(where + " headers")
            .containsEntry("elementTemplateId", templateId)
            .containsEntry("elementTemplateVersion", version)
            .containsKey("resultExpression");
        assertThat(taskInputs.get("apiKey"))
            .as(where + " apiKey is a secret reference")
            .isEqualTo("{{secrets.WASEND_API_KEY}}");
      }
    }
    assertThat(tasks).as("connector tasks across the examples").isGreaterThanOrEqualTo(4);
  }

  private static <T extends ModelElementInstance> T extension(BaseElement element, Class<T> type) {
    if (element.getExtensionElements() == null) {
      return null;
    }
    return element.getExtensionElements().getElementsQuery().filterByType(type).list().stream()
        .findFirst()
        .orElse(null);
  }

  private static List<Path> exampleFiles() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(path -> path.toString().endsWith(".bpmn")).sorted().toList();
    }
  }
}
