package dev.wasend.connector.invitelink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second Maven build of this project, run by the Maven Wrapper in a copy of some of its sources
 * under {@code target/}: how the *IT tests check what a clean checkout builds. It uses the same JDK
 * and the same local repository as this build.
 */
final class NestedBuild {

  private final Path directory;
  private final Path log;

  private NestedBuild(Path directory, Path log) {
    this.directory = directory;
    this.log = log;
  }

  /** A fresh copy of {@code sources} (paths relative to {@code basedir}) in target/{name}. */
  static NestedBuild copyOf(Path basedir, String name, String... sources) throws IOException {
    Path directory = basedir.resolve("target").resolve(name);
    deleteRecursively(directory);
    for (String source : sources) {
      copyRecursively(basedir.resolve(source), directory.resolve(source));
    }
    return new NestedBuild(directory, basedir.resolve("target").resolve(name + ".log"));
  }

  Path directory() {
    return directory;
  }

  /**
   * Runs the wrapper with {@code arguments}; fails unless it succeeds within ten minutes. Returns
   * what it printed.
   */
  String run(List<String> arguments, Map<String, String> environment) throws Exception {
    boolean windows = System.getProperty("os.name").startsWith("Windows");
    return start(
        List.of(directory.resolve(windows ? "mvnw.cmd" : "mvnw").toString()),
        arguments,
        environment);
  }

  /**
   * Runs one of the repository's bash scripts that hand their arguments on to the wrapper (such as
   * tools/update-templates.sh), with the Maven arguments {@link #run} gives the wrapper.
   */
  String runScript(String script, List<String> arguments) throws Exception {
    return start(List.of("bash", directory.resolve(script).toString()), arguments, Map.of());
  }

  /** {@code program}, then the Maven arguments every nested build gets, then {@code arguments}. */
  private String start(
      List<String> program, List<String> arguments, Map<String, String> environment)
      throws Exception {
    List<String> command = new ArrayList<>(program);
    command.addAll(List.of("--batch-mode", "--no-transfer-progress"));
    String repository = System.getProperty("maven.repo.local");
    if (repository != null && !repository.isBlank()) {
      command.add("-Dmaven.repo.local=" + repository);
    }
    command.addAll(arguments);
    ProcessBuilder build =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // the same JDK as this build: compiled classes depend on the compiler
    build.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // a signing key or passphrase of whoever runs the tests never reaches a nested build, neither
    // from the environment nor from a ~/.mavenrc, which Maven's start script reads
    build.environment().keySet().removeIf(name -> name.startsWith("MAVEN_GPG_"));
    build.environment().put("MAVEN_SKIP_RC", "true");
    build.environment().remove("MAVEN_ARGS"); // the arguments above are all the build gets
    build.environment().putAll(environment);
    Process process = build.start();
    assertThat(process.waitFor(10, TimeUnit.MINUTES))
        .as("the nested build finished; see %s", log)
        .isTrue();
    assertThat(process.exitValue()).as("the nested build succeeded; see %s", log).isZero();
    return Files.readString(log);
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
