package dev.wasend.connector.invitelink.error;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wasend.connector.invitelink.redaction.SecretRedactor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;

/**
 * Classifies every way a revoke can fail into a {@link WasendException} with a stable code: an HTTP
 * answer that is not a success (status first, then the few body facts that change its meaning), and
 * a request that got no answer at all.
 */
public final class FailureClassifier {

  /** How much of a response body is kept in messages and error variables. */
  private static final int EXCERPT_CHARS = 512;

  /** A WAHA session status is one short word ("SCAN_QR_CODE"); more is not shown. */
  private static final int SESSION_STATUS_CHARS = 32;

  /**
   * NestJS answers an unknown route with 404 and one of these messages (on Express, on Fastify); a
   * missing session or group never does.
   */
  private static final String UNKNOWN_ROUTE_EXPRESS = "Cannot POST /";

  private static final String UNKNOWN_ROUTE_FASTIFY = "Route POST:/";

  private final Clock clock;

  /**
   * @param clock reads an HTTP-date {@code Retry-After}
   */
  public FailureClassifier(Clock clock) {
    this.clock = clock;
  }

  /**
   * True when the service says the route itself does not exist (405, or a gateway's 404 "Cannot
   * POST /..." or "Route POST:/... not found"), as opposed to "no such session or group". Only this
   * may trigger the fallback.
   */
  public static boolean isUnknownRoute(int status, String body) {
    return status == 405
        || (status == 404
            && body != null
            && (body.contains(UNKNOWN_ROUTE_EXPRESS) || body.contains(UNKNOWN_ROUTE_FASTIFY)));
  }

  /**
   * @param body the answer's body as text, shown in the excerpt
   * @param json the same body when it is one JSON object with no field repeated and nothing after
   *     it, else null: only its structure counts, whatever its fields' values look like in the text
   * @param target what was called, for the operator: route, session and group, never the key
   */
  public WasendException fromResponse(
      int status,
      String body,
      JsonNode json,
      String retryAfterHeader,
      String route,
      String target,
      SecretRedactor redactor) {
    WasendErrorCode code;
    String what;
    String sessionStatus = status == 422 ? wahaSessionStatus(json) : null;
    if (status == 429) {
      code = WasendErrorCode.RATE_LIMITED;
      what = "Wasend's rate limit was reached";
    } else if (status >= 500 && status <= 599 && isWhatsAppNotAuthorized(json)) {
      code = WasendErrorCode.NOT_GROUP_ADMIN;
      what = "WhatsApp refused: the session's account is not an admin of the group";
    } else if (status >= 500 && status <= 599) {
      code = WasendErrorCode.SERVER_ERROR;
      what = "Wasend had a server error";
    } else if (status == 400) {
      code = WasendErrorCode.BAD_REQUEST;
      what = "Wasend rejected the request as invalid";
    } else if (status == 401) {
      code = WasendErrorCode.UNAUTHORIZED;
      what = "Wasend refused the API key: check the secret behind the task's API key";
    } else if (status == 403) {
      code = WasendErrorCode.NOT_GROUP_ADMIN;
      what = "the session's WhatsApp account is not an admin of the group";
    } else if (isUnknownRoute(status, body)) {
      code = WasendErrorCode.NOT_FOUND;
      what = "Wasend has no such route: try another Route setting";
    } else if (status == 404) {
      code = WasendErrorCode.NOT_FOUND;
      what = "Wasend found no such session or group";
    } else if (status == 408) {
      code = WasendErrorCode.NETWORK_ERROR;
      what = "Wasend timed out waiting for the request";
    } else if (status == 425) {
      code = WasendErrorCode.NETWORK_ERROR; // "Too Early": the same request succeeds when retried
      what = "Wasend asked to retry the request later";
    } else if (sessionStatus != null) {
      if (sessionStatus.equals("STARTING")) {
        code = WasendErrorCode.SERVER_ERROR; // passes by itself: WAHA says "Try again later"
        what = "the session is still starting (WAHA status STARTING), so it cannot revoke yet";
      } else {
        code = WasendErrorCode.BAD_REQUEST;
        what =
            "the session is not working (WAHA status "
                + redactor.excerpt(sessionStatus, SESSION_STATUS_CHARS)
                + "): start it, or scan its QR code, in Wasend";
      }
    } else if (status >= 400 && status <= 499) {
      code = WasendErrorCode.BAD_REQUEST;
      what = "Wasend rejected the request";
    } else if (status >= 300 && status <= 399) {
      code = WasendErrorCode.INVALID_RESPONSE;
      what = "Wasend answered with a redirect, which is never followed: check the base URL";
    } else {
      code = WasendErrorCode.INVALID_RESPONSE;
      what = "Wasend answered with an unexpected status";
    }
    // RFC 9110 gives Retry-After to 429 and 503 alike: any answer that is retried honours it.
    Duration retryAfter =
        code.retryable() ? RetryPolicy.retryAfter(retryAfterHeader, clock).orElse(null) : null;
    if (retryAfter != null) {
      what += "; Retry-After says to wait " + retryAfter.toSeconds() + " s (bounded to 1 s-10 min)";
    }
    return withResponse(
        code, what + " (HTTP " + status + ")", status, route, target, body, redactor, retryAfter);
  }

