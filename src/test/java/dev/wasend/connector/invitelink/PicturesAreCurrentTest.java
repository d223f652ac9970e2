package dev.wasend.connector.invitelink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README shows pictures rendered from the templates and the examples. The render script records
 * the checksums of what it rendered; when a source changes without new pictures, this fails and
 * says how to make them again.
 */
class PicturesAreCurrentTest {

  private static final String RENDER =
      "run tools/render-pictures.sh (needs Node.js 20.9+ and Debian's chromium; see its header)";

  @ParameterizedTest
  @MethodSource("manifests")
  void everyPictureWasMadeFromTheCurrentFiles(Path manifest) throws IOException {
    List<String> lines = Files.readAllLines(manifest);
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      String recorded = line.substring(0, 64);
      Path source = Path.of(line.substring(66));
      assertThat(source).as("%s lists %s, which is gone: %s", manifest, source, RENDER).exists();
      assertThat(sha256(source))
          .as("%s changed since its pictures were made: %s", source, RENDER)
          .isEqualTo(recorded);
    }
  }

  /** Every manifest the render script wrote; the template's and the examples' always exist. */
  static List<Path> manifests() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("docs/images"))) {
      List<Path> manifests =
          files.filter(path -> path.toString().endsWith(".sha256")).sorted().toList();
      assertThat(manifests)
          .contains(
              Path.of("docs/images/template-properties.sha256"),
              Path.of("docs/images/examples.sha256"));
      return manifests;
    }
  }

  @Test
  void aHybridTemplateHasAPicture() throws IOException {
    Path hybrid = Path.of("element-templates/hybrid");
    List<Path> templates;
    try (Stream<Path> files = Files.isDirectory(hybrid) ? Files.list(hybrid) : Stream.empty()) {
      templates = files.filter(path -> path.toString().endsWith(".json")).toList();
    }
    Path manifest = Path.of("docs/images/template-properties-hybrid.sha256");
    if (templates.isEmpty()) {
      assertThat(manifest)
          .as("no hybrid template, so no picture of one: %s", RENDER)
          .doesNotExist();
      return;
    }
    assertThat(manifest).as("the hybrid template has no picture: %s", RENDER).exists();
    for (Path template : templates) {
      assertThat(Files.readString(manifest)).as(RENDER).contains(template.toString());
    }
    assertThat(Path.of("docs/images/template-properties-hybrid.png")).exists();
  }

  @Test
  void everyExampleHasAPicture() throws IOException {
    String manifest = Files.readString(Path.of("docs/images/examples.sha256"));
    try (Stream<Path> examples = Files.list(Path.of("bpmn-examples"))) {
      for (Path example : examples.filter(path -> path.toString().endsWith(".bpmn")).toList()) {
        String stem = example.getFileName().toString().replace(".bpmn", "");
        assertThat(manifest).as(RENDER).contains("bpmn-examples/" + stem + ".bpmn");
        assertThat(Path.of("docs/images/example-" + stem + ".png")).exists();
      }
    }
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
