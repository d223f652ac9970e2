package dev.wasend.connector.invitelink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wasend.connector.invitelink.harness.TemplateDefaults;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed template is a public contract: it must be exactly what the code generates, and
 * its id, version and job type must be the documented ones.
 */
class ElementTemplateTest {

  private static final String FILE = "wasend-revoke-group-invite-link.json";

  @Test
  void theCommittedTemplateIsWhatTheCodeGenerates() throws IOException {
    Path generated = Path.of(System.getProperty("templates.generated", "target/generated-element-templates"), FILE);
    Path committed = Path.of(System.getProperty("templates.committed", "element-templates"), FILE);
    assertThat(generated).as("the build generates the template before the tests run").exists();
    assertThat(Files.readString(committed))
        .as(
            "element-templates/%s differs from what the code generates. After a deliberate change,"
                + " bump TEMPLATE_VERSION and run ./mvnw -Pupdate-templates process-classes",
            FILE)
        .isEqualTo(Files.readString(generated));
  }

  @Test
  void idVersionAndJobTypeAreThePublishedOnes() {
    JsonNode template = TemplateDefaults.template();
    var annotation = RevokeGroupInviteLinkFunction.class.getAnnotation(ElementTemplate.class);
    var connector = RevokeGroupInviteLinkFunction.class.getAnnotation(OutboundConnector.class);

    assertThat(template.get("id").asText()).isEqualTo("dev.wasend.connectors.RevokeGroupInviteLink.v1");
    assertThat(template.get("version").asInt()).isEqualTo(annotation.version()).isEqualTo(3);
    assertThat(connector.type()).isEqualTo("dev.wasend:revoke-group-invite-link:1");
    assertThat(template.get("engines").get("camunda").asText()).isEqualTo("^8.8");
    assertThat(TemplateDefaults.value("resultExpression"))
        .isEqualTo("={inviteLink: inviteLink, expiresAt: expiresAt}");
    List<String> groups = new ArrayList<>();
    template.get("groups").forEach(group -> groups.add(group.get("id").asText()));
    assertThat(groups).containsSubsequence("authentication", "group", "connection", "output", "error", "retries");
  }

  /** Modeler offers an update only from a version it knows: every earlier one stays published. */
  @Test
  void everyEarlierVersionIsKeptWithTheSameId() throws Exception {
    JsonNode current = TemplateDefaults.template();
    for (int version = 1; version < current.get("version").asInt(); version++) {
      java.nio.file.Path file =
          java.nio.file.Path.of("element-templates/versioned/wasend-revoke-group-invite-link-" + version + ".json");
      JsonNode earlier = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
      assertThat(earlier.get("id").asText()).as(file.toString()).isEqualTo(current.get("id").asText());
      assertThat(earlier.get("version").asInt()).as(file.toString()).isEqualTo(version);
    }
  }

  @Test
  void everyInputOfTheTemplateIsOneTheConnectorReads() {
    var connector = RevokeGroupInviteLinkFunction.class.getAnnotation(OutboundConnector.class);
    List<String> inputs = new ArrayList<>();
    for (JsonNode property : TemplateDefaults.template().get("properties")) {
      if (property.path("binding").path("type").asText().equals("zeebe:input")) {
        inputs.add(property.path("binding").path("name").asText());
      }
    }
    assertThat(inputs).containsExactlyInAnyOrder(connector.inputVariables());
  }
}
