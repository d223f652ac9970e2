package dev.wasend.connector.invitelink.model;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link PathSegment}; {@code null} is left to {@code @NotBlank}. */
public class PathSegmentValidator implements ConstraintValidator<PathSegment, String> {

  @Override
  public boolean isValid(String value, ConstraintValidatorContext context) {
    return value == null || isSafe(value);
  }

  /** True when the value can stand as one path segment without changing the route. */
  public static boolean isSafe(String value) {
    if (value.isBlank() || value.equals(".") || value.contains("..")) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '/' || c == '?' || c == '#' || c == '\\' || Character.isISOControl(c)) {
        return false;
      }
      // an unpaired surrogate has no UTF-8 form: it would go out as '?' and name another group
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
