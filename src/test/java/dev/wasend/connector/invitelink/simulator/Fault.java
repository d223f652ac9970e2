package dev.wasend.connector.invitelink.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * A misbehaviour the simulator can show instead of (or, for {@link #delay}, before) its normal
 * answer. Queue one-shot faults with {@link WasendSimulator#inject(Fault...)} or make one sticky
 * with {@link WasendSimulator#alwaysFault(Fault)}.
 *
 * <p>A faulted request never revokes anything: the group's code stays valid, so a test can check
 * that a connector which saw a failure did not assume the old link is gone. {@link #delay} is the
 * exception, because after the pause the request is handled normally.
 *
 * <p>Faults apply to whatever request arrives next, whatever its route or credentials, because they
 * model the infrastructure in front of the service (proxies, load balancers, networks).
 */
public final class Fault {

  /** What a fault does; see the constants and factories of {@link Fault} for details. */
  public enum Kind {
    SERVER_ERROR_JSON,
    BAD_GATEWAY_HTML,
    UNAVAILABLE_TEXT,
    NOT_AUTHORIZED_500,
    DELAY,
    DROP_CONNECTION,
    RESET_MID_BODY,
    MALFORMED_JSON,
    OVERSIZE_BODY,
    SUCCESS_FALSE_200,
    EMPTY_200,
    REDIRECT
  }

  /** 500 with {@code {"success":false,"error":"Internal Server Error"}}. */
  public static final Fault SERVER_ERROR_JSON = new Fault(Kind.SERVER_ERROR_JSON, null, 0, null);

  /** 502 with an nginx-style {@code text/html} page, as a reverse proxy answers. */
  public static final Fault BAD_GATEWAY_HTML = new Fault(Kind.BAD_GATEWAY_HTML, null, 0, null);

  /** 503 with a {@code text/plain} body. */
  public static final Fault UNAVAILABLE_TEXT = new Fault(Kind.UNAVAILABLE_TEXT, null, 0, null);

  /**
   * 500 whose JSON body carries WhatsApp's {@code not-authorized}: what plain WAHA answers when the
   * session's account is not a group admin, instead of a 403.
   */
  public static final Fault NOT_AUTHORIZED_500 = new Fault(Kind.NOT_AUTHORIZED_500, null, 0, null);

  /** Closes the connection without sending a status line or headers. */
  public static final Fault DROP_CONNECTION = new Fault(Kind.DROP_CONNECTION, null, 0, null);

  /**
   * Sends 200 headers announcing a longer {@code Content-Length} than the bytes that follow, then
   * closes the connection: the client sees a body cut short.
   */
  public static final Fault RESET_MID_BODY = new Fault(Kind.RESET_MID_BODY, null, 0, null);

  /**
   * 200 {@code application/json} with a JSON body cut off after the key, i.e. <code>
   * &#123;"success": true, "inviteLink": </code> and nothing more.
   */
  public static final Fault MALFORMED_JSON = new Fault(Kind.MALFORMED_JSON, null, 0, null);

  /** 200 {@code {"success": false, "error": "Failed to revoke"}}. */
  public static final Fault SUCCESS_FALSE_200 = new Fault(Kind.SUCCESS_FALSE_200, null, 0, null);

  /** 200 with {@code application/json} and an empty body. */
  public static final Fault EMPTY_200 = new Fault(Kind.EMPTY_200, null, 0, null);

  private final Kind kind;
  private final Duration delay;
  private final int bytes;
  private final String location;

  private Fault(Kind kind, Duration delay, int bytes, String location) {
    this.kind = kind;
    this.delay = delay;
    this.bytes = bytes;
    this.location = location;
  }

  /**
   * Waits, then answers normally (including a real revoke). Only the request's own handler thread
   * waits; other requests are served meanwhile.
   *
   * @param delay how long to wait before answering; not negative
   */
  public static Fault delay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    return new Fault(Kind.DELAY, delay, 0, null);
  }

  /**
   * 200 with a syntactically valid success JSON body that is more than {@code bytes} long, to test
   * a client's body cap. The link inside is not a real invite.
   *
   * @param bytes the body is strictly larger than this; not negative
   */
  public static Fault oversizeBody(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must not be negative: " + bytes);
    }
    return new Fault(Kind.OVERSIZE_BODY, null, bytes, null);
  }

  /**
   * 302 with a {@code Location} header and an empty body.
   *
   * @param location the value of the {@code Location} header
   */
  public static Fault redirect(String location) {
    return new Fault(Kind.REDIRECT, null, 0, Objects.requireNonNull(location, "location"));
  }

  /** What this fault does. */
  public Kind kind() {
    return kind;
  }

  /** The wait of a {@link Kind#DELAY} fault, otherwise {@code null}. */
  public Duration delay() {
    return delay;
  }

  /** The size threshold of an {@link Kind#OVERSIZE_BODY} fault, otherwise 0. */
  public int bytes() {
    return bytes;
  }

  /** The {@code Location} of a {@link Kind#REDIRECT} fault, otherwise {@code null}. */
  public String location() {
    return location;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fault f
        && kind == f.kind
        && bytes == f.bytes
        && Objects.equals(delay, f.delay)
        && Objects.equals(location, f.location);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, delay, bytes, location);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case DELAY -> "DELAY(" + delay + ")";
      case OVERSIZE_BODY -> "OVERSIZE_BODY(" + bytes + ")";
      case REDIRECT -> "REDIRECT(" + location + ")";
      default -> kind.name();
    };
  }
}
