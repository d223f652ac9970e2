package dev.wasend.connector.invitelink;

import static dev.wasend.connector.invitelink.BuiltArtifacts.entries;
import static dev.wasend.connector.invitelink.BuiltArtifacts.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The jar exactly as users mount it under {@code /opt/custom} of the connectors image: what it
 * holds, how big it is, and that the runtime finds and loads the connector from it with nothing but
 * what the runtime itself provides to connectors. Runs after {@code package} (failsafe); the pom
 * passes the jar's path, and the runtime API comes from this test's own class path.
 */
class ShippedJarIT {

  /**
   * A sanity bound, not a budget: far above what this project's classes take, far below what any
   * bundled library would add. The size itself is reported (target/reliability/shipped-jar.md).
   */
  private static final long SANITY_BOUND = 200_000;

  private static final String SERVICES =
      "META-INF/services/io.camunda.connector.api.outbound.OutboundConnectorFunction";
  private static final String MAVEN_METADATA =
      "META-INF/maven/dev.wasend.camunda/wasend-revoke-group-invite-link-connector/";

  /**
   * What the connector runtime provides to connectors, by artifact id: the SDK, validation and
   * Jackson, with what they need. The versions are the ones this build resolved.
   */
  private static final Set<String> RUNTIME_API =
      Set.of(
          "connector-core",
          "slf4j-api",
          "connector-validation",
          "hibernate-validator",
          "jboss-logging",
          "classmate",
          "jakarta.validation-api",
          "jackson-databind",
          "jackson-core",
          "jackson-annotations");

  private final Path jar = Path.of(required("shipped.jar"));

  @Test
  void holdsOnlyOurClassesTheServicesFileTheIconAndTheLicence() throws IOException {
    List<String> entries = entries(jar);

    assertThat(entries)
        .contains(
            "dev/wasend/connector/invitelink/RevokeGroupInviteLinkFunction.class",
            SERVICES,
            "icon.svg",
            "META-INF/MANIFEST.MF",
            "META-INF/LICENSE");
    assertThat(entries)
        .allSatisfy(
            name ->
                assertThat(
                        name.endsWith("/")
                            || name.startsWith("dev/wasend/connector/invitelink/")
                                && name.endsWith(".class")
                            || name.equals(SERVICES)
                            || name.equals("icon.svg")
                            || name.equals("META-INF/MANIFEST.MF")
                            || name.equals("META-INF/LICENSE")
                            // the pom does not ship it (addMavenDescriptor=false), but it would be
                            // harmless
                            || name.startsWith(MAVEN_METADATA))
                    .as("unexpected entry %s", name)
                    .isTrue());
    // The standalone runtime's main class lives in src/standalone/java and only in the -standalone
    // jar: the connector jar must never carry Spring Boot code or its entry point.
    assertThat(entries).noneMatch(name -> name.contains("/standalone/"));
    assertThat(entries).noneMatch(name -> name.startsWith("BOOT-INF/"));
  }

  @Test
  void staysFarFromBundlingALibrary() throws IOException {
    long size = Files.size(jar);
    Path report = Path.of("target/reliability/shipped-jar.md");
    Files.createDirectories(report.getParent());
    Files.writeString(
        report, "| shipped jar | " + size + " bytes | " + entries(jar).size() + " entries |\n");
    assertThat(size).isLessThan(SANITY_BOUND);
  }

  /** README.md and docs/deployment.md give the size as "about N KB": it must stay true. */
  @Test
  void theDocumentedSizeIsTheRealOne() throws IOException {
    long kilobytes = Math.round(Files.size(jar) / 1000.0);
    Pattern about = Pattern.compile("about (\\d+) KB");
    for (String doc : List.of("README.md", "docs/deployment.md")) {
      Matcher stated = about.matcher(Files.readString(Path.of(doc)).replaceAll("\\s+", " "));
      assertThat(stated.find()).as("%s states the jar's size", doc).isTrue();
      assertThat(Long.parseLong(stated.group(1)))
          .as("%s: the jar is %d KB now", doc, kilobytes)
          .isCloseTo(kilobytes, withinPercentage(5));
    }
  }

