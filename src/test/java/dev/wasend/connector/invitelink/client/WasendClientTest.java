package dev.wasend.connector.invitelink.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.wasend.connector.invitelink.error.WasendErrorCode;
import dev.wasend.connector.invitelink.error.WasendException;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkRequest;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkResult;
import dev.wasend.connector.invitelink.model.RevokeRoute;
import dev.wasend.connector.invitelink.redaction.KeyEchoOracle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The client against a real HTTP server on loopback. */
class WasendClientTest {

  static final String KEY = "wsk_live_7f3a9c1e5b";
  static final String SESSION = "sales-team";
  static final String GROUP = "120363012345678901@g.us";
  static final String CODE = "AbCdEfGhIjKlMnOpQrStUv";
  static final String LINK = "https://chat.whatsapp.com/" + CODE;
  static final String LINK_PATH = "/sales-team/groups/120363012345678901@g.us/invite-link/revoke";
  static final String CODE_PATH = "/sales-team/groups/120363012345678901@g.us/invite-code/revoke";

  /** The FEEL engine of the processes that read expiresAt, e.g. in a timer. */
  static final FeelEngineApi FEEL = FeelEngineBuilder.create().build();

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

  @RegisterExtension
  static WireMockExtension wasend =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  @RegisterExtension
  static WireMockExtension elsewhere =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private final WasendClient client = clientWith(CLOCK);

  /** Allows both loopback servers, as an operator's WASEND_ALLOWED_BASE_URLS would. */
  static WasendClient clientWith(Clock clock) {
    return WasendClient.builder()
        .clock(clock)
        .allowedBaseUrls(AllowedBaseUrls.of(wasend.baseUrl(), elsewhere.baseUrl()))
        .build();
  }

  static RevokeGroupInviteLinkRequest request(RevokeRoute route) {
    return new RevokeGroupInviteLinkRequest(KEY, SESSION, GROUP, wasend.baseUrl(), route, 2, 2);
  }

  static RevokeGroupInviteLinkRequest request() {
    return request(RevokeRoute.AUTOMATIC);
  }

  private static void answer(String path, ResponseDefinitionBuilder response) {
    wasend.stubFor(post(urlPathEqualTo(path)).willReturn(response));
  }

  private WasendException failure(RevokeGroupInviteLinkRequest request) {
    return catchThrowableOfType(WasendException.class, () -> client.revoke(request));
  }

  @Test
  void postsTheDocumentedCallAndReturnsTheNewLink() {
    answer(
        LINK_PATH,
        aResponse()
            .withHeader("Content-Type", "application/json")
            .withBody(
                "{\"success\":true,\"inviteLink\":\""
                    + LINK
                    + "\",\"expiresAt\":\"2026-12-03T10:00:00Z\"}"));

    RevokeGroupInviteLinkResult result = client.revoke(request());

    assertThat(result)
        .isEqualTo(new RevokeGroupInviteLinkResult(LINK, CODE, "2026-12-03T10:00:00Z"));
    wasend.verify(
        1,
        postRequestedFor(urlPathEqualTo(LINK_PATH))
            .withHeader("Authorization", equalTo("Bearer " + KEY))
            .withHeader("User-Agent", equalTo("wasend-camunda-connector/1"))
            .withHeader("Accept", absent())
            .withHeader("Content-Length", equalTo("0"))
            .withHeader("Content-Type", absent())
            .withHeader("Upgrade", absent()));
    assertThat(wasend.getAllServeEvents()).hasSize(1);
    assertThat(wasend.getAllServeEvents().get(0).getRequest().getProtocol())
        .as("README: over HTTP/1.1")
        .isEqualTo("HTTP/1.1");
  }

  static Stream<Arguments> successShapes() {
    return Stream.of(
        Arguments.of("application/json", "{\"success\":true,\"inviteLink\":\"" + LINK + "\"}"),
        Arguments.of("application/json", "{\"success\":true,\"inviteCode\":\"" + CODE + "\"}"),
        Arguments.of("application/json", "{\"success\":true,\"inviteCode\":\"" + LINK + "\"}"),
        Arguments.of(
            "application/json",
            "{\"success\":true,\"status\":\"success\",\"inviteLink\":\""
                + LINK
                + "\",\"inviteCode\":\""
                + CODE
                + "\"}"),
        Arguments.of(
            "application/json",
            "{\"success\":true,\"statusCode\":200,\"inviteLink\":\"" + LINK + "\"}"),
        Arguments.of(
            "application/json",
            "{\"success\":true,\"statusCode\":\"201\",\"inviteLink\":\"" + LINK + "\"}"),
        Arguments.of(
            "application/json",
            "{\"success\":true,\"statusCode\":200.0,\"inviteLink\":\"" + LINK + "\"}"),
        Arguments.of(
            "application/json",
            "{\"success\":true,\"statusCode\":null,\"inviteLink\":\"" + LINK + "\"}"),
        Arguments.of(
            "application/json",
            "{\"success\":true,\"status\":null,\"inviteLink\":\"" + LINK + "\"}"),
        Arguments.of("application/json", "\"" + CODE + "\""),
        Arguments.of("application/json", "\"" + LINK + "\""),
        Arguments.of("text/plain", CODE),
        Arguments.of("text/plain", LINK),
        Arguments.of("text/plain", "\n  " + LINK + "  \r\n"),
        Arguments.of("text/html", "{\"success\":true,\"inviteLink\":\"" + LINK + "\"}"),
        Arguments.of("text/plain", "https://chat.whatsapp.com/invite/" + CODE),
        Arguments.of("text/plain", "http://chat.whatsapp.com/" + CODE + "/"));
  }

