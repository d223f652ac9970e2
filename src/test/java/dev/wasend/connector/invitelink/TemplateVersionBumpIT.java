package dev.wasend.connector.invitelink;

import static dev.wasend.connector.invitelink.BuiltArtifacts.required;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README, "Public contract": after a version bump, tools/update-templates.sh regenerates the
 * committed templates and keeps the previous version of each, main and hybrid, under
 * element-templates/versioned/ byte for byte, so that diagrams made with it still find it in
 * Modeler. Done for real in a copy of the sources: the version bumped by one, the script run.
 */
class TemplateVersionBumpIT {

  private static final String[] SOURCES = {
    "pom.xml",
    "mvnw",
    "mvnw.cmd",
    ".mvn",
    "LICENSE",
    "src/main",
    "element-templates",
    "tools/update-templates.sh"
  };
  private static final String FUNCTION =
      "src/main/java/dev/wasend/connector/invitelink/RevokeGroupInviteLinkFunction.java";
  private static final String MAIN = "element-templates/wasend-revoke-group-invite-link.json";
  private static final String HYBRID =
      "element-templates/hybrid/wasend-revoke-group-invite-link-hybrid.json";

  private final Path basedir = Path.of(required("project.basedir"));

  @Test
  void aBumpKeepsThePreviousMainAndHybridTemplates() throws Exception {
    int current = RevokeGroupInviteLinkFunction.TEMPLATE_VERSION;
    NestedBuild build = NestedBuild.copyOf(basedir, "template-version-bump", SOURCES);
    Path copy = build.directory();
    Path function = copy.resolve(FUNCTION);
    String before = Files.readString(function);
    String bumped =
        before.replace(
            "TEMPLATE_VERSION = " + current + ";", "TEMPLATE_VERSION = " + (current + 1) + ";");
    assertThat(bumped).as("the copy's TEMPLATE_VERSION line").isNotEqualTo(before);
    Files.writeString(function, bumped);

    build.runScript("tools/update-templates.sh", List.of("--offline", "-q"));

    Path versioned = copy.resolve("element-templates/versioned");
    assertThat(versioned.resolve("wasend-revoke-group-invite-link-" + current + ".json"))
        .hasSameBinaryContentAs(basedir.resolve(MAIN));
    assertThat(versioned.resolve("wasend-revoke-group-invite-link-hybrid-" + current + ".json"))
        .hasSameBinaryContentAs(basedir.resolve(HYBRID));
    ObjectMapper json = new ObjectMapper();
    for (String template : List.of(MAIN, HYBRID)) {
      assertThat(json.readTree(copy.resolve(template).toFile()).get("version").asInt())
          .as(template)
          .isEqualTo(current + 1);
    }

    // run again, as after any later change: the new version is now the published one
    List<String> kept = listing(versioned);
    byte[] hybridBefore = Files.readAllBytes(copy.resolve(HYBRID));
    build.runScript("tools/update-templates.sh", List.of("--offline", "-q"));
    assertThat(listing(versioned)).as("versioned/ after a second run").isEqualTo(kept);
    assertThat(Files.readAllBytes(copy.resolve(HYBRID))).isEqualTo(hybridBefore);
  }

  private static List<String> listing(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }
}
