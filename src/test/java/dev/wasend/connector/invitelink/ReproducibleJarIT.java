package dev.wasend.connector.invitelink;

import static dev.wasend.connector.invitelink.BuiltArtifacts.required;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
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
    Path copy = basedir.resolve("target/reproducible-build");
    deleteRecursively(copy);
    for (String source : JAR_SOURCES) {
      copyRecursively(basedir.resolve(source), copy.resolve(source));
    }

    Path log = basedir.resolve("target/reproducible-build.log");
    List<String> command = new ArrayList<>();
    boolean windows = System.getProperty("os.name").startsWith("Windows");
    command.add(copy.resolve(windows ? "mvnw.cmd" : "mvnw").toString());
    command.addAll(List.of("--offline", "--batch-mode", "--no-transfer-progress"));
    String repository = System.getProperty("maven.repo.local");
    if (repository != null && !repository.isBlank()) {
      command.add("-Dmaven.repo.local=" + repository);
    }
    command.addAll(
        List.of(
            "resources:resources@default-resources",
            "compiler:compile@default-compile",
            "jar:jar@default-jar"));
    ProcessBuilder build =
        new ProcessBuilder(command)
            .directory(copy.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // the same JDK as this build: compiled classes depend on the compiler
    build.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = build.start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES))
        .as("the second build finished; see %s", log)
        .isTrue();
    assertThat(process.exitValue()).as("the second build succeeded; see %s", log).isZero();

    Path rebuilt = copy.resolve("target").resolve(shipped.getFileName());
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

  private static void copyRecursively(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES); // keeps mvnw executable
        }
      }
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    }
  }
}
