package dev.wasend.connector.invitelink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The standalone runtime jar (built and checked with {@code ./mvnw -Pstandalone verify} only): the
 * connector runtime with our connector, and none of the build tools or the engine.
 */
class StandaloneJarIT {

  private static final String SERVICES =
      "META-INF/services/io.camunda.connector.api.outbound.OutboundConnectorFunction";

  @Test
  void theStandaloneJarIsTheRuntimeWithTheConnectorButNotTheBuildTools() throws IOException {
    Path standalone = Path.of(System.getProperty("standalone.jar"));
    List<String> entries;
    try (JarFile file = new JarFile(standalone.toFile())) {
      entries = Collections.list(file.entries()).stream().map(entry -> entry.getName()).toList();
      assertThat(file.getManifest().getMainAttributes().getValue("Start-Class"))
          .isEqualTo("dev.wasend.connector.invitelink.standalone.WasendConnectorRuntime");
    }
    assertThat(entries)
        .contains(
            "BOOT-INF/classes/dev/wasend/connector/invitelink/standalone/WasendConnectorRuntime.class",
            "BOOT-INF/classes/dev/wasend/connector/invitelink/RevokeGroupInviteLinkFunction.class",
            "BOOT-INF/classes/" + SERVICES)
        .anyMatch(name -> name.startsWith("BOOT-INF/lib/spring-boot-starter-camunda-connectors-"))
        .anyMatch(name -> name.startsWith("BOOT-INF/lib/connector-core-"))
        .noneMatch(name -> name.contains("element-template-generator"))
        .noneMatch(
            name -> name.contains("zeebe-process-test") || name.contains("zeebe-workflow-engine"));
  }

  /** docs/deployment.md gives its size as "about N MB": it must stay true. */
  @Test
  void theDocumentedSizeIsTheRealOne() throws IOException {
    long megabytes =
        Math.round(Files.size(Path.of(System.getProperty("standalone.jar"))) / 1_000_000.0);
    Matcher stated =
        Pattern.compile("about (\\d+) MB")
            .matcher(Files.readString(Path.of("docs/deployment.md")).replaceAll("\\s+", " "));
    assertThat(stated.find()).as("docs/deployment.md states the standalone jar's size").isTrue();
    assertThat(Long.parseLong(stated.group(1)))
        .as("the standalone jar is %d MB now", megabytes)
        .isCloseTo(megabytes, withinPercentage(5));
  }
}
