package dev.wasend.connector.invitelink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wasend.connector.invitelink.harness.TemplateDefaults;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import io.camunda.connector.runtime.core.config.ConnectorConfigurationOverrides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed templates are a public contract: they must be exactly what the build generates (the
 * generator, then the step that copies the keywords to the top level), their id, version and job
 * type must be the documented ones, and a published version never changes.
 */
class ElementTemplateTest {

  private static final String MAIN = "wasend-revoke-group-invite-link.json";
  private static final String HYBRID = "hybrid/wasend-revoke-group-invite-link-hybrid.json";
  private static final Path COMMITTED =
      Path.of(System.getProperty("templates.committed", "element-templates"));
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * SHA-256 of every published version of the main template, the current one included, and the
   * commit that holds it. A published version never changes: Modeler users have diagrams made with
   * it. The current version is element-templates/{@value #MAIN}; versioned/ keeps each earlier one
   * byte for byte (tools/update-templates.sh copies it there when the version changes; if that copy
   * is not the published file, restore it from the commit).
   *
   * <p>README: "Every template change bumps the version". So a changed template fails here until it
   * has a new version: bump TEMPLATE_VERSION, run tools/update-templates.sh, add the new version's
   * checksum here (and the hybrid's below).
   */
  private static final Map<Integer, String[]> PUBLISHED =
      Map.of(
          1,
              new String[] {
                "b62e2ee4a0b6a476cbcc8820ffbd83d1ef21e6becfcaa1550515a30665c549a7", "55056b8"
              },
          2,
              new String[] {
                "3aeddbbd71ca6bcd9dc456999230063fb9da49517b38bb6ec450b9502ee99e1e", "a7acc0b"
              },
          3,
              new String[] {
                "4a083ec4259b19261570c7b9b1e3f49c5707adcd591570add4eb732021152398", "4d8880a"
              });

  /**
   * SHA-256 of the hybrid template per version, from {@value #FIRST_HYBRID_VERSION} on, when it was
   * first published. The current one is element-templates/{@value #HYBRID}; versioned/ keeps each
   * earlier one as wasend-revoke-group-invite-link-hybrid-N.json (tools/update-templates.sh copies
   * it there when the version changes).
   */
  private static final Map<Integer, String> PUBLISHED_HYBRID =
      Map.of(3, "9cb3ce5cf52b53303858907c29291a0f3cb9e6d2a8871407f0bfa9c9790fbde8");

  private static final int FIRST_HYBRID_VERSION = 3;

  private static final String NEEDS_A_NEW_VERSION =
      "A changed template needs a new version: bump TEMPLATE_VERSION in"
          + " RevokeGroupInviteLinkFunction, run tools/update-templates.sh, and add the new"
          + " version's SHA-256 to PUBLISHED and PUBLISHED_HYBRID in ElementTemplateTest";

  @ParameterizedTest
  @ValueSource(strings = {MAIN, HYBRID})
  void theCommittedTemplateIsWhatTheBuildGenerates(String file) throws IOException {
    Path generated =
        Path.of(
            System.getProperty("templates.generated", "target/generated-element-templates"), file);
    assertThat(generated).as("the build generates the template before the tests run").exists();
    assertThat(Files.readString(COMMITTED.resolve(file)))
        .as(
            "element-templates/%s differs from what the build generates. After a deliberate change,"
                + " bump TEMPLATE_VERSION and run tools/update-templates.sh",
            file)
        .isEqualTo(Files.readString(generated));
  }

  @Test
  void idVersionAndJobTypeAreThePublishedOnes() {
    JsonNode template = TemplateDefaults.template();
    var annotation = RevokeGroupInviteLinkFunction.class.getAnnotation(ElementTemplate.class);
    var connector = RevokeGroupInviteLinkFunction.class.getAnnotation(OutboundConnector.class);

    assertThat(template.get("id").asText())
        .isEqualTo("dev.wasend.connectors.RevokeGroupInviteLink.v1");
    assertThat(template.get("version").asInt()).isEqualTo(annotation.version()).isEqualTo(3);
    assertThat(connector.type()).isEqualTo("dev.wasend:revoke-group-invite-link:1");
    assertThat(template.get("engines").get("camunda").asText()).isEqualTo("^8.8");
    assertThat(TemplateDefaults.value("resultExpression"))
        .isEqualTo("={inviteLink: inviteLink, expiresAt: expiresAt}");
    List<String> groups = new ArrayList<>();
    template.get("groups").forEach(group -> groups.add(group.get("id").asText()));
    assertThat(groups)
        .containsSubsequence("authentication", "group", "connection", "output", "error", "retries");
  }

  /** Modeler's search reads the top-level keywords; metadata.keywords are custom data only. */
  @ParameterizedTest
  @ValueSource(strings = {MAIN, HYBRID})
  void modelerSearchFindsTheTemplateByItsKeywords(String file) throws IOException {
    JsonNode template = JSON.readTree(COMMITTED.resolve(file).toFile());
    var annotation = RevokeGroupInviteLinkFunction.class.getAnnotation(ElementTemplate.class);

    List<String> keywords = new ArrayList<>();
    template.path("keywords").forEach(keyword -> keywords.add(keyword.asText()));
    assertThat(keywords)
        .containsExactly(annotation.metadata().keywords())
        .contains("whatsapp", "invite link");
  }

  /**
   * The hybrid template: the same task, but the job type is an editable field, so a process can
   * send the jobs to a runtime of its own that was started with the matching override.
   */
  @Test
  void theHybridTemplateIsTheMainOneWithAnEditableJobType() throws IOException {
    JsonNode main = TemplateDefaults.template();
    JsonNode hybrid = JSON.readTree(COMMITTED.resolve(HYBRID).toFile());

    assertThat(hybrid.get("id").asText())
        .isEqualTo(RevokeGroupInviteLinkFunction.TEMPLATE_ID + "-hybrid");
    assertThat(hybrid.get("version").asInt()).isEqualTo(main.get("version").asInt());
    assertThat(hybrid.get("engines")).isEqualTo(main.get("engines"));
    JsonNode jobType = property(hybrid, "zeebe:taskDefinition", "type");
    assertThat(jobType.get("type").asText())
        .as("editable in the properties panel")
        .isEqualTo("String");
    assertThat(jobType.get("value").asText()).isEqualTo(RevokeGroupInviteLinkFunction.JOB_TYPE);
    assertThat(property(main, "zeebe:taskDefinition", "type").get("type").asText())
        .isEqualTo("Hidden");
    assertThat(inputs(hybrid)).isEqualTo(inputs(main));
  }

  /**
   * The README's hybrid-mode variable: the runtime derives it from the connector's name. A runtime
   * with it set works that job type instead of the default one.
   */
  @Test
  void theJobTypeOverrideVariableIsTheDocumentedOne() {
    var connector = RevokeGroupInviteLinkFunction.class.getAnnotation(OutboundConnector.class);
    Map<String, String> environment =
        Map.of(
            "CONNECTOR_WASEND_REVOKE_GROUP_INVITE_LINK_TYPE",
            "dev.wasend:revoke-group-invite-link:eu");

    var overrides = new ConnectorConfigurationOverrides(connector.name(), environment::get);

    assertThat(overrides.typeOverride()).contains("dev.wasend:revoke-group-invite-link:eu");
  }

  /** Modeler offers an update only from a version it knows: every earlier one stays published. */
  @Test
  void everyEarlierVersionIsKeptWithTheSameId() throws Exception {
    JsonNode current = TemplateDefaults.template();
    for (int version = 1; version < current.get("version").asInt(); version++) {
      Path file =
          COMMITTED.resolve("versioned/wasend-revoke-group-invite-link-" + version + ".json");
      JsonNode earlier = JSON.readTree(file.toFile());
      assertThat(earlier.get("id").asText())
          .as(file.toString())
          .isEqualTo(current.get("id").asText());
      assertThat(earlier.get("version").asInt()).as(file.toString()).isEqualTo(version);
    }
  }

  /**
   * versioned/ holds earlier versions only, each published one: a copy of the current version there
   * (left by an update that was abandoned) would give Modeler two templates with one id and
   * version.
   */
  @Test
  void versionedHoldsOnlyThePublishedEarlierVersions() throws Exception {
    int current = TemplateDefaults.template().get("version").asInt();
    List<String> expected = new ArrayList<>();
    for (int version = 1; version < current; version++) {
      expected.add("wasend-revoke-group-invite-link-" + version + ".json");
      if (version >= FIRST_HYBRID_VERSION) {
        expected.add("wasend-revoke-group-invite-link-hybrid-" + version + ".json");
      }
    }
    try (Stream<Path> files = Files.list(COMMITTED.resolve("versioned"))) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .as("element-templates/versioned/ at current version %d", current)
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void everyPublishedVersionIsKeptExactlyAsPublished() throws Exception {
    int current = TemplateDefaults.template().get("version").asInt();
    assertThat(PUBLISHED.keySet())
        .as(
            "every version up to the current one, %d, has its published checksum here. %s",
            current, NEEDS_A_NEW_VERSION)
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, current).boxed().toList());
    for (var published : PUBLISHED.entrySet()) {
      int version = published.getKey();
      if (version == current) {
        assertThat(sha256(COMMITTED.resolve(MAIN)))
            .as(
                "element-templates/%s is not version %d as published. %s",
                MAIN, version, NEEDS_A_NEW_VERSION)
            .isEqualTo(published.getValue()[0]);
        continue;
      }
      String name = "wasend-revoke-group-invite-link-" + version + ".json";
      Path file = COMMITTED.resolve("versioned").resolve(name);
      assertThat(sha256(file))
          .as(
              "%s is not the published version %s; restore it: git show %s:element-templates/%s > %s",
              file, version, published.getValue()[1], MAIN, "element-templates/versioned/" + name)
          .isEqualTo(published.getValue()[0]);
    }
  }

  @Test
  void everyPublishedHybridVersionIsKeptExactlyAsPublished() throws Exception {
    int current = TemplateDefaults.template().get("version").asInt();
    assertThat(PUBLISHED_HYBRID.keySet())
        .as(
            "every hybrid version from %d up to the current one, %d, has its checksum here. %s",
            FIRST_HYBRID_VERSION, current, NEEDS_A_NEW_VERSION)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.rangeClosed(FIRST_HYBRID_VERSION, current).boxed().toList());
    for (var published : PUBLISHED_HYBRID.entrySet()) {
      int version = published.getKey();
      Path file =
          version == current
              ? COMMITTED.resolve(HYBRID)
              : COMMITTED.resolve(
                  "versioned/wasend-revoke-group-invite-link-hybrid-" + version + ".json");
      assertThat(sha256(file))
          .as(
              "%s is not the hybrid template of version %d as published. %s",
              file, version, NEEDS_A_NEW_VERSION)
          .isEqualTo(published.getValue());
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void everyInputOfTheTemplateIsOneTheConnectorReads() {
    var connector = RevokeGroupInviteLinkFunction.class.getAnnotation(OutboundConnector.class);
    assertThat(inputs(TemplateDefaults.template()))
        .containsExactlyInAnyOrder(connector.inputVariables());
  }

  private static List<String> inputs(JsonNode template) {
    List<String> inputs = new ArrayList<>();
    for (JsonNode property : template.get("properties")) {
      if (property.path("binding").path("type").asText().equals("zeebe:input")) {
        inputs.add(property.path("binding").path("name").asText());
      }
    }
    return inputs;
  }

  private static JsonNode property(JsonNode template, String bindingType, String bindingProperty) {
    for (JsonNode property : template.get("properties")) {
      JsonNode binding = property.path("binding");
      if (binding.path("type").asText().equals(bindingType)
          && binding.path("property").asText().equals(bindingProperty)) {
        return property;
      }
    }
    throw new AssertionError("no property bound to " + bindingType + " " + bindingProperty);
  }
}
