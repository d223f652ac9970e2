package dev.wasend.connector.invitelink.model;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A Wasend base URL that the API key may be sent to, and the one place that holds the URL rules:
 * what a base URL may be, when one lies under another, what a session or group id may be as a path
 * segment, and how request URLs are built under it.
 *
 * <p>Rules: https, or http for a loopback host only (the key is a bearer credential); a host; no
 * credentials, query or fragment. A path prefix is kept (gateways mount the API under one) with
 * empty segments and trailing slashes removed, so no URL ever holds {@code //}.
 */
public final class BaseUrl {

  public static final String DEFAULT = "https://api.wasend.dev";

  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /**
   * What browsers and gateways commonly accept, far beyond any real base URL; it bounds what the
   * route memory keeps per entry.
   */
  static final int MAX_LENGTH = 2048;

  /** Longer than any session name or group JID: a longer path segment is a mistake. */
  private static final int MAX_SEGMENT_LENGTH = 256;

  private final String origin;
  private final String pathPrefix;

  private BaseUrl(String origin, String pathPrefix) {
    this.origin = origin;
    this.pathPrefix = pathPrefix;
  }

  /**
   * @throws IllegalArgumentException with a reason that never repeats the value: a value that is
   *     not a base URL may be anything pasted by mistake, even a key. (A valid base URL is
   *     configuration, not a secret: messages name its origin.)
   */
  public static BaseUrl parse(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("must not be blank");
    }
    String url = value.strip();
    if (url.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters long");
    }
    // java.net.URI accepts them in a path; a bidi override would turn it around in every log (a
    // plain space is left to URI, which refuses it as no valid URL)
    if (url.codePoints().anyMatch(c -> c != ' ' && VisibleText.isHidden(c))) {
      throw new IllegalArgumentException("must not hold control or invisible characters");
    }
    URI uri;
    try {
      uri = new URI(url);
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
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (scheme.equals("http") && !isLoopbackHost(host)) {
      throw new IllegalArgumentException(
          "must use https:// (plain http:// is accepted for loopback hosts only)");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65_535) { // URI checks no range
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
      if (!isPlainSegment(segment)) {
        throw new IllegalArgumentException(
            "must not hold '.' or '..' path segments, in any encoding, or encoded slashes");
      }
      prefix.append('/').append(segment);
    }
    int defaultPort = scheme.equals("https") ? 443 : 80;
    boolean portSpelledOut = uri.getPort() != -1 && uri.getPort() != defaultPort;
    String origin = scheme + "://" + host + (portSpelledOut ? ":" + uri.getPort() : "");
    return new BaseUrl(origin, prefix.toString());
  }

  /**
   * True for {@code localhost} and for IP literals of the loopback range in any spelling ({@code
   * 127.x.y.z}, {@code [::1]}, {@code [0:0:0:0:0:0:0:1]}, {@code [::ffff:127.0.0.1]}). No name is
   * resolved, so DNS cannot make a host "local"; {@code localhost} itself is resolved by the JDK
   * when connecting, normally from the hosts file.
   */
  public static boolean isLoopbackHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost")) {
      return true;
    }
    boolean ipv6 = h.startsWith("[") && h.endsWith("]");
    String literal = ipv6 ? h.substring(1, h.length() - 1) : h;
    if (!ipv6 && !IPV4_LITERAL.matcher(literal).matches()) {
      return false; // a name: never resolved here
    }
    try {
      // an IP literal: getByName only checks its format, no lookup
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
  }

  /**
   * False for a segment that some server would read as a step up or as more than one segment:
   * {@code ..} percent-encoded ({@code %2e%2e}, also twice: {@code %252e%252e}, for a chain that
   * decodes again), with Tomcat's path parameters ({@code ..;x}), or holding an encoded slash or
   * backslash. Such a prefix could leave the allowed path on a shared gateway once a proxy
   * normalises it.
   */
  private static boolean isPlainSegment(String rawSegment) {
    String decoded;
    try {
      decoded = percentDecoded(rawSegment);
    } catch (IllegalArgumentException malformed) {
      return false;
    }
    for (String reading : readings(decoded)) {
      int parameters = reading.indexOf(';');
      String name = parameters < 0 ? reading : reading.substring(0, parameters);
      if (name.equals(".")
          || name.equals("..")
          || reading.contains("/")
          || reading.contains("\\")) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when a session or group id can stand as one path segment without changing the route, and
   * holds nothing a person could not see ({@link VisibleText}): Wasend could only answer another
   * session's or group's name with "not found".
   */
  static boolean isSafePathSegment(String value) {
    if (value.isBlank() || value.length() > MAX_SEGMENT_LENGTH) {
      return false;
    }
    // the value itself, and as gateways that decode it again read it (it is sent percent-encoded):
    // no step up, second segment, query or fragment in any of them
    for (String reading : readings(value)) {
      if (reading.equals(".")
          || reading.contains("..")
          || reading.chars().anyMatch(c -> "/?#\\".indexOf(c) >= 0)) {
        return false;
      }
    }
    if (VisibleText.isSpace(value.codePointAt(0))
        || VisibleText.isSpace(value.codePointBefore(value.length()))) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        return false;
      }
      // an unpaired surrogate has no UTF-8 form: it would go out as '?' and name another group
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        if (VisibleText.isInvisible(value.codePointAt(i))) {
          return false;
        }
        i++;
      } else if (Character.isSurrogate(c) || VisibleText.isInvisible(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when {@code value}, or any reading a gateway could decode from it ({@link #readings}),
   * passes {@code test}. A value over the length limit is not read: {@link #parse} refuses it.
   */
  static boolean anyReading(String value, Predicate<String> test) {
    return value.length() <= MAX_LENGTH && readings(value).stream().anyMatch(test);
  }

  /** One round of percent-decoding, '+' kept as it is (a path has no form encoding). */
  private static String percentDecoded(String value) {
    return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /**
   * The value as it is and as servers that percent-decode it once, twice or any number of times
   * read it, up to the first round that changes nothing. Lenient, as many decoders are: a {@code %}
   * that starts no escape stays as it is, and the escapes around it are still read. Bounded: a
   * round that changes the text reads at least one escape and so makes it shorter by 2 characters
   * or more (the first round may also turn an unpaired surrogate into '?' alone, keeping the
   * length), and the values are bounded (at most 2048 characters, so at most about 1 000 rounds).
   */
  static List<String> readings(String value) {
    List<String> readings = new ArrayList<>(List.of(value));
    String reading = value;
    while (reading.indexOf('%') >= 0) {
      String decoded = leniently(reading);
      if (decoded.equals(reading)) {
        break;
      }
      readings.add(decoded);
      reading = decoded;
    }
    return readings;
  }

  /**
   * Every {@code %XX} as its byte and every {@code %uXXXX} (IIS) as its character, the rest as it
   * is, read as UTF-8.
   */
  private static String leniently(String value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); ) {
      if (value.startsWith("%u", i) && isHex(value, i + 2, 4)) {
        char c = (char) HexFormat.fromHexDigits(value, i + 2, i + 6);
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        i += 6;
      } else if (value.charAt(i) == '%' && isHex(value, i + 1, 2)) {
        bytes.write(HexFormat.fromHexDigits(value, i + 1, i + 3));
        i += 3;
      } else {
        int c = value.codePointAt(i);
        bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(String value, int from, int count) {
    if (from + count > value.length()) {
      return false;
    }
    for (int i = from; i < from + count; i++) {
      if (!HexFormat.isHexDigit(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when a request under this base URL goes to {@code allowed}'s origin and under its whole
   * path prefix, segment by segment.
   */
  public boolean isWithin(BaseUrl allowed) {
    return origin.equals(allowed.origin)
        && (pathPrefix.equals(allowed.pathPrefix)
            || pathPrefix.startsWith(allowed.pathPrefix + "/"));
  }

  /**
   * The URL of a group's route under this base: {@code
   * {base}/{sessionId}/groups/{groupId}/{route}}. The two ids are percent-encoded as single
   * segments; {@code route} is a fixed path of ours.
   */
  public URI groupRoute(String sessionId, String groupId, String route) {
    return URI.create(
        origin
            + pathPrefix
            + '/'
            + encodeSegment(sessionId)
            + "/groups/"
            + encodeSegment(groupId)
            + '/'
            + route);
  }

  /**
   * Scheme, host and port, in one spelling whatever the base URL's: lower case, the default port
   * left out. Names where a call went, without any path or secret, and keys the pace per origin.
   */
  public String origin() {
    return origin;
  }

  /**
   * RFC 3986 path-segment encoding. Unreserved characters and '@' (legal in a path, and part of
   * every group JID) stay literal; every other byte of the UTF-8 form is percent-encoded, so '/',
   * '?', '#', '%' and spaces can never change the route.
   */
  static String encodeSegment(String segment) {
    if (segment.chars().allMatch(c -> c == '.')) {
      return "%2E".repeat(segment.length()); // "." and ".." would otherwise be resolved away
    }
    StringBuilder out = new StringBuilder(segment.length() + 8);
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isUnreservedOrAt(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  private static boolean isUnreservedOrAt(int c) {
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
  public boolean equals(Object other) {
    return other instanceof BaseUrl that && toString().equals(that.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /** Origin and path prefix, normalised: the identity of a gateway mount. */
  @Override
  public String toString() {
    return origin + pathPrefix;
  }
}
