package dev.wasend.connector.invitelink;

import static dev.wasend.connector.invitelink.BuiltArtifacts.entries;
import static dev.wasend.connector.invitelink.BuiltArtifacts.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wasend.connector.invitelink.simulator.WasendSimulator;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The simulator jar as users get it from Maven Central (classifier {@code simulator}, README
 * "Testing your processes"): it holds the simulator and nothing else, and it "needs only the JDK":
 * loaded by a class loader that sees the jar and the JDK's platform modules, nothing of this
 * build's class path, every class links and the README's own example runs. Runs after {@code
 * package} (failsafe); the pom passes the jar's path.
 */
class SimulatorJarIT {

  private static final String PACKAGE = "dev/wasend/connector/invitelink/simulator/";

  private final Path jar = Path.of(required("simulator.jar"));

  @Test
  void holdsTheSimulatorClassesAndTheLicenceAndNothingElse() throws Exception {
    List<String> entries = entries(jar);

    assertThat(entries)
        .contains(
            "META-INF/MANIFEST.MF",
            "META-INF/LICENSE",
            PACKAGE + "WasendSimulator.class",
            PACKAGE + "Fault.class",
            PACKAGE + "RecordedRequest.class",
            PACKAGE + "SuccessFlavour.class");
    assertThat(entries)
        .allSatisfy(
            name ->
                assertThat(
                        name.endsWith("/")
                            || name.equals("META-INF/MANIFEST.MF")
                            || name.equals("META-INF/LICENSE")
                            || name.startsWith(PACKAGE)
                                && name.endsWith(".class")
                                && name.indexOf('/', PACKAGE.length()) < 0)
                    .as("unexpected entry %s", name)
                    .isTrue());
    // the simulator's own tests stay out; every other class the build compiled for it is in
    assertThat(entries).noneMatch(name -> name.matches(".*Test(\\$.*)?\\.class"));
    assertThat(entries.stream().filter(name -> name.endsWith(".class")))
        .containsExactlyInAnyOrderElementsOf(compiledSimulatorClasses());
  }

  @Test
  void loadsAndRunsTheReadmeExampleWithOnlyTheJdk() throws Exception {
    // Parent: the platform class loader, so only the jar and the JDK's own modules are visible:
    // no test class path, no connector, no JUnit, no Jackson.
    try (URLClassLoader loader =
        new URLClassLoader(
            "simulator-only",
            new URL[] {jar.toUri().toURL()},
            ClassLoader.getPlatformClassLoader())) {
      for (String name : entries(jar)) {
        if (name.endsWith(".class")) {
          String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
          Class<?> type = Class.forName(className, true, loader);
          assertThat(type.getClassLoader()).isSameAs(loader);
          type.getDeclaredMethods();
          type.getDeclaredFields();
          type.getDeclaredConstructors();
        }
      }
      Class<?> simulatorType = loader.loadClass(WasendSimulator.class.getName());
      assertThat(simulatorType).isNotSameAs(WasendSimulator.class);
      assertThat(simulatorType.getProtectionDomain().getCodeSource().getLocation().toURI())
          .isEqualTo(jar.toUri());
      Class<?> faultType = loader.loadClass(PACKAGE.replace('/', '.') + "Fault");

      // The README's example, call for call.
      Object wasend = simulatorType.getMethod("start").invoke(null);
      try {
        call(wasend, "session", "test-key", "ops");
        String group = "120363012345678901@g.us";
        String oldCode = (String) call(wasend, "group", "ops", group, true);
        call(wasend, "rateLimit", 10.0, 5, true);
        Object faults = Array.newInstance(faultType, 1);
        Array.set(faults, 0, faultType.getField("BAD_GATEWAY_HTML").get(null));
        call(wasend, "inject", faults);
        String baseUrl = (String) call(wasend, "baseUrl");

        // what the connector would do: one attempt meets the 502, the retry revokes
        assertThat(revoke(baseUrl, "test-key").statusCode()).isEqualTo(502);
        HttpResponse<String> retry = revoke(baseUrl, "test-key");
        assertThat(retry.statusCode()).isEqualTo(200);

        String newLink = (String) call(wasend, "currentInviteLink", group);
        assertThat(retry.body()).contains("\"inviteLink\":\"" + newLink + "\"");
        assertThat(newLink).doesNotEndWith(oldCode);
        assertThat(call(wasend, "isValidInvite", oldCode)).isEqualTo(false);
        assertThat(call(wasend, "isValidInvite", newLink)).isEqualTo(true);
        assertThat((List<?>) call(wasend, "requests")).hasSize(2);
      } finally {
        call(wasend, "close");
      }
    }
  }

  private static HttpResponse<String> revoke(String baseUrl, String key)
      throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(
                  URI.create(baseUrl + "/ops/groups/120363012345678901%40g.us/invite-link/revoke"))
              .header("Authorization", "Bearer " + key)
              .timeout(Duration.ofSeconds(5))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  /** Calls the public method of that name and arity (the simulator's are not overloaded by it). */
  private static Object call(Object target, String name, Object... args) throws Exception {
    List<Method> candidates =
        Stream.of(target.getClass().getMethods())
            .filter(m -> m.getName().equals(name) && m.getParameterCount() == args.length)
            .toList();
    assertThat(candidates).as("%s with %d parameters", name, args.length).hasSize(1);
    try {
      return candidates.get(0).invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /**
   * The simulator's classes as this build compiled them (the folder this test sees them in), but
   * its tests.
   */
  private static List<String> compiledSimulatorClasses() throws Exception {
    Path classes =
        Path.of(WasendSimulator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(classes).as("the compiled test classes").isDirectory();
    try (Stream<Path> files = Files.walk(classes.resolve(PACKAGE))) {
      List<String> compiled =
          files
              .filter(file -> file.toString().endsWith(".class"))
              .map(file -> classes.relativize(file).toString().replace('\\', '/'))
              .filter(name -> !name.matches(".*Test(\\$.*)?\\.class"))
              .toList();
      assertThat(compiled).contains(PACKAGE + "WasendSimulator.class");
      return compiled;
    }
  }
}