  /**
   * The SBOM (RELEASING.md: published with each release) names the connector as Apache-2.0 and
   * lists what it needs at run time: never the template generator's own libraries (CHANGELOG) or
   * anything of test scope, and the connector runtime only in {@code -Pstandalone}, whose jar
   * bundles it.
   */
  @Test
  void theSbomListsWhatTheConnectorNeedsAtRunTime() throws IOException {
    Path sbom = Path.of(required("shipped.jar")).resolveSibling("bom.json");
    JsonNode bom = new ObjectMapper().readTree(sbom.toFile());
    assertThat(bom.at("/metadata/component/licenses/0/license/id").asText())
        .isEqualTo("Apache-2.0");
    List<String> components = new ArrayList<>();
    bom.path("components")
        .forEach(c -> components.add(c.path("group").asText() + ":" + c.path("name").asText()));
    assertThat(components)
        .contains(
            "io.camunda.connector:connector-core",
            "com.fasterxml.jackson.core:jackson-databind",
            "org.hibernate.validator:hibernate-validator")
        .noneMatch(
            name ->
                name.matches(
                    ".*(pebble|unbescape|markdowngenerator|podam|zeebe-process-test"
                        + "|zeebe-workflow-engine|junit|wiremock|jqwik|assertj|archunit"
                        + "|bcpg-jdk18on).*"));
    if (required("connector-runtime.scope").equals("compile")) {
      assertThat(components).contains("io.camunda.connector:connector-runtime-spring");
    } else {
      assertThat(components)
          .noneMatch(name -> name.matches(".*(spring|zeebe|connector-runtime).*"));
    }
  }

  @Test
  void registersExactlyOurConnector() throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      String services =
          new String(
              file.getInputStream(file.getEntry(SERVICES)).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(
              services
                  .lines()
                  .map(String::strip)
                  .filter(line -> !line.isEmpty() && !line.startsWith("#")))
          .containsExactly(RevokeGroupInviteLinkFunction.class.getName());
      ZipEntry licence = file.getEntry("META-INF/LICENSE");
      String text = new String(file.getInputStream(licence).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(text).contains("Apache License", "Version 2.0, January 2004");
    }
  }

  @Test
  void theRuntimeDiscoversTheConnectorWithOnlyItsOwnApiBesideTheJar() throws Exception {
    List<URL> urls = new ArrayList<>();
    urls.add(jar.toUri().toURL());
    for (String entry : runtimeApiClassPath()) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    // Parent: the platform class loader, so nothing of the test class path (target/classes, the
    // template generator, the engine) can help.
    try (URLClassLoader loader =
        new URLClassLoader(
            "runtime", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Class<?> functionType = loader.loadClass(OutboundConnectorFunction.class.getName());
      @SuppressWarnings("unchecked")
      ServiceLoader<Object> services =
          (ServiceLoader<Object>) ServiceLoader.load(functionType, loader);
      List<Object> functions = services.stream().map(ServiceLoader.Provider::get).toList();

      assertThat(functions).hasSize(1);
      Class<?> connector = functions.get(0).getClass();
      assertThat(connector.getName()).isEqualTo(RevokeGroupInviteLinkFunction.class.getName());
      assertThat(connector.getClassLoader()).isSameAs(loader);
      assertThat(connector).isNotSameAs(RevokeGroupInviteLinkFunction.class);
      assertThat(connector.getProtectionDomain().getCodeSource().getLocation().toURI())
          .isEqualTo(jar.toUri());

      @SuppressWarnings("unchecked")
      Class<? extends java.lang.annotation.Annotation> annotationType =
          (Class<? extends java.lang.annotation.Annotation>)
              loader.loadClass(OutboundConnector.class.getName());
      Object annotation = connector.getAnnotation(annotationType);
      assertThat(annotation).as("@OutboundConnector on the loaded class").isNotNull();
      assertThat(annotationType.getMethod("type").invoke(annotation))
          .isEqualTo("dev.wasend:revoke-group-invite-link:1");
      assertThat((String[]) annotationType.getMethod("inputVariables").invoke(annotation))
          .contains("apiKey", "sessionId", "groupId", "baseUrl");

      // Every class of the jar links and initialises against the runtime API alone (validators,
      // Jackson annotations, the client): no class needs the template generator or anything else.
      for (String name : entries(jar)) {
        if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
          String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
          Class<?> type = Class.forName(className, true, loader);
          assertThat(type.getClassLoader()).isSameAs(loader);
          type.getDeclaredMethods();
          type.getDeclaredFields();
          type.getDeclaredConstructors();
        }
      }
    }
  }

  /** The jars of {@link #RUNTIME_API} on this test's class path (from the local repository). */
  private static List<String> runtimeApiClassPath() {
    List<String> entries =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> RUNTIME_API.contains(artifactId(Path.of(entry))))
            .toList();
    assertThat(entries.stream().map(entry -> artifactId(Path.of(entry))))
        .as("the runtime API class path")
        .containsExactlyInAnyOrderElementsOf(RUNTIME_API);
    return entries;
  }

  /** The artifact id of a jar in a Maven repository: .../artifactId/version/file.jar. */
  private static String artifactId(Path entry) {
    Path versionFolder = entry.toAbsolutePath().getParent();
    Path artifactFolder = versionFolder == null ? null : versionFolder.getParent();
    return artifactFolder == null || artifactFolder.getFileName() == null
        ? ""
        : artifactFolder.getFileName().toString();
  }
}