  /**
   * A failure that has an answer: a bounded excerpt of it, the key removed, goes into the message
   * and the error variables. {@code body} is null when the answer's body must not be shown.
   */
  public static WasendException withResponse(
      WasendErrorCode code,
      String what,
      int status,
      String route,
      String target,
      String body,
      SecretRedactor redactor,
      Duration retryAfter) {
    String excerpt = body == null || body.isBlank() ? null : redactor.excerpt(body, EXCERPT_CHARS);
    String message = what + " " + target + (excerpt == null ? "" : "; response: " + excerpt);
    return new WasendException(code, message, status, route, excerpt, retryAfter);
  }

  /** A request that got no HTTP answer at all. */
  public WasendException network(
      IOException e, String route, String target, SecretRedactor redactor) {
    String what;
    if (e instanceof HttpConnectTimeoutException) {
      what = "Connecting to Wasend timed out";
    } else if (e instanceof HttpTimeoutException) {
      what = "No complete answer within the read timeout";
    } else if (isCausedBy(e, UnknownHostException.class, UnresolvedAddressException.class)) {
      // the JDK's client reports it as a ConnectException caused by UnresolvedAddressException;
      // the name may be a proxy's, from the JVM's proxy settings: the message does not guess
      what = "A host name on the way to Wasend could not be resolved";
    } else if (e instanceof ConnectException) {
      what = "Wasend could not be reached";
    } else if (e instanceof SSLHandshakeException) {
      // Only a certificate path the client could not build or check ("PKIX path building failed")
      // means it refused the server before sending anything; other handshake failures may come
      // after the request left (TLS 1.3 sends it before a server asks for a client certificate).
      what =
          isCausedBy(e, CertPathBuilderException.class, CertPathValidatorException.class)
              ? "The TLS handshake failed: this runtime's JVM does not trust the server's"
                  + " certificate (a private CA's?)"
              : "The TLS handshake failed";
    } else {
      what = "The connection to Wasend failed";
    }
    // the JDK's message may quote what the server sent (a status line of any length)
    String detail =
        e.getMessage() == null ? "" : ": " + redactor.excerpt(e.getMessage(), EXCERPT_CHARS);
    String message = what + " " + target + " (" + e.getClass().getSimpleName() + detail + ")";
    return new WasendException(WasendErrorCode.NETWORK_ERROR, message, null, route, null, null);
  }

  /** Whether {@code e} or one of its causes is one of {@code types}. */
  @SafeVarargs
  private static boolean isCausedBy(Throwable e, Class<? extends Throwable>... types) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(t)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * WAHA answers 422 when the session is not {@code WORKING} (yet): {@code {"error": "Session
   * status is not as expected. Try again later or restart the session", "session": "...", "status":
   * "STARTING", "expected": ["WORKING"]}} ({@code waitUntilStatus} in WAHA's {@code
   * src/core/abc/manager.abc.ts}). The session's status when the body has that structure, else
   * null: another 422 is an ordinary bad request.
   */
  static String wahaSessionStatus(JsonNode json) {
    if (json == null) {
      return null;
    }
    JsonNode status = json.path("status");
    JsonNode expected = json.path("expected");
    if (!status.isTextual() || !expected.isArray()) {
      return null;
    }
    for (JsonNode state : expected) {
      if (state.isTextual() && state.textValue().equals("WORKING")) {
        return status.textValue().strip();
      }
    }
    return null;
  }

  /**
   * WhatsApp answers a revoke by a non-admin with "not-authorized", which plain WAHA's exception
   * filter turns into a 500 with {@code {"statusCode":500, "exception":{"message":"not-authorized",
   * ...}, ...}}. Only that structure counts: the words elsewhere in a body (a session named
   * "not-authorized-bot", a stack trace) are an ordinary server error, which is retried.
   */
  static boolean isWhatsAppNotAuthorized(JsonNode json) {
    if (json == null) {
      return false;
    }
    JsonNode message = json.path("exception").path("message");
    return message.isTextual() && message.textValue().strip().equals("not-authorized");
  }
}
