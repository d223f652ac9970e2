package dev.wasend.connector.invitelink;

import static dev.wasend.connector.invitelink.BuiltArtifacts.required;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark (docs/performance.md) joins the build only with {@code -Pbench}, so no other test
 * compiles it: without this one, a change to the code it measures could leave it broken until the
 * next time someone runs it. Compiled in a clean copy of the sources, as a user would run it. Among
 * the engine's tests: the benchmark's engine part needs the embedded engine, which {@code
 * -DskipEngine} never downloads.
 */
class BenchCompilesIT {

  private static final String[] SOURCES = {"pom.xml", "mvnw", "mvnw.cmd", ".mvn", "LICENSE", "src"};

  private final Path basedir = Path.of(required("project.basedir"));

  @Test
  void theBenchmarkCompiles() throws Exception {
    NestedBuild build = NestedBuild.copyOf(basedir, "bench-compile", SOURCES);
    build.run(
        List.of(
            "-Pbench", "test-compile", "-Dtemplate-check.skip=true", "-Dspotless.check.skip=true"),
        Map.of());
    assertThat(
            build
                .directory()
                .resolve(
                    "target/test-classes/dev/wasend/connector/invitelink/bench/BenchMain.class"))
        .as("the benchmark's entry point was compiled")
        .exists();
  }
}
