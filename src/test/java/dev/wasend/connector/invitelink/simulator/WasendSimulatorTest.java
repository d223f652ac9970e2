package dev.wasend.connector.invitelink.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WasendSimulatorTest {

  private static final String KEY = "test-key-1";
  private static final String SESSION = "session-a";
  private static final String GROUP = "120363012345678901@g.us";
  private static final String GROUP_ENCODED = "120363012345678901%40g.us";
  private static final String CODE_PATTERN = "[A-Za-z0-9]{22}";
  private static final Instant NOW = Instant.parse("2030-01-02T03:04:05.678Z");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final MutableClock clock = new MutableClock(NOW);
  private WasendSimulator wasend;
  private String code;

  @BeforeEach
  void setUp() {
    wasend = WasendSimulator.start().clock(clock);
    wasend.session(KEY, SESSION);
    code = wasend.group(SESSION, GROUP, true);
  }

  @AfterEach
  void tearDown() {
    wasend.close();
  }

  // ---- success routes and flavours ------------------------------------------------------------

  @Test
  void documentedRouteRevokesAndAnswersLinkWithExpiry() throws Exception {
    assertThat(code).matches(CODE_PATTERN);
    assertThat(wasend.isValidInvite(code)).isTrue();

    HttpResponse<String> r = revoke("invite-link", KEY);

    String fresh = wasend.currentInviteCode(GROUP);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(r.body())
        .isEqualTo(
            "{\"success\":true,\"inviteLink\":\"https://chat.whatsapp.com/"
                + fresh
                + "\",\"expiresAt\":\"2030-01-09T03:04:05.678Z\"}");
    assertThat(fresh).matches(CODE_PATTERN).isNotEqualTo(code);
    assertThat(wasend.isValidInvite(code)).isFalse();
    assertThat(wasend.isValidInvite("https://chat.whatsapp.com/" + code)).isFalse();
    assertThat(wasend.isValidInvite(fresh)).isTrue();
    assertThat(wasend.isValidInvite("https://chat.whatsapp.com/" + fresh)).isTrue();
    assertThat(wasend.currentInviteLink(GROUP)).isEqualTo("https://chat.whatsapp.com/" + fresh);
    assertThat(wasend.revokedCodes(GROUP)).containsExactly(code);
  }

  @Test
  void revokedCodesStayInvalidAcrossRevokes() throws Exception {
    revoke("invite-link", KEY);
    String second = wasend.currentInviteCode(GROUP);
    revoke("invite-code", KEY);
    String third = wasend.currentInviteCode(GROUP);

    assertThat(wasend.revokedCodes(GROUP)).containsExactly(code, second);
    assertThat(wasend.isValidInvite(code)).isFalse();
    assertThat(wasend.isValidInvite(second)).isFalse();
    assertThat(wasend.isValidInvite(third)).isTrue();
    assertThat(wasend.isValidInvite("not-a-code")).isFalse();
    assertThat(wasend.isValidInvite(null)).isFalse();
  }

  @Test
  void expiresAtFollowsConfiguredValidityOrIsOmitted() throws Exception {
    wasend.expiresAfter(Duration.ofHours(1));
    assertThat(revoke("invite-link", KEY).body())
        .endsWith(",\"expiresAt\":\"2030-01-02T04:04:05.678Z\"}");

    wasend.noExpiry();
    HttpResponse<String> r = revoke("invite-link", KEY);
    assertThat(r.body())
        .isEqualTo(
            "{\"success\":true,\"inviteLink\":\"https://chat.whatsapp.com/"
                + wasend.currentInviteCode(GROUP)
                + "\"}");
  }

  @Test
  void inviteCodeRouteAnswersInviteCodeObject() throws Exception {
    for (SuccessFlavour flavour :
        List.of(
            SuccessFlavour.DOCUMENTED,
            SuccessFlavour.INVITE_CODE_OBJECT,
            SuccessFlavour.JSON_STRING)) {
      wasend.successFlavour(flavour);
      HttpResponse<String> r = revoke("invite-code", KEY);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .as("flavour %s", flavour)
          .isEqualTo(
              "{\"success\":true,\"inviteCode\":\"" + wasend.currentInviteCode(GROUP) + "\"}");
    }
    assertThat(wasend.revokedCodes(GROUP)).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(SuccessFlavour.class)
  void documentedRouteAnswersInSelectedFlavour(SuccessFlavour flavour) throws Exception {
    wasend.successFlavour(flavour).noExpiry();
    HttpResponse<String> r = revoke("invite-link", KEY);
    String c = wasend.currentInviteCode(GROUP);
    String link = "https://chat.whatsapp.com/" + c;

    assertThat(r.statusCode()).isEqualTo(200);
    String expected =
        switch (flavour) {
          case DOCUMENTED -> "{\"success\":true,\"inviteLink\":\"" + link + "\"}";
          case INVITE_CODE_OBJECT -> "{\"success\":true,\"inviteCode\":\"" + c + "\"}";
          case TEXT_CODE -> c;
          case TEXT_LINK -> link;
          case JSON_STRING -> "\"" + c + "\"";
        };
    assertThat(r.body()).isEqualTo(expected);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValue(
            flavour.isText() ? "text/plain; charset=utf-8" : "application/json; charset=utf-8");
    assertThat(wasend.isValidInvite(code)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = SuccessFlavour.class,
      names = {"TEXT_CODE", "TEXT_LINK"})
  void textFlavoursApplyToInviteCodeRouteToo(SuccessFlavour flavour) throws Exception {
    wasend.successFlavour(flavour);
    HttpResponse<String> r = revoke("invite-code", KEY);
    String c = wasend.currentInviteCode(GROUP);
    assertThat(r.body())
        .isEqualTo(flavour == SuccessFlavour.TEXT_CODE ? c : "https://chat.whatsapp.com/" + c);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
  }

  // ---- errors ---------------------------------------------------------------------------------

  @Test
  void missingOrWrongKeyIs401AndRevokesNothing() throws Exception {
    HttpResponse<String> missing = send(post(path(SESSION, GROUP_ENCODED, "invite-link")));
    HttpResponse<String> wrong = revoke("invite-link", "wrong-key");
    HttpResponse<String> basic =
        send(
            post(path(SESSION, GROUP_ENCODED, "invite-link"))
                .header("Authorization", "Basic " + KEY));

    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.body()).isEqualTo("{\"success\":false,\"error\":\"Missing API key\"}");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).isEqualTo("{\"success\":false,\"error\":\"Invalid API key\"}");
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(wasend.currentInviteCode(GROUP)).isEqualTo(code);
  }

  @Test
  void aKeyValidForSomeRevokesIsRefusedAfterThemAndFailuresUseUpNothing() throws Exception {
    String notAdmin = wasend.group(SESSION, "999@g.us", false);
    wasend.apiKeyValidFor(KEY, 2);

    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(200);
    assertThat(send(authorized(path(SESSION, "999%40g.us", "invite-link"), KEY)).statusCode())
        .as("a 403 revokes nothing and uses up nothing")
        .isEqualTo(403);
    assertThat(revoke("invite-code", KEY).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = revoke("invite-link", KEY);

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).isEqualTo("{\"success\":false,\"error\":\"Invalid API key\"}");
    assertThat(wasend.revokedCodes(GROUP)).hasSize(2);
    assertThat(wasend.isValidInvite(wasend.currentInviteCode(GROUP))).isTrue();
    assertThat(wasend.isValidInvite(notAdmin)).isTrue();

    wasend.apiKeyValidFor(KEY, 1);
    assertThat(revoke("invite-link", KEY).statusCode()).as("a new allowance").isEqualTo(200);
    wasend.apiKeyValidFor(KEY, 0);
    assertThat(revoke("invite-link", KEY).statusCode()).as("0: invalid at once").isEqualTo(401);
    assertThat(wasend.revokedCodes(GROUP)).hasSize(3);
    assertThatThrownBy(() -> wasend.apiKeyValidFor("unknown-key", 1))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> wasend.apiKeyValidFor(KEY, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentRequestsNeverRevokeMoreThanTheKeyIsValidFor() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String id = "12036300000009" + i + "@g.us";
      ids.add(id);
      wasend.group(SESSION, id, true);
    }
    wasend.apiKeyValidFor(KEY, 7);

    List<Integer> statuses = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (String id : ids) {
        String encoded = id.replace("@", "%40");
        answers.add(
            pool.submit(
                () -> send(authorized(path(SESSION, encoded, "invite-link"), KEY)).statusCode()));
      }
      for (Future<Integer> answer : answers) {
        statuses.add(answer.get(10, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(statuses).filteredOn(status -> status == 200).hasSize(7);
    assertThat(statuses).filteredOn(status -> status == 401).hasSize(23);
    assertThat(ids.stream().mapToInt(id -> wasend.revokedCodes(id).size()).sum()).isEqualTo(7);
  }

  @Test
  void bearerSchemeIsCaseInsensitive() throws Exception {
    HttpResponse<String> r =
        send(
            post(path(SESSION, GROUP_ENCODED, "invite-link"))
                .header("Authorization", "bearer " + KEY));
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void nonAdminIs403AndKeepsCode() throws Exception {
    String other = wasend.group(SESSION, "999@g.us", false);

    HttpResponse<String> r = send(authorized(path(SESSION, "999%40g.us", "invite-link"), KEY));

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body())
        .isEqualTo(
            "{\"statusCode\":403,\"message\":\"You are not an admin of this group\","
                + "\"error\":\"Forbidden\"}");
    assertThat(wasend.currentInviteCode("999@g.us")).isEqualTo(other);
    assertThat(wasend.isValidInvite(other)).isTrue();
  }

  @Test
  void sameGroupSharesOneCodeAcrossSessionsWithOwnAdminRights() throws Exception {
    wasend.session("key-2", "session-b");
    assertThat(wasend.group("session-b", GROUP, false)).isEqualTo(code);

    HttpResponse<String> r =
        send(authorized(path("session-b", GROUP_ENCODED, "invite-link"), "key-2"));

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownSessionOrGroupIs404InNestShape() throws Exception {
    wasend.session("key-2", "session-b");
    wasend.group("session-b", "777@g.us", true);

    HttpResponse<String> noSession =
        send(authorized(path("nope", GROUP_ENCODED, "invite-link"), KEY));
    HttpResponse<String> foreignSession =
        send(authorized(path("session-b", "777%40g.us", "invite-link"), KEY));
    HttpResponse<String> noGroup = send(authorized(path(SESSION, "1%40g.us", "invite-link"), KEY));
    HttpResponse<String> notMember =
        send(authorized(path(SESSION, "777%40g.us", "invite-code"), KEY));

    String sessionBody =
        "{\"statusCode\":404,\"message\":\"Session not found\"," + "\"error\":\"Not Found\"}";
    String groupBody =
        "{\"statusCode\":404,\"message\":\"Group not found\"," + "\"error\":\"Not Found\"}";
    assertThat(noSession.statusCode()).isEqualTo(404);
    assertThat(noSession.body()).isEqualTo(sessionBody);
    assertThat(foreignSession.statusCode()).isEqualTo(404);
    assertThat(foreignSession.body()).isEqualTo(sessionBody);
    assertThat(noGroup.statusCode()).isEqualTo(404);
    assertThat(noGroup.body()).isEqualTo(groupBody);
    assertThat(notMember.statusCode()).isEqualTo(404);
    assertThat(notMember.body()).isEqualTo(groupBody);
    assertThat(wasend.revokedCodes("777@g.us")).isEmpty();
  }

  @Test
  void missingDocumentedRouteAnswersCannotPostButInviteCodeWorks() throws Exception {
    wasend.documentedRouteMissing(true);

    HttpResponse<String> link = revoke("invite-link", KEY);
    assertThat(link.statusCode()).isEqualTo(404);
    assertThat(link.body())
        .isEqualTo(
            "{\"statusCode\":404,\"message\":\"Cannot POST /"
                + SESSION
                + "/groups/"
                + GROUP_ENCODED
                + "/invite-link/revoke\",\"error\":\"Not Found\"}");
    assertThat(wasend.currentInviteCode(GROUP)).isEqualTo(code);

    HttpResponse<String> codeRoute = revoke("invite-code", KEY);
    assertThat(codeRoute.statusCode()).isEqualTo(200);
    assertThat(wasend.isValidInvite(code)).isFalse();

    wasend.documentedRouteMissing(false);
    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownRoutesAndMethodsAnswerCannot() throws Exception {
    HttpResponse<String> unknown = send(authorized("/" + SESSION + "/groups/x/revoke?a=1", KEY));
    HttpResponse<String> get =
        send(
            HttpRequest.newBuilder(
                    URI.create(wasend.baseUrl() + path(SESSION, GROUP_ENCODED, "invite-link")))
                .header("Authorization", "Bearer " + KEY)
                .timeout(Duration.ofSeconds(5))
                .GET());

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body())
        .isEqualTo(
            "{\"statusCode\":404,\"message\":\"Cannot POST /"
                + SESSION
                + "/groups/x/revoke?a=1\",\"error\":\"Not Found\"}");
    assertThat(get.statusCode()).isEqualTo(404);
    assertThat(get.body()).contains("\"message\":\"Cannot GET /" + SESSION + "/groups/");
    assertThat(wasend.currentInviteCode(GROUP)).isEqualTo(code);
  }

  // ---- rate limiting --------------------------------------------------------------------------

  @Test
  void rateLimitAnswers429WithRetryAfterUntilRefilled() throws Exception {
    wasend.rateLimit(0.25, 2, true);

    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(200);
    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(200);
    String before = wasend.currentInviteCode(GROUP);
    HttpResponse<String> limited = revoke("invite-link", KEY);

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.body()).isEqualTo("{\"success\":false,\"error\":\"Too Many Requests\"}");
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("4");
    assertThat(wasend.currentInviteCode(GROUP)).isEqualTo(before);

    clock.advance(Duration.ofMillis(3500));
    HttpResponse<String> stillLimited = revoke("invite-link", KEY);
    assertThat(stillLimited.statusCode()).isEqualTo(429);
    assertThat(stillLimited.headers().firstValue("Retry-After")).hasValue("1");

    clock.advance(Duration.ofMillis(500));
    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(200);
    assertThat(wasend.rateLimitedCount()).isEqualTo(2);
  }

  @Test
  void rateLimitWithoutRetryAfterAndPerKey() throws Exception {
    wasend.session("key-2", "session-b");
    wasend.group("session-b", "555@g.us", true);
    wasend.rateLimit(1, 1, false);

    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(200);
    HttpResponse<String> limited = revoke("invite-link", KEY);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isEmpty();
    // another key has its own bucket
    assertThat(
            send(authorized(path("session-b", "555%40g.us", "invite-link"), "key-2")).statusCode())
        .isEqualTo(200);
    // wrong keys are refused before they can drain anyone's bucket
    assertThat(revoke("invite-link", "wrong").statusCode()).isEqualTo(401);
    assertThat(wasend.rateLimitedCount()).isEqualTo(1);

    wasend.noRateLimit();
    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(200);
    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(200);
    assertThat(wasend.rateLimitedCount()).isEqualTo(1);
  }

  @Test
  void theRateLimitChangesWhileRunningWithoutRefillingBuckets() throws Exception {
    assertThatThrownBy(() -> wasend.changeRateLimit(5)).isInstanceOf(IllegalStateException.class);
    wasend.rateLimit(10, 2, true);
    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(200);
    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMillis(100)); // one permit back at 10/s
    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(200);

    clock.advance(Duration.ofMillis(50)); // half a permit at the old rate ...
    wasend.changeRateLimit(1); // ... kept, not refilled by the change
    clock.advance(Duration.ofMillis(400)); // 0.5 + 0.4 at 1/s
    HttpResponse<String> limited = revoke("invite-link", KEY);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
    clock.advance(Duration.ofMillis(100));
    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(200);

    wasend.changeRateLimit(50);
    clock.advance(Duration.ofMillis(20));
    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> wasend.changeRateLimit(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(wasend.rateLimitedCount()).isEqualTo(1);
  }

  @Test
  void rateLimitRejectsNonsenseSettings() {
    assertThatThrownBy(() -> wasend.rateLimit(0, 1, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> wasend.rateLimit(1, 0, true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- faults ---------------------------------------------------------------------------------

  @Test
  void httpFaultsAnswerTheirShapeAndRevokeNothing() throws Exception {
    record Expect(Fault fault, int status, String contentType, String body) {}
    List<Expect> cases =
        List.of(
            new Expect(
                Fault.SERVER_ERROR_JSON,
                500,
                "application/json; charset=utf-8",
                "{\"success\":false,\"error\":\"Internal Server Error\"}"),
            new Expect(Fault.BAD_GATEWAY_HTML, 502, "text/html; charset=utf-8", "502 Bad Gateway"),
            new Expect(
                Fault.UNAVAILABLE_TEXT, 503, "text/plain; charset=utf-8", "Service Unavailable"),
            new Expect(
                Fault.NOT_AUTHORIZED_500,
                500,
                "application/json; charset=utf-8",
                "\"not-authorized\""),
            new Expect(
                Fault.MALFORMED_JSON,
                200,
                "application/json; charset=utf-8",
                "{\"success\": true, \"inviteLink\": "),
            new Expect(
                Fault.SUCCESS_FALSE_200,
                200,
                "application/json; charset=utf-8",
                "{\"success\": false, \"error\": \"Failed to revoke\"}"));

    for (Expect e : cases) {
      wasend.inject(e.fault());
      HttpResponse<String> r = revoke("invite-link", KEY);
      assertThat(r.statusCode()).as("%s", e.fault()).isEqualTo(e.status());
      assertThat(r.headers().firstValue("Content-Type"))
          .as("%s", e.fault())
          .hasValue(e.contentType());
      assertThat(r.body()).as("%s", e.fault()).contains(e.body());
    }
    assertThat(wasend.currentInviteCode(GROUP)).isEqualTo(code);
    assertThat(wasend.revokedCodes(GROUP)).isEmpty();
    assertThat(wasend.pendingFaults()).isZero();
  }

  @Test
  void malformedJsonIsExactlyTruncated() throws Exception {
    wasend.inject(Fault.MALFORMED_JSON);
    assertThat(revoke("invite-link", KEY).body()).isEqualTo("{\"success\": true, \"inviteLink\": ");
  }

  @Test
  void empty200HasNoBody() throws Exception {
    wasend.inject(Fault.EMPTY_200);
    HttpResponse<String> r = revoke("invite-link", KEY);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("Content-Length")).hasValue("0");
    assertThat(wasend.isValidInvite(code)).isTrue();
  }

  @Test
  void redirectAnswers302WithLocation() throws Exception {
    wasend.inject(Fault.redirect("https://elsewhere.example/login"));
    HttpResponse<String> r = revoke("invite-link", KEY);
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue("https://elsewhere.example/login");
    assertThat(wasend.isValidInvite(code)).isTrue();
  }

  @Test
  void oversizeBodyExceedsLimit() throws Exception {
    wasend.inject(Fault.oversizeBody(100_000), Fault.oversizeBody(0));
    HttpResponse<String> big = revoke("invite-link", KEY);
    HttpResponse<String> tiny = revoke("invite-link", KEY);

    assertThat(big.statusCode()).isEqualTo(200);
    assertThat(big.body().length()).isGreaterThan(100_000).isLessThan(100_100);
    assertThat(big.body())
        .startsWith("{\"success\":true,\"inviteLink\":\"https://chat.whatsapp.com/")
        .endsWith("xx\"}");
    assertThat(tiny.body().length()).isGreaterThan(0);
    assertThat(wasend.isValidInvite(code)).isTrue();
  }

  @Test
  void dropConnectionGivesClientAnIOExceptionAndServerStaysHealthy() throws Exception {
    wasend.inject(Fault.DROP_CONNECTION);

    // a timeout is an IOException too, but would mean the socket hung instead of closing
    assertThatThrownBy(() -> revoke("invite-link", KEY))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(HttpTimeoutException.class);
    assertThat(wasend.isValidInvite(code)).isTrue();
    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(200);
    assertThat(wasend.requestCount()).isEqualTo(2);
  }

  @Test
  void resetMidBodyGivesClientAnIOException() throws Exception {
    wasend.inject(Fault.RESET_MID_BODY);

    assertThatThrownBy(() -> revoke("invite-link", KEY))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(HttpTimeoutException.class)
        .hasMessageContaining("fixed content-length: 1000");
    assertThat(wasend.isValidInvite(code)).isTrue();
    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void onTheWireDropSendsNothingAndResetSendsHeadersThenAShortBody() throws Exception {
    wasend.inject(Fault.DROP_CONNECTION, Fault.RESET_MID_BODY);

    assertThat(rawExchange()).isEmpty();
    String reset = rawExchange();
    assertThat(reset).startsWith("HTTP/1.1 200 ").containsIgnoringCase("Content-length: 1000");
    String body = reset.substring(reset.indexOf("\r\n\r\n") + 4);
    assertThat(body).startsWith("{\"success\": true").hasSizeLessThan(1000);
  }

  @Test
  void delayAnswersNormallyLaterWithoutBlockingOthers() throws Exception {
    wasend.session(KEY, "session-c");
    wasend.group("session-c", "888@g.us", true);
    wasend.inject(Fault.delay(Duration.ofMillis(1000)));

    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> slow =
        http.sendAsync(
            authorized(path(SESSION, GROUP_ENCODED, "invite-link"), KEY).build(),
            HttpResponse.BodyHandlers.ofString());
    awaitRequests(1);
    HttpResponse<String> fast =
        send(authorized(path("session-c", "888%40g.us", "invite-link"), KEY));
    long fastMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(fast.statusCode()).isEqualTo(200);
    assertThat(slow).isNotDone();
    assertThat(fastMillis).isLessThan(1000);
    HttpResponse<String> slowResponse = slow.get(5, TimeUnit.SECONDS);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(1000);
    assertThat(slowResponse.statusCode()).isEqualTo(200);
    assertThat(wasend.isValidInvite(code)).isFalse();
  }

  @Test
  void oneShotFaultsAreUsedInOrderThenStickyFaultUntilCleared() throws Exception {
    wasend.inject(Fault.UNAVAILABLE_TEXT, Fault.SERVER_ERROR_JSON);
    wasend.alwaysFault(Fault.BAD_GATEWAY_HTML);

    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(503);
    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(500);
    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(502);
    assertThat(revoke("invite-code", KEY).statusCode()).isEqualTo(502);
    assertThat(wasend.currentInviteCode(GROUP)).isEqualTo(code);

    wasend.inject(Fault.EMPTY_200).clearFaults();
    assertThat(wasend.pendingFaults()).isZero();
    assertThat(revoke("invite-link", KEY).statusCode()).isEqualTo(200);
    assertThat(wasend.isValidInvite(code)).isFalse();
  }

  @Test
  void faultFactoriesDescribeThemselves() {
    assertThat(Fault.delay(Duration.ofMillis(5)))
        .isEqualTo(Fault.delay(Duration.ofMillis(5)))
        .hasToString("DELAY(PT0.005S)");
    assertThat(Fault.oversizeBody(10).bytes()).isEqualTo(10);
    assertThat(Fault.redirect("/x").kind()).isEqualTo(Fault.Kind.REDIRECT);
    assertThatThrownBy(() -> Fault.delay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fault.oversizeBody(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- paths ----------------------------------------------------------------------------------

  @Test
  void pathPrefixMountsTheApi() throws Exception {
    try (WasendSimulator prefixed = WasendSimulator.start("wasend/")) {
      prefixed.session(KEY, SESSION);
      String before = prefixed.group(SESSION, GROUP, true);
      assertThat(prefixed.baseUrl()).isEqualTo("http://127.0.0.1:" + prefixed.port() + "/wasend");

      HttpResponse<String> ok =
          send(
              HttpRequest.newBuilder(
                      URI.create(prefixed.baseUrl() + path(SESSION, GROUP_ENCODED, "invite-link")))
                  .header("Authorization", "Bearer " + KEY)
                  .timeout(Duration.ofSeconds(5))
                  .POST(HttpRequest.BodyPublishers.noBody()));
      HttpResponse<String> bare =
          send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + prefixed.port()
                              + path(SESSION, GROUP_ENCODED, "invite-link")))
                  .header("Authorization", "Bearer " + KEY)
                  .timeout(Duration.ofSeconds(5))
                  .POST(HttpRequest.BodyPublishers.noBody()));

      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(prefixed.isValidInvite(before)).isFalse();
      assertThat(bare.statusCode()).isEqualTo(404);
      assertThat(bare.body()).contains("Cannot POST /" + SESSION);
      assertThat(prefixed.requests())
          .extracting(RecordedRequest::rawPath)
          .containsExactly(
              "/wasend" + path(SESSION, GROUP_ENCODED, "invite-link"),
              path(SESSION, GROUP_ENCODED, "invite-link"));
    }
  }

  @Test
  void groupIdMayArriveEncodedOrLiteralAndRawPathIsRecorded() throws Exception {
    assertThat(send(authorized(path(SESSION, GROUP_ENCODED, "invite-link"), KEY)).statusCode())
        .isEqualTo(200);
    assertThat(send(authorized(path(SESSION, GROUP, "invite-code"), KEY)).statusCode())
        .isEqualTo(200);
    // %2D is '-': every segment is decoded, the session too; lower-case hex works
    assertThat(
            send(authorized(path("session%2da", "120363012345678901%40g.us", "invite-link"), KEY))
                .statusCode())
        .isEqualTo(200);
    // an escape that is not UTF-8 is no route at all (java.net.URI refuses to send "%4")
    HttpResponse<String> badUtf8 = send(authorized(path(SESSION, "%C3", "invite-link"), KEY));
    assertThat(badUtf8.statusCode()).isEqualTo(404);
    assertThat(badUtf8.body()).contains("Cannot POST /session-a/groups/%C3/invite-link/revoke");

    assertThat(wasend.revokedCodes(GROUP)).hasSize(3);
    assertThat(wasend.requests())
        .extracting(RecordedRequest::rawPath)
        .containsExactly(
            "/session-a/groups/120363012345678901%40g.us/invite-link/revoke",
            "/session-a/groups/120363012345678901@g.us/invite-code/revoke",
            "/session%2da/groups/120363012345678901%40g.us/invite-link/revoke",
            "/session-a/groups/%C3/invite-link/revoke");
  }

  @Test
  void segmentDecodingKeepsPlusAndRejectsBadUtf8() {
    assertThat(RoutePath.decode("a+b%20c%C3%A9")).isEqualTo("a+b cé");
    assertThat(RoutePath.decode("%C3")).isNull();
    assertThat(RoutePath.decode("%G0")).isNull();
    assertThat(RoutePath.parse("/s/groups/g%2Fh/invite-link/revoke", "").groupId())
        .isEqualTo("g/h");
    assertThat(RoutePath.parse("/s/groups/g/invite-link/revoke/", "")).isNotNull();
    assertThat(RoutePath.parse("/s/groups//invite-link/revoke", "")).isNull();
  }

  // ---- concurrency ----------------------------------------------------------------------------

  @Test
  void concurrentRevokesOfDifferentGroupsAreAllApplied() throws Exception {
    int groups = 40;
    int revokesPerGroup = 5;
    List<String> ids = new ArrayList<>();
    Set<String> initial = new HashSet<>();
    for (int i = 0; i < groups; i++) {
      String id = "1203630000000" + i + "@g.us";
      ids.add(id);
      initial.add(wasend.group(SESSION, id, true));
    }

    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int round = 0; round < revokesPerGroup; round++) {
        for (String id : ids) {
          String route = round % 2 == 0 ? "invite-link" : "invite-code";
          String encoded = id.replace("@", "%40");
          statuses.add(
              pool.submit(() -> send(authorized(path(SESSION, encoded, route), KEY)).statusCode()));
        }
      }
      for (Future<Integer> status : statuses) {
        assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }

    Set<String> allCodes = new HashSet<>(initial);
    for (String id : ids) {
      List<String> revoked = wasend.revokedCodes(id);
      assertThat(revoked).hasSize(revokesPerGroup).noneMatch(wasend::isValidInvite);
      assertThat(wasend.isValidInvite(wasend.currentInviteCode(id))).isTrue();
      allCodes.addAll(revoked);
      allCodes.add(wasend.currentInviteCode(id));
    }
    // every code ever issued is distinct: initial + one per revoke
    assertThat(allCodes).hasSize(groups * (revokesPerGroup + 1));
    assertThat(wasend.requestCount()).isEqualTo(groups * revokesPerGroup);
  }

  // ---- recording ------------------------------------------------------------------------------

  @Test
  void recordsEveryRequestIncludingFaultedOnes() throws Exception {
    wasend.inject(Fault.SERVER_ERROR_JSON);
    revoke("invite-link", KEY);
    send(post(path(SESSION, GROUP_ENCODED, "invite-code")).header("X-Trace", "abc"));

    List<RecordedRequest> recorded = wasend.requests();
    assertThat(wasend.requestCount()).isEqualTo(2);
    assertThat(recorded).hasSize(2);
    RecordedRequest first = recorded.get(0);
    assertThat(first.method()).isEqualTo("POST");
    assertThat(first.rawPath()).isEqualTo(path(SESSION, GROUP_ENCODED, "invite-link"));
    assertThat(first.rawQuery()).isNull();
    assertThat(first.header("AUTHORIZATION")).hasValue("Bearer " + KEY);
    assertThat(first.headers()).containsKey("authorization");
    assertThat(first.body()).isEmpty();
    assertThat(first.receivedAt()).isEqualTo(NOW);
    assertThat(recorded.get(1).header("x-trace")).hasValue("abc");
    assertThat(recorded.get(1).header("Authorization")).isEmpty();
    assertThatThrownBy(() -> first.headers().put("x", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);

    wasend.clearRequests();
    assertThat(wasend.requestCount()).isZero();
    assertThat(wasend.requests()).isEmpty();
  }

  @Test
  void startsQuicklyOnLoopbackAndRefusesAfterClose() throws Exception {
    long start = System.nanoTime();
    WasendSimulator other = WasendSimulator.start();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(other.baseUrl()).startsWith("http://127.0.0.1:");
    assertThat(other.port()).isNotEqualTo(wasend.port());
    assertThat(millis).isLessThan(1000);
    other.close();

    assertThatThrownBy(
            () ->
                send(
                    HttpRequest.newBuilder(URI.create(other.baseUrl() + "/x"))
                        .timeout(Duration.ofSeconds(2))
                        .POST(HttpRequest.BodyPublishers.noBody())))
        .isInstanceOf(IOException.class);
  }

  @Test
  void registrationErrorsAreReported() {
    assertThatThrownBy(() -> wasend.group("no-such-session", "1@g.us", true))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> wasend.currentInviteCode("unknown@g.us"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WasendSimulator.start("/a?b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static String path(String session, String group, String route) {
    return "/" + session + "/groups/" + group + "/" + route + "/revoke";
  }

  private HttpRequest.Builder post(String path) {
    return HttpRequest.newBuilder(URI.create(wasend.baseUrl() + path))
        .timeout(Duration.ofSeconds(5))
        .POST(HttpRequest.BodyPublishers.noBody());
  }

  private HttpRequest.Builder authorized(String path, String key) {
    return post(path).header("Authorization", "Bearer " + key);
  }

  private HttpResponse<String> revoke(String route, String key) throws Exception {
    return send(authorized(path(SESSION, GROUP_ENCODED, route), key));
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends one revoke over a plain socket and returns every byte read until the server closes. */
  private String rawExchange() throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), wasend.port())) {
      socket.setSoTimeout(5000);
      String request =
          "POST "
              + path(SESSION, GROUP_ENCODED, "invite-link")
              + " HTTP/1.1\r\n"
              + "Host: 127.0.0.1\r\nAuthorization: Bearer "
              + KEY
              + "\r\nContent-Length: 0\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      // readAllBytes ends only at end-of-stream, i.e. when the server closed the connection
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private void awaitRequests(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (wasend.requestCount() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(wasend.requestCount()).isGreaterThanOrEqualTo(count);
  }

  /** A clock the test moves by hand, so rate-limit refills and expiry are exact. */
  private static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
