package dev.wasend.connector.invitelink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/** What the *IT tests need to look at what {@code package} built. */
final class BuiltArtifacts {

  private BuiltArtifacts() {}

  /** A system property the pom's failsafe configuration sets, such as the path of a jar. */
  static String required(String property) {
    String value = System.getProperty(property);
    assertThat(value)
        .as("system property %s (set by the pom's failsafe configuration)", property)
        .isNotBlank();
    return value;
  }

  /** The names of a jar's entries, folders included. */
  static List<String> entries(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(ZipEntry::getName).toList();
    }
  }
}
