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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README shows pictures rendered from the template and the examples. The render scripts
 * record the checksums of what they rendered; when a source changes without new pictures, this
 * fails and says how to make them again.
 */
class PicturesAreCurrentTest {

  @ParameterizedTest
  @ValueSource(strings = {"docs/images/template-properties.sha256", "docs/images/examples.sha256"})
  void everyPictureWasMadeFromTheCurrentFiles(String manifest) throws IOException {
    List<String> lines = Files.readAllLines(Path.of(manifest));
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      String recorded = line.substring(0, 64);
      Path source = Path.of(line.substring(66));
      assertThat(sha256(source))
          .as(
              "%s changed since its pictures were made: run tools/render-template.sh and"
                  + " tools/render-examples.sh (see their headers)",
              source)
          .isEqualTo(recorded);
    }
  }

  @Test
  void everyExampleHasAPicture() throws IOException {
    String manifest = Files.readString(Path.of("docs/images/examples.sha256"));
    try (Stream<Path> examples = Files.list(Path.of("bpmn-examples"))) {
      for (Path example : examples.filter(path -> path.toString().endsWith(".bpmn")).toList()) {
        String stem = example.getFileName().toString().replace(".bpmn", "");
        assertThat(manifest).contains("bpmn-examples/" + stem + ".bpmn");
        assertThat(Path.of("docs/images/example-" + stem + ".png")).exists();
      }
    }
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
