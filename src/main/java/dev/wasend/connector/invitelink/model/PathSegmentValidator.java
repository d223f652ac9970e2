package dev.wasend.connector.invitelink.model;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link PathSegment}; {@code null} is left to {@code @NotBlank}. */
public class PathSegmentValidator implements ConstraintValidator<PathSegment, String> {

  @Override
  public boolean isValid(String value, ConstraintValidatorContext context) {
    return value == null || isSafe(value);
  }

  /** Longer than any session name or group JID: a longer value is a mistake. */
  private static final int MAX_LENGTH = 256;

  /**
   * True when the value can stand as one path segment without changing the route, and holds nothing
   * a person could not see: a pasted space or an invisible character would silently name another
   * session or group, which Wasend can only answer with "not found".
   */
  private static boolean isSafe(String value) {
    if (value.isBlank() || value.length() > MAX_LENGTH) {
      return false;
    }
    for (String reading : BaseUrl.readings(value)) {
      // sent percent-encoded, so only a gateway that decodes again reads these; one that does
      // must not find a step up, a second segment, a query or a fragment
      if (reading.equals(".")
          || reading.contains("..")
          || reading.chars().anyMatch(c -> "/?#\\".indexOf(c) >= 0)) {
        return false;
      }
    }
    if (isSpace(value.codePointAt(0)) || isSpace(value.codePointBefore(value.length()))) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '/' || c == '?' || c == '#' || c == '\\' || Character.isISOControl(c)) {
        return false;
      }
      // an unpaired surrogate has no UTF-8 form: it would go out as '?' and name another group
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        if (isInvisible(value.codePointAt(i))) {
          return false;
        }
        i++;
      } else if (Character.isSurrogate(c) || isInvisible(c)) {
        return false;
      }
    }
    return true;
  }

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
}
