package dev.wasend.connector.invitelink.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Serves every path of the simulator: records the request, applies a pending fault, then routes and
 * answers the way the Wasend gateway does, checking in its order: route, API key, rate limit,
 * session, group, admin rights.
 */
final class RevokeHandler implements HttpHandler {

  /** Recorded bodies are cut here; the real call has no body at all. */
  private static final int MAX_RECORDED_BODY = 64 * 1024;

  /** JavaScript's {@code Date.toISOString()}, which always prints milliseconds. */
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final WasendSimulator simulator;

  RevokeHandler(WasendSimulator simulator) {
    this.simulator = simulator;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      simulator.record(
          new RecordedRequest(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery(),
              exchange.getRequestHeaders(),
              readBody(exchange.getRequestBody()),
              simulator.clock().instant()));

      Fault fault = simulator.nextFault();
      if (fault != null && fault.kind() == Fault.Kind.DELAY) {
        Thread.sleep(fault.delay());
      } else if (fault != null) {
        FaultResponder.respond(exchange, fault);
        return;
      }
      answer(exchange);
    } catch (InterruptedException e) {
      // the simulator is closing; drop the request like a stopping server would
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client went away; nothing to answer
    } finally {
      exchange.close();
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    String rawPath = exchange.getRequestURI().getRawPath();
    RoutePath path =
        exchange.getRequestMethod().equals("POST")
            ? RoutePath.parse(rawPath, simulator.pathPrefix())
            : null;
    if (path == null
        || (path.route() == RoutePath.Route.INVITE_LINK && simulator.isDocumentedRouteMissing())) {
      cannot(exchange);
      return;
    }

    String apiKey = bearerToken(exchange.getRequestHeaders().getFirst("Authorization"));
    if (apiKey == null) {
      Responses.failure(exchange, 401, "Missing API key");
      return;
    }
    if (!simulator.registry().isApiKey(apiKey)) {
      Responses.failure(exchange, 401, "Invalid API key");
      return;
    }

    TokenBucketRateLimiter limiter = simulator.rateLimiter();
    if (limiter != null) {
      long retryAfter = limiter.tryAcquire(apiKey);
      if (retryAfter > 0) {
        simulator.countRateLimited();
        if (limiter.sendRetryAfter()) {
          exchange.getResponseHeaders().set("Retry-After", Long.toString(retryAfter));
        }
        Responses.failure(exchange, 429, "Too Many Requests");
        return;
      }
    }

    switch (simulator.registry().revoke(apiKey, path.sessionId(), path.groupId())) {
      case InviteRegistry.Revoke.UnknownSession u ->
          Responses.nest(exchange, 404, "Session not found", "Not Found");
      case InviteRegistry.Revoke.UnknownGroup u ->
          Responses.nest(exchange, 404, "Group not found", "Not Found");
      case InviteRegistry.Revoke.NotAdmin n ->
          Responses.nest(exchange, 403, "You are not an admin of this group", "Forbidden");
      case InviteRegistry.Revoke.KeyInvalid k ->
          Responses.failure(exchange, 401, "Invalid API key");
      case InviteRegistry.Revoke.Done done -> success(exchange, path.route(), done.newCode());
    }
  }

  private void success(HttpExchange exchange, RoutePath.Route route, String code)
      throws IOException {
    SuccessFlavour flavour = simulator.successFlavour();
    if (route == RoutePath.Route.INVITE_CODE && !flavour.isText()) {
      flavour = SuccessFlavour.INVITE_CODE_OBJECT;
    }
    switch (flavour) {
      case DOCUMENTED -> {
        Duration expiresAfter = simulator.expiresAfter();
        String expires =
            expiresAfter == null
                ? ""
                : ",\"expiresAt\":\""
                    + ISO_MILLIS.format(simulator.clock().instant().plus(expiresAfter))
                    + "\"";
        Responses.json(
            exchange,
            200,
            "{\"success\":true,\"inviteLink\":\"" + InviteCodes.link(code) + "\"" + expires + "}");
      }
      case INVITE_CODE_OBJECT ->
          Responses.json(exchange, 200, "{\"success\":true,\"inviteCode\":\"" + code + "\"}");
      case TEXT_CODE -> Responses.text(exchange, 200, code);
      case TEXT_LINK -> Responses.text(exchange, 200, InviteCodes.link(code));
      case JSON_STRING -> Responses.json(exchange, 200, "\"" + code + "\"");
    }
  }

  /** NestJS's answer for a path (or method) it has no route for. */
  private static void cannot(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    String url = exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
    Responses.nest(exchange, 404, "Cannot " + exchange.getRequestMethod() + " " + url, "Not Found");
  }

  /** The token of {@code Authorization: Bearer <token>}, or null when absent or another scheme. */
  static String bearerToken(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.strip();
    if (value.length() < 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    String token = value.substring(7).strip();
    return token.isEmpty() ? null : token;
  }

  private static String readBody(InputStream in) throws IOException {
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) > 0) {
      // keep reading past the cap so the connection stays usable for the next request
      kept.write(buffer, 0, Math.min(n, Math.max(0, MAX_RECORDED_BODY - kept.size())));
    }
    return kept.toString(StandardCharsets.UTF_8);
  }
}
