package dev.wasend.connector.invitelink.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * A Wasend base URL that the API key may be sent to, and the one place that builds request URLs
 * under it.
 *
 * <p>Rules: https, or http for a loopback host only (the key is a bearer credential); a host; no
 * credentials, query or fragment. A path prefix is kept (gateways mount the API under one) with
 * empty segments and trailing slashes removed, so no URL ever holds {@code //}.
 */
public final class BaseUrl {

  public static final String DEFAULT = "https://api.wasend.dev";

  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");
  /** A deployment uses one or a few base URLs; bounded, since they may be computed per job. */
  private static final int MAX_CACHED = 64;
  private static final ConcurrentMap<String, BaseUrl> PARSED = new ConcurrentHashMap<>();

  private final String origin;
  private final String pathPrefix;

  private BaseUrl(String origin, String pathPrefix) {
    this.origin = origin;
    this.pathPrefix = pathPrefix;
  }

  /**
   * {@link #parse}, remembered: validation and the client ask for the same URL on every job, and
   * parsing costs more than the rest of validation (docs/performance.md). Only valid URLs are kept.
   *
   * @throws IllegalArgumentException with a reason that never repeats the value
   */
  public static BaseUrl of(String value) {
    BaseUrl known = value == null ? null : PARSED.get(value);
    if (known != null) {
      return known;
    }
    BaseUrl parsed = parse(value);
    if (PARSED.size() >= MAX_CACHED) {
      PARSED.clear();
    }
    PARSED.put(value, parsed);
    return parsed;
  }

  /** How many parsed URLs are remembered now; never more than 64. */
  static int remembered() {
    return PARSED.size();
  }

  /**
   * @throws IllegalArgumentException with a reason that never repeats the value
   */
  public static BaseUrl parse(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("must not be blank");
    }
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("must be a valid URL, as in https://api.wasend.dev");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("must start with https://");
    }
    if (uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("must name a host, as in https://api.wasend.dev");
    }
    if (scheme.equals("http") && !isLoopback(uri.getHost())) {
      throw new IllegalArgumentException(
          "must use https:// (plain http:// is accepted for loopback hosts only)");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65_535) { // URI checks no range; the call would fail late
      throw new IllegalArgumentException("must use a port from 1 to 65535");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("must not carry credentials");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("must not carry a query or a fragment");
    }
    StringBuilder prefix = new StringBuilder();
    String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
    for (String segment : rawPath.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("must not hold '.' or '..' path segments");
      }
      prefix.append('/').append(segment);
    }
    String origin = scheme + "://" + uri.getRawAuthority();
    return new BaseUrl(origin, prefix.toString());
  }

  /**
   * Loopback by literal: the validator resolves no name, so DNS cannot make a host "local". The one
   * name accepted, {@code localhost}, is resolved by the JDK when connecting, normally from the
   * hosts file; a machine whose hosts file points it elsewhere is not one to trust with a key.
   */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || IPV4_LOOPBACK.matcher(h).matches()
        || h.equals("[::1]")
        || h.equals("::1")
        || h.equals("[0:0:0:0:0:0:0:1]");
  }

  /**
   * The URL of a group's route under this base: {@code {base}/{sessionId}/groups/{groupId}/{route}}.
   * The two ids are percent-encoded as single segments; {@code route} is a fixed path of ours.
   */
  public URI groupRoute(String sessionId, String groupId, String route) {
    // one concatenation sized by the compiler: the URL is built once, not grown and copied
    return URI.create(
        origin + pathPrefix + '/' + encodeSegment(sessionId) + "/groups/" + encodeSegment(groupId)
            + '/' + route);
  }

  /** The host part, for messages: it tells the operator where a call went without any secret. */
  public String origin() {
    return origin;
  }

  /**
   * RFC 3986 path-segment encoding. Unreserved characters and '@' (legal in a path, and part of
   * every group JID) stay literal; every other byte of the UTF-8 form is percent-encoded, so '/',
   * '?', '#', '%' and spaces can never change the route.
   */
  static String encodeSegment(String segment) {
    if (isLiteral(segment)) {
      return segment;
    }
    StringBuilder out = new StringBuilder(segment.length() + 8);
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isLiteral(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** True when no character needs encoding: the usual session id and group JID. */
  private static boolean isLiteral(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      if (!isLiteral(segment.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLiteral(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~'
        || c == '@';
  }

  @Override
  public String toString() {
    return origin + pathPrefix;
  }
}
