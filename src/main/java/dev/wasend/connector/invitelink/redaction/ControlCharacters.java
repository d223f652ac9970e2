package dev.wasend.connector.invitelink.redaction;

/**
 * Makes outside text safe to print on one line: CR, LF, TAB, ESC, every other C0 and C1 control,
 * DEL, the Unicode line and paragraph separators, the bidi controls and unpaired surrogates are
 * written as visible escapes (backslash-n, -r, -t, and backslash-u001b for ESC). So no server can
 * forge a log line ("... INFO key rotated OK"), move the cursor or reorder what a reader sees.
 *
 * <p>Escapes work on whole code points, so a surrogate pair is never split, and a cut never falls
 * inside an escape or a character.
 */
final class ControlCharacters {

  private ControlCharacters() {}

  /**
   * The escaped text, cut to at most {@code maxChars} characters (plus a closing {@code …} when
   * cut) at the last whole character or escape that fits.
   */
  static String escapeAndCut(String text, int maxChars) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 8);
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      int chars = Character.charCount(codePoint);
      String piece = isUnsafe(codePoint) ? escaped(codePoint) : text.substring(i, i + chars);
      if (out.length() + piece.length() > maxChars) {
        return out.append('…').toString();
      }
      out.append(piece);
      i += chars;
    }
    return out.toString();
  }

  private static boolean isUnsafe(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.CONTROL // C0, DEL, C1 (NEL and CSI among them)
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE // only an unpaired one reaches here
        || isBidiControl(codePoint);
  }

  private static boolean isBidiControl(int c) {
    return c == 0x061C
        || c == 0x200E
        || c == 0x200F
        || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069);
  }

  private static String escaped(int codePoint) {
    return switch (codePoint) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> "\\u" + Integer.toHexString(0x10000 | codePoint).substring(1);
    };
  }
}
