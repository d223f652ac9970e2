package dev.wasend.connector.invitelink.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Answers a request with a {@link Fault} instead of the service's real behaviour. Never touches the
 * registry, which is how a faulted request leaves the group's code valid.
 */
final class FaultResponder {

  private static final String BAD_GATEWAY_PAGE =
      """
      <html>
      <head><title>502 Bad Gateway</title></head>
      <body>
      <center><h1>502 Bad Gateway</h1></center>
      <hr><center>nginx</center>
      </body>
      </html>
      """;

  private FaultResponder() {}

  /** Answers with the fault; {@link Fault.Kind#DELAY} is not handled here. */
  static void respond(HttpExchange exchange, Fault fault) throws IOException {
    switch (fault.kind()) {
      case SERVER_ERROR_JSON -> Responses.failure(exchange, 500, "Internal Server Error");
      case BAD_GATEWAY_HTML -> Responses.send(exchange, 502, Responses.HTML, BAD_GATEWAY_PAGE);
      case UNAVAILABLE_TEXT -> Responses.text(exchange, 503, "Service Unavailable");
      case NOT_AUTHORIZED_500 -> Responses.json(exchange, 500, notAuthorizedBody(exchange));
      case DROP_CONNECTION -> dropConnection(exchange);
      case RESET_MID_BODY -> resetMidBody(exchange);
      case MALFORMED_JSON -> Responses.json(exchange, 200, "{\"success\": true, \"inviteLink\": ");
      case OVERSIZE_BODY -> oversizeBody(exchange, fault.bytes());
      case SUCCESS_FALSE_200 ->
          Responses.json(exchange, 200, "{\"success\": false, \"error\": \"Failed to revoke\"}");
      case EMPTY_200 -> Responses.json(exchange, 200, "");
      case REDIRECT -> {
        exchange.getResponseHeaders().set("Location", fault.location());
        exchange.sendResponseHeaders(302, -1);
      }
      case DELAY -> throw new IllegalArgumentException("DELAY is not an answer: " + fault);
    }
  }

  /** Plain WAHA's answer when WhatsApp refuses a non-admin: a 500 carrying "not-authorized". */
  private static String notAuthorizedBody(HttpExchange exchange) {
    return "{\"statusCode\":500,\"timestamp\":"
        + Responses.quote(Instant.now().toString())
        + ",\"exception\":{\"message\":\"not-authorized\",\"name\":\"Error\"}"
        + ",\"request\":{\"path\":"
        + Responses.quote(exchange.getRequestURI().getRawPath())
        + ",\"method\":"
        + Responses.quote(exchange.getRequestMethod())
        + "}}";
  }

  /**
   * Closing an exchange before {@code sendResponseHeaders} makes the JDK server close the socket
   * (no response stream exists yet), so the client reads end-of-stream where a status line should
   * be.
   */
  private static void dropConnection(HttpExchange exchange) {
    exchange.close();
  }

  /**
   * Announces 1000 bytes, sends a few, flushes so they really leave, then closes. The JDK server
   * notices the missing bytes on close and closes the socket instead of keeping it alive, so the
   * client sees the body end early.
   */
  private static void resetMidBody(HttpExchange exchange) throws IOException {
    byte[] part =
        "{\"success\": true, \"inviteLink\": \"https://chat.wh".getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", Responses.JSON);
    exchange.sendResponseHeaders(200, 1000);
    OutputStream out = exchange.getResponseBody();
    out.write(part);
    out.flush();
    exchange.close();
  }

  /** A valid success document padded past the limit; streamed so big sizes cost no memory. */
  private static void oversizeBody(HttpExchange exchange, int limit) throws IOException {
    byte[] head =
        ("{\"success\":true,\"inviteLink\":\""
                + InviteCodes.link(InviteCodes.newCode())
                + "\",\"padding\":\"")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
    long padding = Math.max(1, (long) limit + 1 - head.length - tail.length);
    exchange.getResponseHeaders().set("Content-Type", Responses.JSON);
    exchange.sendResponseHeaders(200, head.length + padding + tail.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(head);
      byte[] chunk = new byte[8192];
      Arrays.fill(chunk, (byte) 'x');
      for (long left = padding; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
      out.write(tail);
    }
  }
}
