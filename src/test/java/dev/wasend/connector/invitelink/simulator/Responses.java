package dev.wasend.connector.invitelink.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes complete responses; every body is sent with an exact {@code Content-Length}. */
final class Responses {

  // Express, which NestJS runs on, labels JSON and text this way
  static final String JSON = "application/json; charset=utf-8";
  static final String TEXT = "text/plain; charset=utf-8";
  static final String HTML = "text/html; charset=utf-8";

  private Responses() {}

  static void json(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, JSON, body);
  }

  static void text(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, TEXT, body);
  }

  /** {@code {"success":false,"error":"..."}}, the shape of Wasend's own guard errors. */
  static void failure(HttpExchange exchange, int status, String error) throws IOException {
    json(exchange, status, "{\"success\":false,\"error\":" + quote(error) + "}");
  }

  /** {@code {"statusCode":...,"message":...,"error":...}}, the shape of NestJS HTTP exceptions. */
  static void nest(HttpExchange exchange, int status, String message, String error)
      throws IOException {
    json(
        exchange,
        status,
        "{\"statusCode\":"
            + status
            + ",\"message\":"
            + quote(message)
            + ",\"error\":"
            + quote(error)
            + "}");
  }

  static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    // length -1 means "no body"; the JDK server would turn 0 into chunked encoding instead
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** A JSON string literal for any text, escaping what JSON requires. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
