package dev.wasend.connector.invitelink.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.wasend.connector.invitelink.RevokeGroupInviteLinkFunction;
import dev.wasend.connector.invitelink.client.AllowedBaseUrls;
import dev.wasend.connector.invitelink.client.WasendClient;
import dev.wasend.connector.invitelink.error.RetryPolicy;
import dev.wasend.connector.invitelink.harness.JobHarness;
import dev.wasend.connector.invitelink.harness.JobOutcome;
import dev.wasend.connector.invitelink.redaction.KeyEchoOracle;
import dev.wasend.connector.invitelink.redaction.KeyForms;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fault matrix: every scenario through the production job handler, each with one defined
 * outcome (the result, or the error code, the retries left of 3 and the backoff). The rows it
 * produces are the table in docs/reliability.md, and the test checks that the document still says
 * what the code does.
 */
class FaultMatrixTest {

  /** With {@code + / =}, so that each encoding of it differs from the key as sent. */
  static final String KEY = "wsk_Zq81xH+yg/iene0Key==";

  static final String CODE = "FaUlTmAtRiX0123456789a";
  static final String LINK = "https://chat.whatsapp.com/" + CODE;
  static final String LINK_ROUTE = "/.*/invite-link/revoke";
  static final String CODE_ROUTE = "/.*/invite-code/revoke";
  static final Path REPORT = Path.of("docs/reliability.md");

  /** The client reads an HTTP-date Retry-After against this clock, so that row is exact. */
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @RegisterExtension
  static WireMockExtension wasend =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  @RegisterExtension
  static WireMockExtension otherHost =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  static final List<String> ROWS = new ArrayList<>();

  /** A loopback port nothing listens on, allowed like the servers, for the "refused" row. */
  static final int CLOSED_PORT = closedPort();

  /** One scenario: how the server behaves, and what the job must end in. */
  record Scenario(
      String name, Runnable stub, Consumer<Map<String, Object>> inputs, String expected) {
    Scenario(String name, Runnable stub, String expected) {
      this(name, stub, inputs -> {}, expected);
    }
  }

  static Runnable answer(ResponseDefinitionBuilder response) {
    return () -> wasend.stubFor(post(urlPathMatching(LINK_ROUTE)).willReturn(response));
  }

  static Runnable both(ResponseDefinitionBuilder documented, ResponseDefinitionBuilder sdkRoute) {
    return () -> {
      wasend.stubFor(post(urlPathMatching(LINK_ROUTE)).willReturn(documented));
      wasend.stubFor(post(urlPathMatching(CODE_ROUTE)).willReturn(sdkRoute));
    };
  }