  @ParameterizedTest
  @MethodSource("successShapes")
  void everySuccessShapeMapsToTheSameOutputs(String contentType, String body) {
    answer(LINK_PATH, aResponse().withHeader("Content-Type", contentType).withBody(body));
    assertThat(client.revoke(request()))
        .isEqualTo(new RevokeGroupInviteLinkResult(LINK, CODE, null));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"2026-12-03T10:00:00Z\" | 2026-12-03T10:00:00Z",
        "\"2026-12-03T11:00:00+01:00\" | 2026-12-03T11:00:00+01:00",
        "\"2026-12-03T05:31:22.652Z\" | 2026-12-03T05:31:22.652Z",
        "\" 2026-12-03T10:00Z \" | 2026-12-03T10:00Z",
        "\"2028-02-29T10:00:00Z\" | 2028-02-29T10:00:00Z",
        // RFC 3339 5.6 allows lower case; FEEL reads only upper case
        "\"2026-12-03t10:00:00z\" | 2026-12-03T10:00:00Z",
        "\"2026-12-03t11:00:00.5+01:00\" | 2026-12-03T11:00:00.5+01:00",
        "null | "
      })
  void expiresAtIsPassedThroughWhenItIsARealInstant(String json, String expected) {
    answer(
        LINK_PATH,
        aResponse()
            .withBody(
                "{\"success\":true,\"inviteLink\":\"" + LINK + "\",\"expiresAt\":" + json + "}"));
    String expiresAt = client.revoke(request()).expiresAt();
    assertThat(expiresAt).isEqualTo(expected);
    if (expiresAt != null) {
      var read = FEEL.evaluateExpression("date and time(x)", Map.of("x", expiresAt));
      assertThat(read.isSuccess() && read.result() != null)
          .as("the processes' FEEL reads %s (%s)", expiresAt, read)
          .isTrue();
    }
  }

  @Test
  void noExpiresAtMeansNone() {
    answer(LINK_PATH, aResponse().withBody("{\"success\":true,\"inviteLink\":\"" + LINK + "\"}"));
    assertThat(client.revoke(request()).expiresAt()).isNull();
  }

  /** A date that does not exist is not a guess the connector passes on: the answer is unsure. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"2026-02-31T10:00:00Z\"",
        "\"2026-02-29T10:00:00Z\"",
        "\"2026-13-03T10:00:00Z\"",
        "\"2026-12-03T24:00:00Z\"",
        "\"2026-12-03T10:00:00\"",
        "\"2026-12-03 10:00:00Z\"",
        "\"next week\"",
        "\"2026-12-03\"",
        "\"2026-12-03T10:00:00+01:00:30\"",
        "\"+999999999-12-31T23:59:59-18:00\"",
        "\"-2026-12-03T10:00:00Z\"",
        "\"+2026-12-03T10:00:00Z\"",
        "\"２０２６-12-03T10:00:00Z\"",
        "\"\"",
        "1764756000",
        "true"
      })
  void anExpiresAtThatIsNoRealInstantIsAnInvalidResponse(String json) {
    answer(
        LINK_PATH,
        aResponse()
            .withBody(
                "{\"success\":true,\"inviteLink\":\"" + LINK + "\",\"expiresAt\":" + json + "}"));
    var failure = failure(request());
    assertThat(failure.code()).isEqualTo(WasendErrorCode.INVALID_RESPONSE);
    assertThat(failure.getMessage()).contains("expiresAt");
  }

  @Test
  void successFalseIsRejectedEvenWith200() {
    answer(
        LINK_PATH,
        aResponse().withBody("{\"success\":false,\"error\":\"Failed to revoke invite\"}"));
    var failure = failure(request());
    assertThat(failure.code()).isEqualTo(WasendErrorCode.REJECTED);
    assertThat(failure.getMessage())
        .contains("Failed to revoke invite")
        .contains(GROUP)
        .contains(SESSION);
    assertThat(failure.errorVariables()).containsEntry("httpStatus", 200);
  }

  static Stream<Arguments> unusableSuccessBodies() {
    return Stream.of(
        Arguments.of(aResponse().withStatus(200)),
        Arguments.of(aResponse().withStatus(204)),
        Arguments.of(aResponse().withBody("   ")),
        Arguments.of(aResponse().withBody("{\"success\":true}")),
        Arguments.of(aResponse().withBody("{\"success\":true,\"inviteLink\":42}")),
        Arguments.of(aResponse().withBody("{\"success\":true,\"inviteLink\":")),
        Arguments.of(aResponse().withBody("[\"" + CODE + "\"]")),
        Arguments.of(aResponse().withBody("<html><body>" + LINK + "</body></html>")),
        Arguments.of(aResponse().withBody("new link: " + LINK)),
        Arguments.of(aResponse().withBody("https://evil.example.com/" + CODE)),
        Arguments.of(aResponse().withBody("ok")),
        Arguments.of(aResponse().withBody(new byte[] {(byte) 0xC3, (byte) 0x28, 'A', 'b'})),
        Arguments.of(aResponse().withBody("\"" + "A".repeat(70_000) + "\"")),
        // words a broken gateway sends with 200: none of them is an invite code
        Arguments.of(aResponse().withBody("undefined")),
        Arguments.of(aResponse().withBody("Unauthorized")),
        Arguments.of(aResponse().withBody("Revoked")),
        Arguments.of(aResponse().withBody("\"pending\"")),
        Arguments.of(aResponse().withBody("null")),
        Arguments.of(aResponse().withBody("false")),
        Arguments.of(aResponse().withBody("{\"success\":true,\"inviteCode\":\"error\"}")),
        Arguments.of(
            aResponse().withBody("{\"success\":true,\"inviteCode\":\"AbCdEfGhIjKlMnOpQrSt-_\"}")),
        Arguments.of(aResponse().withBody("{\"success\":true,\"inviteCode\":\"" + CODE + "x\"}")),
        Arguments.of(
            aResponse()
                .withBody("{\"success\":true,\"inviteCode\":\"" + CODE.substring(1) + "\"}")),
        Arguments.of(aResponse().withBody("ServiceUnavailableError")),
        Arguments.of(aResponse().withBody("https://chat.whatsapp.com/undefined")),
        // success must be exactly one JSON true
        Arguments.of(aResponse().withBody("{\"inviteLink\":\"" + LINK + "\"}")),
        Arguments.of(aResponse().withBody("{\"success\":0,\"inviteLink\":\"" + LINK + "\"}")),
        Arguments.of(aResponse().withBody("{\"success\":\"no\",\"inviteLink\":\"" + LINK + "\"}")),
        Arguments.of(
            aResponse().withBody("{\"success\":\"true\",\"inviteLink\":\"" + LINK + "\"}")),
        Arguments.of(
            aResponse()
                .withBody("{\"success\":false,\"success\":true,\"inviteLink\":\"" + LINK + "\"}")),
        Arguments.of(
            aResponse()
                .withBody("{\"success\":true,\"success\":true,\"inviteLink\":\"" + LINK + "\"}")),
        // contradictions beside success: true
        Arguments.of(
            aResponse()
                .withBody(
                    "{\"success\":true,\"status\":\"error\",\"inviteLink\":\"" + LINK + "\"}")),
        // NestJS's error shape beside success: true
        Arguments.of(
            aResponse()
                .withBody("{\"success\":true,\"statusCode\":500,\"inviteLink\":\"" + LINK + "\"}")),
        Arguments.of(
            aResponse()
                .withBody(
                    "{\"success\":true,\"statusCode\":\"error\",\"inviteLink\":\"" + LINK + "\"}")),
        Arguments.of(
            aResponse()
                .withBody(
                    "{\"success\":true,\"statusCode\":\"500\",\"inviteLink\":\"" + LINK + "\"}")),
        Arguments.of(
            aResponse()
                .withBody(
                    "{\"success\":true,\"statusCode\":200.5,\"inviteLink\":\"" + LINK + "\"}")),
        Arguments.of(
            aResponse()
                .withBody(
                    "{\"success\":true,\"error\":\"revoke failed\",\"inviteLink\":\""
                        + LINK
                        + "\"}")),
        Arguments.of(
            aResponse()
                .withBody(
                    "{\"success\":true,\"inviteLink\":\""
                        + LINK
                        + "\",\"inviteCode\":\"ZyXwVuTsRqPoNmLkJiHgFe\"}")));
  }

  @ParameterizedTest
  @MethodSource("unusableSuccessBodies")
  void aSuccessWithoutAUsableLinkIsAnInvalidResponse(ResponseDefinitionBuilder response) {
    answer(LINK_PATH, response);
    var failure = failure(request());
    assertThat(failure.code()).isEqualTo(WasendErrorCode.INVALID_RESPONSE);
    assertThat(failure.code().retryable()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "400 | {\"success\":false,\"error\":\"Invalid group id\"} | BAD_REQUEST",
        "401 | {\"success\":false,\"error\":\"Invalid API key\"} | UNAUTHORIZED",
        "403 | {\"success\":false,\"error\":\"Not an admin\"} | NOT_GROUP_ADMIN",
        "404 | {\"statusCode\":404,\"message\":\"Group not found\",\"error\":\"Not Found\"} | NOT_FOUND",
        "408 | timeout | NETWORK_ERROR",
        "425 | too early | NETWORK_ERROR",
        "409 | conflict | BAD_REQUEST",
        "422 | {\"message\":\"bad\"} | BAD_REQUEST",
        // WAHA's answer while the session is not WORKING: only "still starting" passes by itself
        "422 | {\"error\":\"Session status is not as expected. Try again later or restart the session\",\"session\":\"s1\",\"status\":\"STARTING\",\"expected\":[\"WORKING\"]} | SERVER_ERROR",
        "422 | {\"error\":\"Session status is not as expected. Try again later or restart the session\",\"session\":\"s1\",\"status\":\"SCAN_QR_CODE\",\"expected\":[\"WORKING\"]} | BAD_REQUEST",
        "422 | {\"error\":\"Session status is not as expected\",\"status\":\"STARTING\"} | BAD_REQUEST",
        "400 | {\"status\":\"STARTING\",\"expected\":[\"WORKING\"]} | BAD_REQUEST",
        "429 | {\"success\":false,\"error\":\"Too Many Requests\"} | RATE_LIMITED",
        "500 | {\"success\":false,\"error\":\"Internal Server Error\"} | SERVER_ERROR",
        "500 | {\"statusCode\":500,\"exception\":{\"message\":\"not-authorized\",\"name\":\"Error\"}} | NOT_GROUP_ADMIN",
        "500 | {\"statusCode\":500,\"message\":\"Error: not-authorized\"} | SERVER_ERROR",
        "500 | {\"success\":false,\"error\":\"session not-authorized-bot crashed\"} | SERVER_ERROR",
        "503 | {\"exception\":{\"message\":\"not-authorized-bot is restarting\"}} | SERVER_ERROR",
        // a repeated field makes the structure untrustworthy: an ordinary error by status
        "500 | {\"exception\":{\"message\":\"x\"},\"exception\":{\"message\":\"not-authorized\"}} | SERVER_ERROR",
        "422 | {\"status\":\"FAILED\",\"status\":\"STARTING\",\"expected\":[\"WORKING\"]} | BAD_REQUEST",
        // text after the object: not one JSON object, so an ordinary error by status
        "500 | {\"exception\":{\"message\":\"not-authorized\"}}<!-- proxy --> | SERVER_ERROR",
        "422 | {\"status\":\"STARTING\",\"expected\":[\"WORKING\"]}<!-- proxy --> | BAD_REQUEST",
        // JSON's escapes are read: this is the string "not-authorized"
        "500 | {\"exception\":{\"message\":\"not\\u002dauthorized\"}} | NOT_GROUP_ADMIN",
        "502 | <html><body>Bad Gateway</body></html> | SERVER_ERROR",
        "503 | Service Unavailable | SERVER_ERROR",
        "504 | | SERVER_ERROR",
        "301 | | INVALID_RESPONSE",
        "302 | | INVALID_RESPONSE",
        "307 | | INVALID_RESPONSE",
        "418 | teapot | BAD_REQUEST"
      })
  void mapsEveryStatusToAStableCode(int status, String body, WasendErrorCode expected) {
    answer(LINK_PATH, aResponse().withStatus(status).withBody(body == null ? "" : body));
    var failure = failure(request(RevokeRoute.INVITE_LINK));
    assertThat(failure.code()).isEqualTo(expected);
    assertThat(failure.errorVariables())
        .containsEntry("httpStatus", status)
        .containsEntry("route", "invite-link/revoke");
    assertThat(failure.getMessage()).startsWith(expected.code() + ": ").contains("HTTP " + status);
    if (body != null && !body.isBlank()) {
      assertThat(failure.errorVariables()).containsEntry("responseBody", body);
    }
  }

  /** A byte that is not UTF-8 elsewhere in the body does not hide WAHA's structure. */
  @Test
  void aFailuresStructureCountsDespiteABadByteElsewhere() {
    byte[] body =
        ("{\"error\":\"Session status is not as expected\",\"session\":\"caf\u00e9\","
                + "\"status\":\"STARTING\",\"expected\":[\"WORKING\"]}")
            .getBytes(StandardCharsets.ISO_8859_1);
    answer(LINK_PATH, aResponse().withStatus(422).withBody(body));
    assertThat(failure(request(RevokeRoute.INVITE_LINK)).code())
        .isEqualTo(WasendErrorCode.SERVER_ERROR);
  }

  /**
   * WAHA makes a revoke wait for the session to be WORKING, then answers 422: a session that is
   * still starting is retried, one that needs a person (stopped, failed, waiting for its QR code)
   * is not, and the message says which.
   */
  @ParameterizedTest
  @CsvSource({"STARTING, true, still starting", "SCAN_QR_CODE, false, not working"})
  void aWahaSessionThatIsNotWorkingSaysWhetherItPassesByItself(
      String sessionStatus, boolean retryable, String inMessage) {
    answer(
        LINK_PATH,
        aResponse()
            .withStatus(422)
            .withHeader("Retry-After", "7")
            .withBody(
                "{\"error\":\"Session status is not as expected. Try again later or restart the"
                    + " session\",\"session\":\"s1\",\"status\":\""
                    + sessionStatus
                    + "\",\"expected\":[\"WORKING\"]}"));
    var failure = failure(request());
    assertThat(failure.code().retryable()).isEqualTo(retryable);
    assertThat(failure.getMessage()).contains(inMessage + " (WAHA status " + sessionStatus + ")");
    assertThat(failure.retryAfter())
        .as("Retry-After counts only for an answer that is retried")
        .isEqualTo(retryable ? Optional.of(Duration.ofSeconds(7)) : Optional.empty());
  }

  /** README: responseBody holds "the first 512 characters"; a cut one ends in "…". */
  @Test
  void theExcerptIsTheFirst512Characters() {
    answer(LINK_PATH, aResponse().withStatus(500).withBody("x".repeat(100_000)));
    var failure = failure(request());
    assertThat(failure.errorVariables()).containsEntry("responseBody", "x".repeat(512) + "…");
    assertThat(failure.getMessage()).hasSizeLessThan(1_000);

    answer(LINK_PATH, aResponse().withStatus(500).withBody("y".repeat(512)));
    assertThat(failure(request()).errorVariables())
        .as("512 characters are kept whole")
        .containsEntry("responseBody", "y".repeat(512));
    answer(LINK_PATH, aResponse().withStatus(500).withBody("z".repeat(513)));
    assertThat(failure(request()).errorVariables())
        .containsEntry("responseBody", "z".repeat(512) + "…");
  }

  /**
   * README: a body "over 64 KiB" is WASEND_INVALID_RESPONSE. A valid answer padded with JSON
   * whitespace to exactly 64 KiB is read; one byte more and it is refused.
   */
  @ParameterizedTest
  @CsvSource({"65535, true", "65536, true", "65537, false"})
  void aBodyOver64KiBIsAnInvalidResponse(int bytes, boolean accepted) {
    String json = "{\"success\":true,\"inviteLink\":\"" + LINK + "\"}";
    String body = json + " ".repeat(bytes - json.length());
    answer(LINK_PATH, aResponse().withHeader("Content-Type", "application/json").withBody(body));
    if (accepted) {
      assertThat(client.revoke(request()).inviteLink()).isEqualTo(LINK);
    } else {
      var failure = failure(request());
      assertThat(failure).as("a body over 64 KiB is refused").isNotNull();
      assertThat(failure.code()).isEqualTo(WasendErrorCode.INVALID_RESPONSE);
      assertThat(failure.getMessage()).contains("larger than 65536 bytes");
    }
  }

  @Test
  void aRedirectIsNeverFollowedAndTheOtherHostReceivesNothing() {
    elsewhere.stubFor(post(anyUrl()).willReturn(aResponse().withBody(LINK)));
    answer(
        LINK_PATH,
        aResponse().withStatus(307).withHeader("Location", elsewhere.baseUrl() + LINK_PATH));
    var failure = failure(request());
    assertThat(failure.code()).isEqualTo(WasendErrorCode.INVALID_RESPONSE);
    assertThat(failure.getMessage()).contains("redirect");
    assertThat(elsewhere.getAllServeEvents()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "17 | 17",
        "0 | 1",
        "Thu, 26 Nov 2026 10:01:30 GMT | 90",
        "Wed, 25 Nov 2026 10:01:30 GMT | 1",
        "86400000 | 600"
      })
  void honoursRetryAfterInBothFormsBounded(String header, long expectedSeconds) {
    answer(LINK_PATH, aResponse().withStatus(429).withHeader("Retry-After", header));
    assertThat(failure(request()).retryAfter()).contains(Duration.ofSeconds(expectedSeconds));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-3", "soon", ""})
  void unusableRetryAfterCountsAsAbsent(String header) {
    answer(LINK_PATH, aResponse().withStatus(429).withHeader("Retry-After", header));
    var failure = failure(request());
    assertThat(failure.code()).isEqualTo(WasendErrorCode.RATE_LIMITED);
    assertThat(failure.retryAfter()).isEmpty();
  }

  @Test
  void aSlowAnswerIsANetworkErrorAfterTheReadTimeout() {
    answer(LINK_PATH, aResponse().withFixedDelay(5_000).withBody(LINK));
    var request =
        new RevokeGroupInviteLinkRequest(KEY, SESSION, GROUP, wasend.baseUrl(), null, 1, 1);
    long start = System.nanoTime();
    var failure = failure(request);
    assertThat(failure.code()).isEqualTo(WasendErrorCode.NETWORK_ERROR);
    assertThat(failure.getMessage()).contains("timed out").doesNotContain(KEY);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void aBodyThatTricklesPastTheTimeoutIsANetworkError() {
    answer(
        LINK_PATH, aResponse().withBody("x".repeat(200) + LINK).withChunkedDribbleDelay(20, 6_000));
    var request =
        new RevokeGroupInviteLinkRequest(KEY, SESSION, GROUP, wasend.baseUrl(), null, 1, 1);
    assertThat(failure(request).code()).isEqualTo(WasendErrorCode.NETWORK_ERROR);
  }

  /** The read timeout bounds the whole call: a long connect timeout does not extend it. */
  @Test
  void theReadTimeoutEndsACallWhoseBodyKeepsTrickling() {
    answer(
        LINK_PATH, aResponse().withBody("x".repeat(200) + LINK).withChunkedDribbleDelay(20, 6_000));
    var request =
        new RevokeGroupInviteLinkRequest(KEY, SESSION, GROUP, wasend.baseUrl(), null, 30, 1);
    long start = System.nanoTime();
    var failure = failure(request);
    assertThat(failure.code()).isEqualTo(WasendErrorCode.NETWORK_ERROR);
    assertThat(failure.getMessage()).contains("read timeout").contains("within 1 s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @ParameterizedTest
  @ValueSource(strings = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "RANDOM_DATA_THEN_CLOSE"})
  void brokenConnectionsAreNetworkErrors(String fault) {
    answer(LINK_PATH, aResponse().withFault(Fault.valueOf(fault)));
    var failure = failure(request());
    assertThat(failure.code())
        .isIn(WasendErrorCode.NETWORK_ERROR, WasendErrorCode.INVALID_RESPONSE);
    if (!fault.equals("RANDOM_DATA_THEN_CLOSE")) {
      assertThat(failure.code()).isEqualTo(WasendErrorCode.NETWORK_ERROR);
    }
  }

  /**
   * A success whose Content-Length is malformed or repeated with another value has no certain end
   * (RFC 9112, section 6.3): the JDK would read the first value's bytes as the whole body.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "Content-Length: 22\r\nContent-Length: 42",
        "Content-Length: 22x",
        "Content-Length: -22",
        "Content-Length: 22, 42",
        "Content-Length: 22\r\nTransfer-Encoding: chunked"
      })
  void aSuccessWithAnUntrustedLengthIsAnInvalidResponse(String lengths) throws Exception {
    var failure =
        failureFromRaw(
            "HTTP/1.1 200 OK\r\n"
                + lengths
                + "\r\nConnection: close\r\n\r\n"
                + CODE
                + "ZyXwVuTsRqPoNmLkJiHgFe");
    assertThat(failure.code()).isEqualTo(WasendErrorCode.INVALID_RESPONSE);
    assertThat(failure.errorVariables()).containsEntry("httpStatus", 200);
    assertThat(failure.getMessage())
        .contains("where its body ends is uncertain")
        .doesNotContain(KEY);
  }

  /** The JDK quotes a broken status line in its message: the incident keeps a bounded excerpt. */
  @Test
  void aHugeBrokenStatusLineGivesABoundedMessage() throws Exception {
    var failure =
        failureFromRaw("HTTP/1.1 2x" + "y".repeat(200_000) + "\r\nConnection: close\r\n\r\n");
    assertThat(failure.code()).isEqualTo(WasendErrorCode.NETWORK_ERROR);
    assertThat(failure.getMessage()).hasSizeLessThan(1_000).contains("yyy").contains("…");
  }

  /** A gateway that echoes the bearer token into the code must not put it into a variable. */
  @ParameterizedTest
  @ValueSource(
      strings = {"Zq81xHygiene0KeyAbCd77", "Zq81xHygiene0Key000000", "x0Zq81xHygiene0Key0000"})
  void aCodeThatHoldsTheKeyOrAPartOfItIsNoLink(String code) {
    String key = "Zq81xHygiene0KeyAbCd7788XyZ";
    assertACodeHoldingTheKeyIsNoLink(key, code);
  }

  /**
   * README: the key reaches no variable in any encoding. A key of 16 bytes is 22 letters and digits
   * in unpadded base64, one of 11 bytes is in hex: just the shape of an invite code.
   */
  @ParameterizedTest
  @CsvSource({"wsk_property_key, base64", "wsk_live_ab, hex", "wsk_live_ab, HEX"})
  void aCodeThatIsTheKeyEncodedIsNoLink(String key, String encoding) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    String code =
        switch (encoding) {
          case "base64" -> Base64.getEncoder().withoutPadding().encodeToString(bytes);
          case "hex" -> HexFormat.of().formatHex(bytes);
          default -> HexFormat.of().withUpperCase().formatHex(bytes);
        };
    assertThat(code).matches("[A-Za-z0-9]{22}");
    assertACodeHoldingTheKeyIsNoLink(key, code);
  }

  /** The answer's code holds {@code key}: no link, and the code in no message or variable. */
  private void assertACodeHoldingTheKeyIsNoLink(String key, String code) {
    answer(LINK_PATH, aResponse().withBody("{\"success\":true,\"inviteCode\":\"" + code + "\"}"));
    var failure =
        failure(
            new RevokeGroupInviteLinkRequest(
                key, SESSION, GROUP, wasend.baseUrl(), RevokeRoute.INVITE_LINK, 2, 2));
    assertThat(failure.code()).isEqualTo(WasendErrorCode.INVALID_RESPONSE);
    assertThat(failure.getMessage()).contains("holds the API key").doesNotContain(code);
    assertThat(failure.errorVariables()).containsEntry("responseBody", null);
  }

  /** The status is the reason a part of an answer is no link, not what is wrong with the part. */
  @Test
  void aPartOfAnAnswerSaysItIsAPart() throws Exception {
    String part = "{\"success\":true,\"inviteL";
    var failure =
        failureFromRaw(
            "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-"
                + (part.length() - 1)
                + "/90\r\nContent-Length: "
                + part.length()
                + "\r\nConnection: close\r\n\r\n"
                + part);
    assertThat(failure.code()).isEqualTo(WasendErrorCode.INVALID_RESPONSE);
    assertThat(failure.getMessage()).contains("a completed revoke answers 200 or 201");
  }

  @Test
  void aRefusalIsRejectedWhateverTheSuccessStatus() throws Exception {
    String refusal = "{\"success\":false,\"error\":\"group is locked\"}";
    var failure =
        failureFromRaw(
            "HTTP/1.1 202 Accepted\r\nContent-Length: "
                + refusal.length()
                + "\r\nConnection: close\r\n\r\n"
                + refusal);
    assertThat(failure.code()).isEqualTo(WasendErrorCode.REJECTED);
    assertThat(failure.getMessage()).contains("group is locked");
  }

  static Stream<Arguments> successesThatMayNotBeTheAnswer() {
    return Stream.of(
        Arguments.of("206 Partial Content\r\nContent-Range: bytes 0-21/512", "answers 200 or 201"),
        Arguments.of("202 Accepted", "answers 200 or 201"),
        Arguments.of("203 Non-Authoritative Information", "answers 200 or 201"),
        Arguments.of("200 OK\r\nContent-Encoding: gzip", "Content-Encoding other than identity"),
        Arguments.of(
            "200 OK\r\nContent-Encoding: identity, br", "Content-Encoding other than identity"),
        // the server's header value never reaches the message: it may hold the key in any form
        Arguments.of(
            "200 OK\r\nContent-Encoding: " + KEY.toUpperCase(Locale.ROOT),
            "Content-Encoding other than identity"));
  }

  /**
   * A success whose bytes may not be the whole answer as sent: a part of it (206), one changed on
   * the way (203), one that may not have revoked yet (202), or a coded body the connector never
   * asked for and does not decode.
   */
  @ParameterizedTest
  @MethodSource("successesThatMayNotBeTheAnswer")
  void aSuccessThatMayNotBeTheWholePlainAnswerIsAnInvalidResponse(String head, String why)
      throws Exception {
    var failure =
        failureFromRaw(
            "HTTP/1.1 " + head + "\r\nContent-Length: 22\r\nConnection: close\r\n\r\n" + CODE);
    assertThat(failure.code()).isEqualTo(WasendErrorCode.INVALID_RESPONSE);
    assertThat(failure.getMessage()).contains(why);
    assertThat(KeyEchoOracle.readingWithKey(failure.getMessage(), KEY)).isEmpty();
  }

  @Test
  void asksForTheBodyAsItIs() {
    answer(LINK_PATH, aResponse().withBody(CODE));
    client.revoke(request());
    wasend.verify(
        postRequestedFor(urlPathEqualTo(LINK_PATH))
            .withHeader("Accept-Encoding", equalTo("identity")));
  }

  /** A failure keeps its status, which says what went wrong: a 503 stays retryable. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "Content-Length: 4\r\nContent-Length: 9",
        "Content-Length: 4x",
        "Content-Length: 4, 9"
      })
  void aFailureWithAnUntrustedLengthKeepsItsStatus(String lengths) throws Exception {
    var failure =
        failureFromRaw(
            "HTTP/1.1 503 Service Unavailable\r\n" + lengths + "\r\nConnection: close\r\n\r\nbusy");
    assertThat(failure.code()).isEqualTo(WasendErrorCode.SERVER_ERROR);
    assertThat(failure.errorVariables()).containsEntry("httpStatus", 503);
    assertThat(failure.code().retryable()).isTrue();
  }

  /**
   * An answer whose length cannot be trusted never goes back to the pool, where the rest of its
   * body would be read as the next answer, and is not left open either: the server sees the
   * connection closed.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "200 OK\r\nContent-Length: 22\r\nContent-Length: 42",
        "200 OK\r\nContent-Length: 22x",
        "503 Service Unavailable\r\nContent-Length: 4\r\nContent-Length: 42",
        "503 Service Unavailable\r\nContent-Length: 4x"
      })
  void aConnectionWithAnUntrustedLengthIsClosed(String head) throws Exception {
    String answer = "HTTP/1.1 " + head + "\r\n\r\n" + CODE + "ZyXwVuTsRqPoNmLkJiHgFe";
    WasendErrorCode expected =
        head.startsWith("200") ? WasendErrorCode.INVALID_RESPONSE : WasendErrorCode.SERVER_ERROR;
    try (KeepAliveServer server = new KeepAliveServer(answer)) {
      String base = "http://127.0.0.1:" + server.port();
      WasendClient keeping =
          WasendClient.builder().allowedBaseUrls(AllowedBaseUrls.of(base)).build();
      for (int i = 0; i < 3; i++) {
        var failure =
            catchThrowableOfType(
                WasendException.class,
                () ->
                    keeping.revoke(
                        new RevokeGroupInviteLinkRequest(
                            KEY, SESSION, GROUP, base, RevokeRoute.INVITE_LINK, 2, 2)));
        assertThat(failure.code()).isEqualTo(expected);
      }
      assertThat(server.connections()).as("one connection per answer").isEqualTo(3);
      assertThat(server.awaitAllClosed(Duration.ofSeconds(10)))
          .as("connections the client closed")
          .isEqualTo(3);
    }
  }

  /** Answers every request on a connection with the same bytes, and never closes one itself. */
  private static final class KeepAliveServer implements AutoCloseable {
    private final ServerSocket server;
    private final java.util.concurrent.atomic.AtomicInteger connections =
        new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger closedByClient =
        new java.util.concurrent.atomic.AtomicInteger();

    KeepAliveServer(String answer) throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread accepting =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    Thread serving = new Thread(() -> serve(socket, answer));
                    serving.setDaemon(true);
                    serving.start();
                  } catch (IOException e) {
                    return; // closed
                  }
                }
              });
      accepting.setDaemon(true);
      accepting.start();
    }

    private void serve(Socket socket, String answer) {
      try (socket) {
        var in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        while (true) {
          String line = in.readLine();
          if (line == null) {
            closedByClient.incrementAndGet();
            return;
          }
          if (line.isEmpty()) {
            socket.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
          }
        }
      } catch (IOException e) {
        closedByClient.incrementAndGet(); // reset by the client
      }
    }

    int port() {
      return server.getLocalPort();
    }

    int connections() {
      return connections.get();
    }

    /** How many connections the client closed, once all have been or the wait is over. */
    int awaitAllClosed(Duration wait) throws InterruptedException {
      long deadline = System.nanoTime() + wait.toNanos();
      while (closedByClient.get() < connections.get() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      return closedByClient.get();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  /** The failure of one call to a loopback server that sends {@code raw} as its whole answer. */
  private static WasendException failureFromRaw(String raw) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread answering =
          new Thread(
              () -> {
                try (Socket socket = server.accept()) {
                  var in =
                      new BufferedReader(
                          new InputStreamReader(
                              socket.getInputStream(), StandardCharsets.ISO_8859_1));
                  for (String line = in.readLine();
                      line != null && !line.isEmpty();
                      line = in.readLine()) {
                    // the request's head; it has no body
                  }
                  socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
                  socket.getOutputStream().flush();
                  socket.shutdownOutput();
                } catch (IOException e) {
                  // the client may close first
                }
              });
      answering.start();
      String base = "http://127.0.0.1:" + server.getLocalPort();
      try {
        return catchThrowableOfType(
            WasendException.class,
            () ->
                WasendClient.builder()
                    .allowedBaseUrls(AllowedBaseUrls.of(base))
                    .build()
                    .revoke(
                        new RevokeGroupInviteLinkRequest(
                            KEY, SESSION, GROUP, base, RevokeRoute.INVITE_LINK, 2, 2)));
      } finally {
        answering.join();
      }
    }
  }

  @Test
  void aRefusedConnectionIsANetworkError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String nobodyListens = "http://127.0.0.1:" + closedPort;
    var request = new RevokeGroupInviteLinkRequest(KEY, SESSION, GROUP, nobodyListens, null, 1, 1);
    var failure =
        catchThrowableOfType(
            WasendException.class,
            () ->
                WasendClient.builder()
                    .allowedBaseUrls(AllowedBaseUrls.of(nobodyListens))
                    .build()
                    .revoke(request));
    assertThat(failure.code()).isEqualTo(WasendErrorCode.NETWORK_ERROR);
    assertThat(failure.errorVariables()).containsEntry("httpStatus", null);
  }

  @Test
  void automaticFallsBackOnceWhenTheDocumentedRouteDoesNotExist() {
    answer(
        LINK_PATH,
        aResponse()
            .withStatus(404)
            .withBody(
                "{\"statusCode\":404,\"message\":\"Cannot POST "
                    + LINK_PATH
                    + "\",\"error\":\"Not Found\"}"));
    answer(CODE_PATH, aResponse().withBody("{\"success\":true,\"inviteCode\":\"" + CODE + "\"}"));

    assertThat(client.revoke(request()))
        .isEqualTo(new RevokeGroupInviteLinkResult(LINK, CODE, null));
    wasend.verify(1, postRequestedFor(urlPathEqualTo(LINK_PATH)));
    wasend.verify(
        1,
        postRequestedFor(urlPathEqualTo(CODE_PATH))
            .withHeader("Authorization", equalTo("Bearer " + KEY)));
  }

  /** A host without the documented route costs one failed call per ten minutes, not per job. */
  @Test
  void automaticRemembersForAWhileThatAHostLacksTheDocumentedRoute() {
    answer(
        LINK_PATH,
        aResponse().withStatus(404).withBody("{\"message\":\"Cannot POST " + LINK_PATH + "\"}"));
    answer(CODE_PATH, aResponse().withBody(CODE));
    long[] now = {System.nanoTime()};
    Instant[] wall = {Instant.parse("2026-11-26T10:00:00Z")};
    Clock settable =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return wall[0];
          }
        };
    WasendClient remembering =
        WasendClient.builder()
            .clock(settable)
            .nanoTime(() -> now[0])
            .allowedBaseUrls(AllowedBaseUrls.of(wasend.baseUrl()))
            .build();

    for (int job = 0; job < 3; job++) {
      assertThat(remembering.revoke(request()).inviteCode()).isEqualTo(CODE);
    }
    wasend.verify(1, postRequestedFor(urlPathEqualTo(LINK_PATH)));
    wasend.verify(3, postRequestedFor(urlPathEqualTo(CODE_PATH)));

    // README: "for 10 minutes", however the wall clock is set meanwhile
    long remembered = now[0];
    wall[0] = Instant.parse("2026-11-26T09:00:00Z"); // set back an hour
    now[0] = remembered + Duration.ofMinutes(10).toNanos() - 1_000_000_000L; // still remembered
    assertThat(remembering.revoke(request()).inviteCode()).isEqualTo(CODE);
    wasend.verify(1, postRequestedFor(urlPathEqualTo(LINK_PATH)));
    wasend.verify(4, postRequestedFor(urlPathEqualTo(CODE_PATH)));

    now[0] = remembered + Duration.ofMinutes(10).toNanos(); // ten minutes on, it asks again
    assertThat(remembering.revoke(request()).inviteCode()).isEqualTo(CODE);
    wasend.verify(2, postRequestedFor(urlPathEqualTo(LINK_PATH)));
    wasend.verify(5, postRequestedFor(urlPathEqualTo(CODE_PATH)));

    // an explicit route is never affected
    answer(LINK_PATH, aResponse().withBody(LINK));
    assertThat(remembering.revoke(request(RevokeRoute.INVITE_LINK)).inviteLink()).isEqualTo(LINK);
  }

  /** NestJS on Fastify says an unknown route differently from NestJS on Express. */
  @Test
  void automaticFallsBackOnAFastifyUnknownRoute() {
    answer(
        LINK_PATH,
        aResponse()
            .withStatus(404)
            .withBody(
                "{\"message\":\"Route POST:"
                    + LINK_PATH
                    + " not found\",\"error\":\"Not Found\",\"statusCode\":404}"));
    answer(CODE_PATH, aResponse().withBody(CODE));
    assertThat(client.revoke(request()).inviteCode()).isEqualTo(CODE);
    wasend.verify(1, postRequestedFor(urlPathEqualTo(CODE_PATH)));
  }

  @Test
  void automaticFallsBackOnA405() {
    answer(LINK_PATH, aResponse().withStatus(405));
    answer(CODE_PATH, aResponse().withBody(CODE));
    assertThat(client.revoke(request()).inviteCode()).isEqualTo(CODE);
  }

  @Test
  void aRealNotFoundNeverFallsBack() {
    answer(
        LINK_PATH,
        aResponse()
            .withStatus(404)
            .withBody(
                "{\"statusCode\":404,\"message\":\"Group not found\",\"error\":\"Not Found\"}"));
    answer(CODE_PATH, aResponse().withBody(CODE));
    assertThat(failure(request()).code()).isEqualTo(WasendErrorCode.NOT_FOUND);
    wasend.verify(0, postRequestedFor(urlPathEqualTo(CODE_PATH)));
  }

  @Test
  void theFallbackRouteFailureIsReportedWithItsRoute() {
    answer(LINK_PATH, aResponse().withStatus(405));
    answer(CODE_PATH, aResponse().withStatus(403).withBody("not admin"));
    var failure = failure(request());
    assertThat(failure.code()).isEqualTo(WasendErrorCode.NOT_GROUP_ADMIN);
    assertThat(failure.errorVariables()).containsEntry("route", "invite-code/revoke");
  }

  @Test
  void anExplicitRouteNeverFallsBack() {
    answer(
        LINK_PATH,
        aResponse().withStatus(404).withBody("{\"message\":\"Cannot POST " + LINK_PATH + "\"}"));
    answer(CODE_PATH, aResponse().withBody(CODE));
    var failure = failure(request(RevokeRoute.INVITE_LINK));
    assertThat(failure.code()).isEqualTo(WasendErrorCode.NOT_FOUND);
    assertThat(failure.getMessage()).contains("no such route");
    wasend.verify(0, postRequestedFor(urlPathEqualTo(CODE_PATH)));
  }

  @Test
  void theInviteCodeRouteCallsOnlyThatRoute() {
    answer(CODE_PATH, aResponse().withBody("{\"success\":true,\"inviteCode\":\"" + CODE + "\"}"));
    assertThat(client.revoke(request(RevokeRoute.INVITE_CODE)).inviteLink()).isEqualTo(LINK);
    wasend.verify(0, postRequestedFor(urlPathEqualTo(LINK_PATH)));
  }

  @Test
  void keepsAPathPrefixAndEncodesEachSegment() {
    wasend.stubFor(post(anyUrl()).willReturn(aResponse().withBody(CODE)));
    var request =
        new RevokeGroupInviteLinkRequest(
            KEY, "my session", "grupo café@g.us", wasend.baseUrl() + "/wasend/v1/", null, 2, 2);
    client.revoke(request);
    String rawPath = wasend.getAllServeEvents().get(0).getRequest().getUrl();
    assertThat(rawPath)
        .isEqualTo("/wasend/v1/my%20session/groups/grupo%20caf%C3%A9@g.us/invite-link/revoke");
  }

  @Test
  void aBodyEchoingTheKeyNeverReachesMessageOrVariables() {
    answer(
        LINK_PATH,
        aResponse()
            .withStatus(401)
            .withBody(
                "{\"error\":\"invalid key "
                    + KEY
                    + "\",\"header\":\"Authorization: Bearer "
                    + KEY
                    + "\"}"));
    var failure = failure(request());
    assertThat(failure.getMessage()).doesNotContain(KEY).contains("***");
    assertThat(failure.errorVariables().toString()).doesNotContain(KEY);
  }

  /** Echoes that are not the key's characters as sent, each as a JSON string would hold it. */
  static Stream<Arguments> theKeyInOtherForms() {
    byte[] bearer = ("Bearer " + KEY).getBytes(StandardCharsets.UTF_8);
    return Stream.of(
        Arguments.of("upper case", KEY.toUpperCase(Locale.ROOT)),
        Arguments.of("hex", HexFormat.of().formatHex(KEY.getBytes(StandardCharsets.UTF_8))),
        Arguments.of(
            "upper-case hex of Bearer <key>", HexFormat.of().withUpperCase().formatHex(bearer)),
        Arguments.of("ES6 escapes", eachChar(KEY, c -> String.format("\\\\u{%x}", c))),
        Arguments.of("octal escapes", eachChar(KEY, c -> String.format("\\\\%o", c))),
        Arguments.of("CSS escapes", eachChar(KEY, c -> String.format("\\\\%x ", c))));
  }

  private static String eachChar(String text, IntFunction<String> render) {
    return text.chars().mapToObj(render).collect(Collectors.joining());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("theKeyInOtherForms")
  void aBodyEchoingTheKeyInAnotherFormNeverReachesMessageOrVariables(String form, String echo) {
    answer(
        LINK_PATH,
        aResponse()
            .withStatus(401)
            .withBody("{\"statusCode\":401,\"message\":\"bad token " + echo + "\"}"));
    var failure = failure(request());
    assertThat(failure.code()).isEqualTo(WasendErrorCode.UNAUTHORIZED);
    for (String text : List.of(failure.getMessage(), failure.errorVariables().toString())) {
      assertThat(text).contains("***").doesNotContain(echo);
      assertThat(KeyEchoOracle.readingWithKey(text, KEY)).as(text).isEmpty();
    }
  }

  @Test
  void oneClientServesManyCallsOnPooledConnections() {
    answer(LINK_PATH, aResponse().withBody(CODE));
    for (int i = 0; i < 20; i++) {
      client.revoke(request());
    }
    assertThatThrownBy(
            () ->
                client.revoke(
                    new RevokeGroupInviteLinkRequest(
                        KEY, SESSION, GROUP, "http://example.com", null, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    wasend.verify(20, anyRequestedFor(anyUrl()));
  }

  /** Two gateways under one host: what one of them lacks says nothing about the other. */
  @Test
  void routeMemoryIsKeptPerBaseUrlNotPerHost() {
    String legacy = "/legacy" + LINK_PATH;
    wasend.stubFor(
        post(urlPathEqualTo(legacy))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody("{\"message\":\"Cannot POST " + legacy + "\"}")));
    wasend.stubFor(
        post(urlPathEqualTo("/legacy" + CODE_PATH)).willReturn(aResponse().withBody(CODE)));
    wasend.stubFor(
        post(urlPathEqualTo("/current" + LINK_PATH)).willReturn(aResponse().withBody(LINK)));

    var onLegacy =
        new RevokeGroupInviteLinkRequest(
            KEY, SESSION, GROUP, wasend.baseUrl() + "/legacy", null, 2, 2);
    var onCurrent =
        new RevokeGroupInviteLinkRequest(
            KEY, SESSION, GROUP, wasend.baseUrl() + "/current", null, 2, 2);
    assertThat(client.revoke(onLegacy).inviteCode()).isEqualTo(CODE);
    assertThat(client.revoke(onCurrent).inviteCode()).isEqualTo(CODE);
    assertThat(client.revoke(onCurrent).inviteCode()).isEqualTo(CODE);

    wasend.verify(2, postRequestedFor(urlPathEqualTo("/current" + LINK_PATH)));
    wasend.verify(0, postRequestedFor(urlPathEqualTo("/current" + CODE_PATH)));
  }

  /**
   * When the remembered route disappears too, the gateway has changed: the same job asks the
   * documented route again, and so do the jobs after it.
   */
  @Test
  void routeMemoryIsForgottenWhenTheRememberedRouteItselfIsMissing() {
    answer(
        LINK_PATH,
        aResponse().withStatus(404).withBody("{\"message\":\"Cannot POST " + LINK_PATH + "\"}"));
    answer(CODE_PATH, aResponse().withBody(CODE));
    assertThat(client.revoke(request()).inviteCode()).isEqualTo(CODE);

    // the gateway is redeployed: the documented route exists now, the SDK's is gone
    answer(
        CODE_PATH,
        aResponse().withStatus(404).withBody("{\"message\":\"Cannot POST " + CODE_PATH + "\"}"));
    answer(LINK_PATH, aResponse().withBody(LINK));
    assertThat(client.revoke(request()).inviteLink()).isEqualTo(LINK);
    assertThat(client.revoke(request()).inviteLink()).isEqualTo(LINK);

    wasend.verify(3, postRequestedFor(urlPathEqualTo(LINK_PATH)));
    wasend.verify(2, postRequestedFor(urlPathEqualTo(CODE_PATH)));
  }

  /** Both routes gone: every job fails as not found, asking each route once, and never loops. */
  @Test
  void aGatewayWithNeitherRouteFailsAsNotFound() {
    answer(
        LINK_PATH,
        aResponse().withStatus(404).withBody("{\"message\":\"Cannot POST " + LINK_PATH + "\"}"));
    answer(
        CODE_PATH,
        aResponse().withStatus(404).withBody("{\"message\":\"Cannot POST " + CODE_PATH + "\"}"));
    for (int job = 0; job < 3; job++) {
      assertThat(failure(request()).code()).isEqualTo(WasendErrorCode.NOT_FOUND);
    }
    wasend.verify(3, postRequestedFor(urlPathEqualTo(LINK_PATH)));
    wasend.verify(3, postRequestedFor(urlPathEqualTo(CODE_PATH)));
  }

  /** The read timeout bounds the whole call: the fallback route shares it with the first. */
  @Test
  void bothRoutesShareOneReadTimeout() {
    answer(
        LINK_PATH,
        aResponse()
            .withFixedDelay(1_500)
            .withStatus(404)
            .withBody("{\"message\":\"Cannot POST " + LINK_PATH + "\"}"));
    answer(CODE_PATH, aResponse().withFixedDelay(1_500).withBody(CODE));
    var request =
        new RevokeGroupInviteLinkRequest(KEY, SESSION, GROUP, wasend.baseUrl(), null, 2, 2);

    long start = System.nanoTime();
    var failure = failure(request);

    assertThat(failure.code()).isEqualTo(WasendErrorCode.NETWORK_ERROR);
    assertThat(failure.getMessage()).contains("within 2 s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_900));
  }

  @Test
  void aBaseUrlOutsideTheAllowListFailsBeforeAnyRequest() {
    elsewhere.stubFor(post(anyUrl()).willReturn(aResponse().withBody(LINK)));
    WasendClient onlyWasend =
        WasendClient.builder()
            .allowedBaseUrls(AllowedBaseUrls.of(wasend.baseUrl() + "/wasend"))
            .build();

    for (String base :
        new String[] {elsewhere.baseUrl(), wasend.baseUrl(), wasend.baseUrl() + "/other"}) {
      var failure =
          catchThrowableOfType(
              WasendException.class,
              () ->
                  onlyWasend.revoke(
                      new RevokeGroupInviteLinkRequest(KEY, SESSION, GROUP, base, null, 2, 2)));
      assertThat(failure.code()).isEqualTo(WasendErrorCode.BASE_URL_NOT_ALLOWED);
      assertThat(failure.code().retryable()).isFalse();
      assertThat(failure.getMessage())
          .startsWith("WASEND_BASE_URL_NOT_ALLOWED: ")
          .contains("baseUrl")
          .contains("WASEND_ALLOWED_BASE_URLS")
          .doesNotContain(KEY);
    }
    assertThat(elsewhere.getAllServeEvents()).isEmpty();
    assertThat(wasend.getAllServeEvents()).isEmpty();

    wasend.stubFor(post(anyUrl()).willReturn(aResponse().withBody(LINK)));
    var allowed =
        new RevokeGroupInviteLinkRequest(
            KEY, SESSION, GROUP, wasend.baseUrl() + "/wasend/v2", null, 2, 2);
    assertThat(onlyWasend.revoke(allowed).inviteLink()).isEqualTo(LINK);
  }

  @Test
  void byDefaultOnlyTheWasendServiceIsAllowed() {
    assertThat(
            AllowedBaseUrls.of(dev.wasend.connector.invitelink.model.BaseUrl.DEFAULT)
                .permits(dev.wasend.connector.invitelink.model.BaseUrl.parse(wasend.baseUrl())))
        .isFalse();
    var failure =
        catchThrowableOfType(
            WasendException.class,
            () ->
                WasendClient.builder()
                    .allowedBaseUrls(
                        AllowedBaseUrls.of(dev.wasend.connector.invitelink.model.BaseUrl.DEFAULT))
                    .build()
                    .revoke(request()));
    assertThat(failure.code()).isEqualTo(WasendErrorCode.BASE_URL_NOT_ALLOWED);
    assertThat(wasend.getAllServeEvents()).isEmpty();
  }

  /** The connect timeout takes FEEL: any number of values must not pile up clients and threads. */
  @Test
  void manyConnectTimeoutsKeepABoundedSetOfClients() throws InterruptedException {
    answer(LINK_PATH, aResponse().withBody(LINK));
    WasendClient fresh = clientWith(CLOCK);
    long selectorsBefore = selectorThreads();
    for (int seconds = 1; seconds <= 60; seconds++) {
      fresh.revoke(
          new RevokeGroupInviteLinkRequest(
              KEY, SESSION, GROUP, wasend.baseUrl(), null, seconds, 5));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (selectorThreads() - selectorsBefore > HttpClients.CAPACITY
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(selectorThreads() - selectorsBefore).isLessThanOrEqualTo(HttpClients.CAPACITY);
  }

  private static long selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().endsWith("SelectorManager"))
        .count();
  }
}
