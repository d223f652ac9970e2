package dev.wasend.connector.invitelink.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A request path that matched one of the two revoke routes, with session and group decoded.
 *
 * @param sessionId the decoded session segment
 * @param groupId the decoded group segment, e.g. {@code 120363012345678901@g.us}
 * @param route which of the two routes was called
 */
record RoutePath(String sessionId, String groupId, Route route) {

  enum Route {
    /** The documented {@code invite-link/revoke}. */
    INVITE_LINK,
    /** The vendor SDK's {@code invite-code/revoke}. */
    INVITE_CODE
  }

  /**
   * Matches {@code {prefix}/{sessionId}/groups/{groupId}/invite-(link|code)/revoke}.
   *
   * @param rawPath the path as received, still percent-encoded
   * @param prefix the mount prefix, "" or like {@code /wasend}
   * @return the match, or {@code null} when this is not a revoke route
   */
  static RoutePath parse(String rawPath, String prefix) {
    if (!rawPath.startsWith(prefix + "/")) {
      return null;
    }
    String rest = rawPath.substring(prefix.length() + 1);
    // Express routes are not strict by default: one trailing slash still matches
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    String[] s = rest.split("/", -1);
    if (s.length != 5 || !s[1].equals("groups") || !s[4].equals("revoke")) {
      return null;
    }
    Route route =
        switch (s[3]) {
          case "invite-link" -> Route.INVITE_LINK;
          case "invite-code" -> Route.INVITE_CODE;
          default -> null;
        };
    // decode each segment on its own, so an encoded '/' (%2F) cannot split a segment in two
    String session = decode(s[0]);
    String group = decode(s[2]);
    if (route == null || session == null || group == null || session.isEmpty() || group.isEmpty()) {
      return null;
    }
    return new RoutePath(session, group, route);
  }

  /**
   * Percent-decodes one path segment as UTF-8. Unlike {@code URLDecoder}, '+' stays '+', because
   * that rule is for form data, not paths.
   *
   * @return the decoded text, or {@code null} for a broken escape or invalid UTF-8
   */
  static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        if (i + 2 >= segment.length()) {
          return null;
        }
        int hi = Character.digit(segment.charAt(i + 1), 16);
        int lo = Character.digit(segment.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        int cp = segment.codePointAt(i);
        byte[] raw = Character.toString(cp).getBytes(StandardCharsets.UTF_8);
        bytes.write(raw, 0, raw.length);
        i += Character.charCount(cp) - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