  static ResponseDefinitionBuilder ok(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static List<Scenario> scenarios() {
    String documented =
        "{\"success\":true,\"inviteLink\":\"" + LINK + "\",\"expiresAt\":\"2026-12-03T10:00:00Z\"}";
    String inAMinute =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.atZone(ZoneOffset.UTC).plusSeconds(61));
    return List.of(
        new Scenario(
            "200, documented object", answer(ok(documented)), "completed: link, code, expiresAt"),
        new Scenario(
            "200, {success, inviteCode}",
            answer(ok("{\"success\":true,\"inviteCode\":\"" + CODE + "\"}")),
            "completed: link, code, expiresAt null"),
        new Scenario(
            "200, JSON string with the code",
            answer(ok("\"" + CODE + "\"")),
            "completed: link, code, expiresAt null"),
        new Scenario(
            "200, text/plain code",
            answer(aResponse().withHeader("Content-Type", "text/plain").withBody(CODE)),
            "completed: link, code, expiresAt null"),
        new Scenario(
            "200, text/plain link",
            answer(aResponse().withHeader("Content-Type", "text/plain").withBody(LINK)),
            "completed: link, code, expiresAt null"),
        new Scenario(
            "200, link with whitespace around it",
            answer(aResponse().withBody("\r\n\t " + LINK + " \n")),
            "completed: link, code, expiresAt null"),
        new Scenario(
            "200, JSON labelled text/html (wrong content type)",
            answer(aResponse().withHeader("Content-Type", "text/html").withBody(documented)),
            "completed: link, code, expiresAt"),
        new Scenario(
            "200, link with garbage around it",
            answer(aResponse().withBody("<p>New link: " + LINK + "</p>")),
            "WASEND_INVALID_RESPONSE, retries 0"),
        new Scenario(
            "200, text 'undefined' (no invite code)",
            answer(aResponse().withBody("undefined")),
            "WASEND_INVALID_RESPONSE, retries 0"),
        new Scenario(
            "200, {success: true, inviteCode: \"error\"}",
            answer(ok("{\"success\":true,\"inviteCode\":\"error\"}")),
            "WASEND_INVALID_RESPONSE, retries 0"),
        new Scenario(
            "200, success repeated (false, then true)",
            answer(ok("{\"success\":false,\"success\":true,\"inviteLink\":\"" + LINK + "\"}")),
            "WASEND_INVALID_RESPONSE, retries 0"),
        new Scenario(
            "200, success: 0",
            answer(ok("{\"success\":0,\"inviteLink\":\"" + LINK + "\"}")),
            "WASEND_INVALID_RESPONSE, retries 0"),
        new Scenario(
            "200, expiresAt 2026-02-31",
            answer(
                ok(
                    "{\"success\":true,\"inviteLink\":\""
                        + LINK
                        + "\",\"expiresAt\":\"2026-02-31T10:00:00Z\"}")),
            "WASEND_INVALID_RESPONSE, retries 0"),
        new Scenario(
            "200, success: false",
            answer(ok("{\"success\":false,\"error\":\"Failed to revoke\"}")),
            "WASEND_REJECTED, retries 0"),
        new Scenario(
            "200, empty body",
            answer(aResponse().withStatus(200)),
            "WASEND_INVALID_RESPONSE, retries 0"),
        new Scenario(
            "200, body over 64 KiB",
            answer(ok("\"" + "A".repeat(70_000) + "\"")),
            "WASEND_INVALID_RESPONSE, retries 0"),
        new Scenario(
            "200, malformed JSON",
            answer(ok("{\"success\":true,\"inviteLink\":")),
            "WASEND_INVALID_RESPONSE, retries 0"),
        new Scenario(
            "200, invalid UTF-8",
            answer(aResponse().withBody(new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'})),
            "WASEND_INVALID_RESPONSE, retries 0"),
        new Scenario(
            "400",
            answer(
                aResponse()
                    .withStatus(400)
                    .withBody("{\"success\":false,\"error\":\"Invalid parameters\"}")),
            "WASEND_BAD_REQUEST, retries 0"),
        new Scenario(
            "401",
            answer(
                aResponse()
                    .withStatus(401)
                    .withBody("{\"success\":false,\"error\":\"Unauthorized\"}")),
            "WASEND_UNAUTHORIZED, retries 0"),
        new Scenario(
            "403",
            answer(
                aResponse()
                    .withStatus(403)
                    .withBody("{\"success\":false,\"error\":\"Not a group admin\"}")),
            "WASEND_NOT_GROUP_ADMIN, retries 0"),
        new Scenario(
            "404, group not found",
            answer(
                aResponse()
                    .withStatus(404)
                    .withBody(
                        "{\"statusCode\":404,\"message\":\"Group not found\",\"error\":\"Not Found\"}")),
            "WASEND_NOT_FOUND, retries 0"),
        new Scenario(
            "404 Cannot POST (no documented route), automatic",
            both(
                aResponse()
                    .withStatus(404)
                    .withBody(
                        "{\"statusCode\":404,\"message\":\"Cannot POST /s/groups/g/invite-link/revoke\",\"error\":\"Not Found\"}"),
                ok("{\"success\":true,\"inviteCode\":\"" + CODE + "\"}")),
            "completed: link, code, expiresAt null"),
        new Scenario(
            "405 on the documented route, automatic",
            both(aResponse().withStatus(405), aResponse().withBody(CODE)),
            "completed: link, code, expiresAt null"),
        new Scenario(
            "405 on the documented route, route INVITE_LINK",
            both(aResponse().withStatus(405), aResponse().withBody(CODE)),
            inputs -> inputs.put("route", "INVITE_LINK"),
            "WASEND_NOT_FOUND, retries 0"),
        new Scenario(
            "429, Retry-After: 30",
            answer(aResponse().withStatus(429).withHeader("Retry-After", "30")),
            "WASEND_RATE_LIMITED, retries 2, backoff PT30S"),
        new Scenario(
            "429, Retry-After as HTTP-date in 61 s",
            answer(aResponse().withStatus(429).withHeader("Retry-After", inAMinute)),
            "WASEND_RATE_LIMITED, retries 2, backoff PT1M1S"),
        new Scenario(
            "429, no Retry-After",
            answer(aResponse().withStatus(429)),
            "WASEND_RATE_LIMITED, retries 2, backoff PT1S"),
        new Scenario(
            "429, Retry-After: -5 (unusable)",
            answer(aResponse().withStatus(429).withHeader("Retry-After", "-5")),
            "WASEND_RATE_LIMITED, retries 2, backoff PT1S"),
        new Scenario(
            "429, Retry-After: 99999999 (absurd)",
            answer(aResponse().withStatus(429).withHeader("Retry-After", "99999999")),
            "WASEND_RATE_LIMITED, retries 2, backoff PT10M"),
        new Scenario(
            "500, JSON",
            answer(
                aResponse()
                    .withStatus(500)
                    .withBody("{\"success\":false,\"error\":\"Internal Server Error\"}")),
            "WASEND_SERVER_ERROR, retries 2, backoff PT1S"),
        new Scenario(
            "500, WhatsApp not-authorized (plain WAHA)",
            answer(
                aResponse()
                    .withStatus(500)
                    .withBody(
                        "{\"statusCode\":500,\"exception\":{\"message\":\"not-authorized\",\"name\":\"Error\"}}")),
            "WASEND_NOT_GROUP_ADMIN, retries 0"),
        new Scenario(
            "500 mentioning not-authorized outside WAHA's structure",
            answer(
                aResponse()
                    .withStatus(500)
                    .withBody(
                        "{\"success\":false,\"error\":\"session not-authorized-bot crashed\"}")),
            "WASEND_SERVER_ERROR, retries 2, backoff PT1S"),
        new Scenario(
            "502, HTML page",
            answer(
                aResponse()
                    .withStatus(502)
                    .withHeader("Content-Type", "text/html")
                    .withBody("<html><h1>502 Bad Gateway</h1></html>")),
            "WASEND_SERVER_ERROR, retries 2, backoff PT1S"),
        new Scenario(
            "503, text",
            answer(aResponse().withStatus(503).withBody("Service Unavailable")),
            "WASEND_SERVER_ERROR, retries 2, backoff PT1S"),
        new Scenario(
            "503, Retry-After: 120",
            answer(aResponse().withStatus(503).withHeader("Retry-After", "120")),
            "WASEND_SERVER_ERROR, retries 2, backoff PT2M"),
        new Scenario(
            "408, Retry-After: 20",
            answer(aResponse().withStatus(408).withHeader("Retry-After", "20")),
            "WASEND_NETWORK_ERROR, retries 2, backoff PT20S"),
        new Scenario(
            "400, Retry-After: 20 (not retried: ignored)",
            answer(aResponse().withStatus(400).withHeader("Retry-After", "20")),
            "WASEND_BAD_REQUEST, retries 0"),
        new Scenario(
            "connection refused",
            () -> {},
            inputs -> inputs.put("baseUrl", "http://127.0.0.1:" + CLOSED_PORT),
            "WASEND_NETWORK_ERROR, retries 2, backoff PT1S"),
        new Scenario(
            "connection reset",
            answer(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
            "WASEND_NETWORK_ERROR, retries 2, backoff PT1S"),
        new Scenario(
            "closed mid-body",
            answer(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)),
            "WASEND_NETWORK_ERROR, retries 2, backoff PT1S"),
        new Scenario(
            "slow headers, past the 1 s read timeout",
            answer(aResponse().withFixedDelay(3_000).withBody(LINK)),
            inputs -> inputs.put("readTimeoutSeconds", 1),
            "WASEND_NETWORK_ERROR, retries 2, backoff PT1S"),
        new Scenario(
            "slow body, past the 1 s read timeout",
            answer(aResponse().withBody("x".repeat(100) + LINK).withChunkedDribbleDelay(10, 4_000)),
            inputs -> inputs.put("readTimeoutSeconds", 1),
            "WASEND_NETWORK_ERROR, retries 2, backoff PT1S"),
        new Scenario(
            "302 redirect to another host",
            answer(
                aResponse().withStatus(302).withHeader("Location", otherHost.baseUrl() + "/steal")),
            "WASEND_INVALID_RESPONSE, retries 0; the other host received nothing"),
        new Scenario(
            "base URL not in the operator's allow-list",
            () -> {},
            inputs -> inputs.put("baseUrl", "https://attacker.example"),
            "WASEND_BASE_URL_NOT_ALLOWED, retries 0"),
        new Scenario(
            "bad input: groupId with '/'",
            () -> {},
            inputs -> inputs.put("groupId", "a/b@g.us"),
            "failed before any request, retries 0, message names groupId"),
        new Scenario(
            "401 echoing the key JSON-escaped as Gson and .NET do",
            answer(
                unauthorized(
                    "{\"error\":\"invalid key wsk_Zq81xH\\u002Byg\\/iene0Key\\u003d\\u003d\"}")),
            ECHO_MASKED),
        new Scenario(
            "401 echoing the key percent-encoded in lower-case hex",
            answer(
                unauthorized(
                    "{\"error\":\"invalid key\",\"url\":\"/x?key="
                        + KeyForms.Layer.PERCENT_LOWER_HEX.apply(KEY)
                        + "\"}")),
            ECHO_MASKED),
        new Scenario(
            "401 echoing the key as base64url of 'Bearer key'",
            answer(
                unauthorized(
                    "{\"error\":\"invalid token\",\"token\":\""
                        + Base64.getUrlEncoder().encodeToString(("Bearer " + KEY).getBytes(UTF_8))
                        + "\"}")),
            ECHO_MASKED),
        new Scenario(
            "401 echoing the key as HTML entities",
            answer(
                unauthorized(
                    "<html><p>Invalid key wsk_Zq81xH&plus;yg&#x2F;iene0Key&#61;&#61;</p></html>")),
            ECHO_MASKED),
        new Scenario(
            "401 echoing the key split by a line break",
            answer(unauthorized("invalid key wsk_Zq81xH+yg/\r\n iene0Key==")),
            ECHO_MASKED),
        new Scenario(
            "401 echoing the key percent-encoded, JSON-escaped, in HTML",
            answer(
                unauthorized(
                    "<p>"
                        + KeyForms.Layer.HTML_NAMED.apply(
                            KeyForms.Layer.JSON_EVERY_CHAR_UPPER_HEX.apply(
                                KeyForms.Layer.PERCENT_UPPER_HEX.apply(KEY)))
                        + "</p>")),
            ECHO_MASKED),
        new Scenario(
            "503 forging a log line with CR, LF and ESC",
            answer(aResponse().withStatus(503).withBody(FORGED_LINE)),
            "WASEND_SERVER_ERROR, retries 2, backoff PT1S" + ESCAPED));
  }

  static final String ECHO_MASKED =
      "WASEND_UNAUTHORIZED, retries 0; masked in place, the key is in no reading of message or variables";
  static final String FORGED_LINE =
      "upstream failed\r\n2026-11-29 05:00:00.000 INFO  dev.wasend - key rotated OK\u001b[0m";
  static final String ESCAPED =
      "; no control character in message or responseBody, CR LF ESC shown escaped";
  static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\u2028\\u2029]");

  static ResponseDefinitionBuilder unauthorized(String body) {
    return aResponse().withStatus(401).withBody(body);
  }

  @Test
  void everyScenarioHasItsDefinedOutcome() {
    otherHost.stubFor(post(anyUrl()).willReturn(aResponse().withBody(LINK)));
    List<String> mismatches = new ArrayList<>();
    for (Scenario scenario : scenarios()) {
      // a fresh connector per scenario: it remembers hosts without the documented route
      var harness =
          new JobHarness(
              new RevokeGroupInviteLinkFunction(
                  WasendClient.builder()
                      .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                      .allowedBaseUrls(
                          AllowedBaseUrls.of(
                              wasend.baseUrl(),
                              otherHost.baseUrl(),
                              "http://127.0.0.1:" + CLOSED_PORT))
                      .build(),
                  new RetryPolicy(() -> 0.0)),
              Map.of("WASEND_API_KEY", KEY));
      wasend.resetAll();
      scenario.stub().run();
      Map<String, Object> inputs = new HashMap<>();
      inputs.put("apiKey", "{{secrets.WASEND_API_KEY}}");
      inputs.put("sessionId", "fault-matrix");
      inputs.put("groupId", "120363012345678901@g.us");
      inputs.put("baseUrl", wasend.baseUrl());
      inputs.put("connectTimeoutSeconds", 1);
      inputs.put("readTimeoutSeconds", 2);
      scenario.inputs().accept(inputs);

      long start = System.nanoTime();
      JobOutcome outcome =
          harness.run(
              inputs,
              Map.of(
                  "resultExpression",
                  "={inviteLink: inviteLink, inviteCode: inviteCode, expiresAt: expiresAt}"),
              3);
      long millis = (System.nanoTime() - start) / 1_000_000;
      String actual = describe(outcome, scenario);
      if (!actual.equals(scenario.expected())) {
        mismatches.add(
            scenario.name() + ": expected <" + scenario.expected() + "> but was <" + actual + ">");
      }
      ROWS.add("| " + scenario.name() + " | " + actual + " | " + millis + " |");
    }
    assertThat(mismatches).isEmpty();
    assertThat(scenarios()).hasSizeGreaterThanOrEqualTo(20);
    assertThat(otherHost.getAllServeEvents()).isEmpty();
  }

  private static String describe(JobOutcome outcome, Scenario scenario) {
    if (outcome.completed()) {
      Map<String, Object> variables = outcome.variables();
      boolean linkOk =
          LINK.equals(variables.get("inviteLink")) && CODE.equals(variables.get("inviteCode"));
      return (linkOk ? "completed: link, code, " : "completed with a WRONG link, ")
          + (variables.get("expiresAt") == null ? "expiresAt null" : "expiresAt");
    }
    if (scenario.name().startsWith("bad input")) {
      return outcome.failed()
              && outcome.retries() == 0
              && outcome.errorMessage().contains("groupId")
              && wasend.getAllServeEvents().isEmpty()
          ? "failed before any request, retries 0, message names groupId"
          : "bad input was not refused before the request: " + outcome;
    }
    String code = String.valueOf(outcome.error().get("code"));
    String result = code + ", retries " + outcome.retries();
    if (outcome.retryBackoff() != null) {
      Duration backoff = outcome.retryBackoff();
      result += ", backoff " + backoff;
    }
    if (scenario.name().contains("echoing the key")) {
      result += echoOutcome(outcome);
    }
    if (scenario.name().contains("forging a log line")) {
      result += forgedLineOutcome(outcome);
    }
    if (scenario.name().contains("redirect")) {
      result +=
          otherHost.getAllServeEvents().isEmpty()
              ? "; the other host received nothing"
              : "; THE OTHER HOST WAS CALLED";
    }
    return result;
  }

  private static String echoOutcome(JobOutcome outcome) {
    String message = outcome.errorMessage();
    String variables = String.valueOf(outcome.variables());
    var leak =
        KeyEchoOracle.readingWithKey(message, KEY)
            .or(() -> KeyEchoOracle.readingWithKey(variables, KEY));
    if (leak.isPresent()) {
      return "; THE KEY LEAKED: " + leak.get();
    }
    Object excerpt = ((Map<?, ?>) outcome.error().get("variables")).get("responseBody");
    return message.contains("***") && String.valueOf(excerpt).contains("***")
        ? "; masked in place, the key is in no reading of message or variables"
        : "; the key is in no reading, but the response was not masked in place: " + message;
  }

  private static String forgedLineOutcome(JobOutcome outcome) {
    String message = outcome.errorMessage();
    String excerpt =
        String.valueOf(((Map<?, ?>) outcome.error().get("variables")).get("responseBody"));
    boolean clean = !CONTROL.matcher(message).find() && !CONTROL.matcher(excerpt).find();
    String shown =
        "upstream failed\\r\\n2026-11-29 05:00:00.000 INFO  dev.wasend - key rotated OK\\u001b[0m";
    return clean && message.contains(shown) && excerpt.equals(shown)
        ? ESCAPED
        : "; CONTROL CHARACTERS REACHED THE MESSAGE: " + message + " / " + excerpt;
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String withoutTiming(String row) {
    return row.substring(0, row.lastIndexOf('|', row.length() - 2) + 1);
  }

  /**
   * The rows of the fault matrix's table in the report: from its header to the first blank line.
   */
  private static List<String> documentedRows() throws IOException {
    List<String> lines = Files.readAllLines(REPORT);
    int header = lines.indexOf("| Scenario | Outcome (job retries 3 before the call) | ms |");
    assertThat(header).as("%s has the fault matrix's table", REPORT).isNotNegative();
    List<String> rows = new ArrayList<>();
    for (String line : lines.subList(header + 2, lines.size())) {
      if (line.isBlank()) {
        break;
      }
      rows.add(withoutTiming(line));
    }
    return rows;
  }

  /**
   * Writes the table for the report, and checks that the committed report holds exactly its rows.
   */
  @AfterAll
  static void writeTable() throws IOException {
    List<String> table = new ArrayList<>();
    table.add("| Scenario | Outcome (job retries 3 before the call) | ms |");
    table.add("|---|---|---|");
    table.addAll(ROWS);
    Path out = Path.of("target/reliability/fault-matrix.md");
    Files.createDirectories(out.getParent());
    Files.write(out, table);
    // both ways: every scenario run is in the document, and the document has no other row
    assertThat(documentedRows())
        .as("the fault matrix's rows in %s, without the timing column", REPORT)
        .containsExactlyInAnyOrderElementsOf(
            ROWS.stream().map(FaultMatrixTest::withoutTiming).toList());
    Matcher counted =
        Pattern.compile("the fault matrix \\((\\d+) scenarios")
            .matcher(Files.readString(Path.of("README.md")));
    assertThat(counted.find()).as("the README counts the fault matrix's scenarios").isTrue();
    assertThat(Integer.parseInt(counted.group(1)))
        .as("the README's count of the fault matrix's scenarios")
        .isEqualTo(ROWS.size());
  }
}
