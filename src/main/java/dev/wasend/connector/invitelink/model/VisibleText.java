package dev.wasend.connector.invitelink.model;

/**
 * What a person reading a value can see. A pasted space or an invisible character (zero-width, bidi
 * override, BOM) would silently name another session or group, or turn a URL around in every log.
 */
final class VisibleText {

  private VisibleText() {}

  /** Whitespace of any kind, control and invisible characters: nothing a person reads. */
  static boolean isHidden(int c) {
    return isSpace(c) || Character.isISOControl(c) || isInvisible(c);
  }

  static boolean isSpace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** Format characters (zero-width, bidi overrides, BOM), separators other than a plain space. */
  static boolean isInvisible(int c) {
    int type = Character.getType(c);
    return type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || (type == Character.SPACE_SEPARATOR && c != ' ');
  }

  /** The value without what nobody sees (a BOM, a newline) at either end. */
  static String withoutHiddenAround(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && isHidden(value.codePointAt(start))) {
      start += Character.charCount(value.codePointAt(start));
    }
    while (end > start && isHidden(value.codePointBefore(end))) {
      end -= Character.charCount(value.codePointBefore(end));
    }
    return value.substring(start, end);
  }
}
