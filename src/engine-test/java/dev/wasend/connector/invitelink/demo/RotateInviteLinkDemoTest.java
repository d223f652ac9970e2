package dev.wasend.connector.invitelink.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.wasend.connector.invitelink.client.AllowedBaseUrls;
import dev.wasend.connector.invitelink.demo.RotateInviteLinkDemo.Target;
import dev.wasend.connector.invitelink.model.BaseUrl;
import dev.wasend.connector.invitelink.simulator.RecordedRequest;
import dev.wasend.connector.invitelink.simulator.WasendSimulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * The README's quick start ({@code ./mvnw -q test-compile exec:java}): the demo run in-process on
 * the embedded engine, with its environment given as a map and its output captured, as {@link
 * RotateInviteLinkDemo#main} runs it except for the final {@code System.exit}.
 *
 * <p>The demo adds base URLs to the connector's allow-list, a JVM system property: every test here
 * holds JUnit's lock on system properties and puts the property back afterwards.
 */
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class RotateInviteLinkDemoTest {

  private static final String GROUP = "120363012345678901@g.us";
  private static final String LINK = "https://chat\\.whatsapp\\.com/[A-Za-z0-9]+";

  private String allowListBefore;
  private WasendSimulator wasend;
  private HttpServer refusing;

  @BeforeEach
  void rememberTheAllowList() {
    allowListBefore = System.getProperty(AllowedBaseUrls.SYSTEM_PROPERTY);
    System.clearProperty(AllowedBaseUrls.SYSTEM_PROPERTY);
  }

  @AfterEach
  void restore() {
    if (wasend != null) {
      wasend.close();
    }
    if (refusing != null) {
      refusing.stop(0);
    }
    if (allowListBefore == null) {
      System.clearProperty(AllowedBaseUrls.SYSTEM_PROPERTY);
    } else {
      System.setProperty(AllowedBaseUrls.SYSTEM_PROPERTY, allowListBefore);
    }
  }

  /**
   * With no Wasend variables set, the demo rotates the simulator's link and prints what the README
   * shows, line for line (ports, links, the expiry and the time taken may differ).
   */
  @Test
  void embeddedModePrintsWhatTheReadmeShowsAndExitsZero() throws IOException {
    Run run = Run.of(Map.of("PATH", "/usr/bin", "WASEND_SESSION_ID", "only-one-of-three"));

    assertThat(run.status).as(run.toString()).isZero();
    assertThat(run.err).as(run.toString()).isEmpty();
    List<String> readme = readmeBlock("publishes the \"invite link leaked\" message");
    assertThat(readme).hasSizeGreaterThan(5);
    assertThat(run.lines()).as(run.toString()).hasSameSizeAs(readme);
    for (int i = 0; i < readme.size(); i++) {
      assertThat(run.lines().get(i)).matches(shape(readme.get(i)));
    }

    // The lines agree with each other: the simulator that was allowed is the one that was used,
    // and the old link printed is the simulator's link from before, the new one another.
    String simulatorUrl = group(run.line("demo: allowed base URL "), "URL (http://[^ ]+) ");
    assertThat(run.line("demo: simulator at ")).contains("at " + simulatorUrl + " knows group");
    String before = group(run.line("demo: simulator at "), "with link (" + LINK + ")$");
    assertThat(run.line("demo:   old link ")).contains(before + " is no longer valid");
    String after = group(run.line("demo:   new link "), "new link (" + LINK + ") is valid$");
    assertThat(after).isNotEqualTo(before);
    // the simulator was added to an allow-list that was empty
    assertThat(System.getProperty(AllowedBaseUrls.SYSTEM_PROPERTY)).isEqualTo(simulatorUrl);
  }

  /**
   * Real mode: WASEND_API_KEY, WASEND_SESSION_ID, WASEND_GROUP_ID and WASEND_BASE_URL come from the
   * environment, the demo says so first, adds the base URL to the operator's allow-list (which
   * already names another gateway) and revokes that group's link there: a simulator standing in for
   * the real service.
   */
  @Test
  void realModeTakesTheEnvironmentAndAddsTheBaseUrlToTheAllowList() {
    String key = "wsk_real_mode_key";
    wasend = WasendSimulator.start().session(key, "ops");
    wasend.group("ops", "120363099999999999@g.us", true);
    String oldLink = wasend.currentInviteLink("120363099999999999@g.us");
    System.setProperty(AllowedBaseUrls.SYSTEM_PROPERTY, "https://gw.example.com");

    Run run =
        Run.of(
            Map.of(
                "WASEND_API_KEY",
                key,
                "WASEND_SESSION_ID",
                "ops",
                "WASEND_GROUP_ID",
                "120363099999999999@g.us",
                "WASEND_BASE_URL",
                " " + wasend.baseUrl() + " "));

    assertThat(run.status).as(run.toString()).isZero();
    assertThat(run.err).isEmpty();
    assertThat(run.lines().get(0))
        .isEqualTo(
            "demo: REAL MODE: this revokes the invite link of WhatsApp group"
                + " 120363099999999999@g.us (session ops) at "
                + wasend.baseUrl()
                + ". Its current link stops working.");
    assertThat(run.lines())
        .contains(
            "demo: allowed base URL "
                + wasend.baseUrl()
                + " for this run ("
                + AllowedBaseUrls.SYSTEM_PROPERTY
                + ")")
        .noneMatch(line -> line.startsWith("demo: simulator at "));
    assertThat(System.getProperty(AllowedBaseUrls.SYSTEM_PROPERTY))
        .isEqualTo("https://gw.example.com," + wasend.baseUrl());

    // That group's link rotated, with that key, once.
    String newLink = wasend.currentInviteLink("120363099999999999@g.us");
    assertThat(newLink).isNotEqualTo(oldLink);
    assertThat(wasend.isValidInvite(oldLink)).isFalse();
    assertThat(run.lines())
        .contains("demo:   new link " + newLink + " (Wasend invalidated the old one)");
    List<RecordedRequest> requests = wasend.requests();
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).header("Authorization")).contains("Bearer " + key);
    assertThat(run.lines().get(run.lines().size() - 1)).matches("demo: done in \\d+\\.\\d s");
  }

  /**
   * A failure ends in exactly one line, the last thing printed, and exit status 1: here a server
   * that refuses the key (401, not retried) with a body of several lines, one of them a forged
   * "done" line.
   */
  @Test
  void aFailureEndsInOneLineAndExitStatusOne() throws IOException {
    refusing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    refusing.createContext(
        "/",
        exchange -> {
          byte[] body =
              "Unauthorized\r\ndemo: done in 0.1 s\ndemo: FAILED: forged\n"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain");
          exchange.sendResponseHeaders(401, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    refusing.start();
    String baseUrl = "http://127.0.0.1:" + refusing.getAddress().getPort();

    Run run =
        Run.of(
            Map.of(
                "WASEND_API_KEY",
                "wsk_refused",
                "WASEND_SESSION_ID",
                "s1",
                "WASEND_GROUP_ID",
                GROUP,
                "WASEND_BASE_URL",
                baseUrl));

    assertThat(run.status).as(run.toString()).isEqualTo(1);
    assertThat(run.lines())
        .contains("demo: attempt 1 failed: WASEND_UNAUTHORIZED, HTTP 401; not retried")
        .noneMatch(line -> line.startsWith("demo: done") || line.startsWith("demo: rotated"));
    assertThat(run.err).endsWith(System.lineSeparator());
    List<String> errLines = run.err.lines().toList();
    assertThat(errLines).as(run.err).hasSize(1);
    assertThat(errLines.get(0))
        .startsWith("demo: FAILED: the rotation ended in an incident after 1 attempt(s): ")
        .contains("WASEND_UNAUTHORIZED")
        .doesNotContain("\tat ", "Exception");
  }

  /**
   * Whatever goes wrong, and whatever its message holds (line breaks, nothing at all), the demo's
   * last word is one line on stderr and its status is 1.
   */
  @Test
  void anyFailureIsOneLineAndStatusOne() {
    List<Throwable> failures =
        List.of(
            new IllegalStateException("first line\r\ndemo: done in 0.1 s\nthird\u0000line\n"),
            new NullPointerException(),
            new AssertionError("timed out\nafter 90 s"),
            new IOException("disk\rfull", new RuntimeException("cause\nwith lines")));
    for (Throwable failure : failures) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
      int status =
          RotateInviteLinkDemo.exitStatus(
              () -> {
                outStream.println("demo: started");
                if (failure instanceof Error error) {
                  throw error;
                }
                throw (Exception) failure;
              },
              outStream,
              new PrintStream(err, true, StandardCharsets.UTF_8));

      String text = err.toString(StandardCharsets.UTF_8);
      assertThat(status).as(text).isEqualTo(1);
      assertThat(text).endsWith(System.lineSeparator());
      assertThat(text.lines()).as(text).hasSize(1);
      String line = text.substring(0, text.length() - System.lineSeparator().length());
      assertThat(line)
          .startsWith("demo: FAILED: ")
          .doesNotContain("\tat ")
          .doesNotContainPattern("\\p{Cntrl}");
      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo("demo: started" + System.lineSeparator());
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(
            RotateInviteLinkDemo.exitStatus(
                () -> {}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8)))
        .isZero();
    assertThat(err.size()).isZero();
  }

  /** Real mode needs all three variables; anything less is the embedded demo. */
  @Test
  void theEnvironmentDecidesTheMode() {
    Map<String, String> all = new HashMap<>();
    all.put("WASEND_API_KEY", "k");
    all.put("WASEND_SESSION_ID", "s");
    all.put("WASEND_GROUP_ID", "g");

    Target real = Target.fromEnvironment(all);
    assertThat(real).isEqualTo(new Target("k", "s", "g", null, true));
    assertThat(real.effectiveBaseUrl()).isEqualTo("https://api.wasend.dev");
    assertThat(real.describe()).startsWith("REAL MODE: ").contains("at https://api.wasend.dev.");

    all.put("WASEND_BASE_URL", "  https://gw.example.com/wasend \n");
    assertThat(Target.fromEnvironment(all).baseUrl()).isEqualTo("https://gw.example.com/wasend");
    all.put("WASEND_BASE_URL", " ");
    assertThat(Target.fromEnvironment(all).baseUrl()).isNull();

    for (String missing : List.of("WASEND_API_KEY", "WASEND_SESSION_ID", "WASEND_GROUP_ID")) {
      Map<String, String> blank = new HashMap<>(all);
      blank.put(missing, " ");
      Map<String, String> absent = new HashMap<>(all);
      absent.remove(missing);
      for (Map<String, String> env : List.of(blank, absent)) {
        Target embedded = Target.fromEnvironment(env);
        assertThat(embedded.real()).as(missing).isFalse();
        assertThat(embedded.apiKey()).isEqualTo(Target.SIMULATED_KEY);
        assertThat(embedded.describe()).startsWith("embedded mode: ");
      }
    }
  }

  /** The allow-list grows by the demo's base URL, once, and keeps what the operator set. */
  @Test
  void allowAddsToTheAllowListOnce() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RotateInviteLinkDemo demo =
        new RotateInviteLinkDemo(new PrintStream(out, true, StandardCharsets.UTF_8));

    System.setProperty(AllowedBaseUrls.SYSTEM_PROPERTY, " ");
    demo.allow("https://a.example");
    assertThat(System.getProperty(AllowedBaseUrls.SYSTEM_PROPERTY)).isEqualTo("https://a.example");
    demo.allow("https://b.example");
    demo.allow("https://a.example");
    assertThat(System.getProperty(AllowedBaseUrls.SYSTEM_PROPERTY))
        .isEqualTo("https://a.example,https://b.example");
    AllowedBaseUrls connectorSees = AllowedBaseUrls.fromEnvironment();
    assertThat(connectorSees.permits(BaseUrl.parse("https://a.example"))).isTrue();
    assertThat(connectorSees.permits(BaseUrl.parse("https://b.example"))).isTrue();
    assertThat(connectorSees.permits(BaseUrl.parse("https://api.wasend.dev"))).isFalse();
    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "demo: allowed base URL https://a.example for this run (wasend.allowed-base-urls)",
            "demo: allowed base URL https://b.example for this run (wasend.allowed-base-urls)",
            "demo: allowed base URL https://a.example for this run (wasend.allowed-base-urls)");
  }

  /** The quick-start command runs this class: exec:java's main class in the pom. */
  @Test
  void theQuickStartCommandRunsTheDemo() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    assertThat(pom).contains("<mainClass>" + RotateInviteLinkDemo.class.getName() + "</mainClass>");
  }

  /** The demo's exit status and what it printed on each stream. */
  private record Run(int status, String out, String err) {
    static Run of(Map<String, String> env) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status =
          RotateInviteLinkDemo.run(
              env,
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      return new Run(
          status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<String> lines() {
      return out.lines().toList();
    }

    String line(String prefix) {
      List<String> found = lines().stream().filter(l -> l.startsWith(prefix)).toList();
      assertThat(found).as("one line starting %s in%n%s", prefix, out).hasSize(1);
      return found.get(0);
    }
  }

  private static String group(String line, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(line);
    assertThat(matcher.find()).as("%s in %s", regex, line).isTrue();
    return matcher.group(1);
  }

  /**
   * The lines of the README's first {@code text} block after the paragraph naming {@code after}.
   */
  private static List<String> readmeBlock(String after) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    int start = 0;
    while (!lines.get(start).contains(after)) {
      start++;
    }
    while (!lines.get(start).equals("```text")) {
      start++;
    }
    List<String> block = new ArrayList<>();
    for (int i = start + 1; !lines.get(i).equals("```"); i++) {
      block.add(lines.get(i));
    }
    return block;
  }

  /**
   * A README line as a pattern: what differs from run to run (ports, links, times) as wildcards.
   */
  private static String shape(String readmeLine) {
    Matcher variable =
        Pattern.compile(
                "(?<date>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z)"
                    + "|(?<link>"
                    + LINK
                    + ")"
                    + "|(?<port>(?<=\\d\\.\\d{1,3}:)\\d{2,5}\\b)"
                    + "|(?<seconds>\\b\\d+\\.\\d(?= s\\b))")
            .matcher(readmeLine);
    StringBuilder pattern = new StringBuilder();
    int at = 0;
    while (variable.find()) {
      pattern.append(Pattern.quote(readmeLine.substring(at, variable.start())));
      if (variable.group("date") != null) {
        pattern.append("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
      } else if (variable.group("link") != null) {
        pattern.append(LINK);
      } else if (variable.group("port") != null) {
        pattern.append("\\d{2,5}");
      } else {
        pattern.append("\\d+\\.\\d");
      }
      at = variable.end();
    }
    pattern.append(Pattern.quote(readmeLine.substring(at)));
    return pattern.toString();
  }
}
