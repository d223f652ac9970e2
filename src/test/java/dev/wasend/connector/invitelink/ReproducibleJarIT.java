package dev.wasend.connector.invitelink;

import static dev.wasend.connector.invitelink.BuiltArtifacts.required;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Reproducible builds: the shipped jar, built a second time from a clean copy of its sources, has
 * exactly the same bytes as the one this build made. Anyone can then rebuild a release from its tag
 * and check it against what was published.
 *
 * <p>Cheap on purpose: the copy holds only what the jar is made of (the pom, the wrapper, {@code
 * src/main}, the licence), and the second build runs only the three executions that make the jar
 * ({@code default-resources}, {@code default-compile}, {@code default-jar}, with their settings
 * from the pom), offline, against the local repository this build already filled. A few seconds.
 */
class ReproducibleJarIT {

  private static final String[] JAR_SOURCES = {
    "pom.xml", "mvnw", "mvnw.cmd", ".mvn", "LICENSE", "src/main"
  };

  private final Path basedir = Path.of(required("project.basedir"));
  private final Path shipped = Path.of(required("shipped.jar"));

  @Test
  void theJarBuiltAgainFromACleanCopyHasTheSameBytes() throws Exception {
    NestedBuild build = NestedBuild.copyOf(basedir, "reproducible-build", JAR_SOURCES);
    build.run(
        List.of(
            "--offline",
            "resources:resources@default-resources",
            "compiler:compile@default-compile",
            "jar:jar@default-jar"),
        Map.of());

    Path rebuilt = build.directory().resolve("target").resolve(shipped.getFileName());
    assertThat(rebuilt).as("the second build made %s", shipped.getFileName()).exists();
    assertThat(Files.mismatch(shipped, rebuilt))
        .as(
            "%s and its rebuild from a clean copy differ (first differing byte; -1 = none). Entries"
                + " that differ: %s",
            shipped.getFileName(), differingEntries(shipped, rebuilt))
        .isEqualTo(-1L);
  }

  /** name -> "size/crc/time" of each entry, to say what differs when the bytes do. */
  private static List<String> differingEntries(Path a, Path b) throws IOException {
    Map<String, String> left = describe(a);
    Map<String, String> right = describe(b);
    List<String> differing = new ArrayList<>();
    for (String name : new TreeSet<>(union(left, right))) {
      if (!String.valueOf(left.get(name)).equals(String.valueOf(right.get(name)))) {
        differing.add(name + " (" + left.get(name) + " vs " + right.get(name) + ")");
      }
    }
    return differing;
  }

  private static Set<String> union(Map<String, String> a, Map<String, String> b) {
    Set<String> names = new HashSet<>(a.keySet());
    names.addAll(b.keySet());
    return names;
  }

  private static Map<String, String> describe(Path jar) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      file.stream()
          .forEach(
              e ->
                  entries.put(
                      e.getName(),
                      e.getSize() + "/" + Long.toHexString(e.getCrc()) + "/" + e.getTime()));
    }
    return entries;
  }
}
