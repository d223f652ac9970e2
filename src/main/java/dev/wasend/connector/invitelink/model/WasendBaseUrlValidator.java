package dev.wasend.connector.invitelink.model;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Checks {@link WasendBaseUrl} with the same parser the client uses, so that validation and the
 * request can never disagree. The reason names the rule, never the value (see {@link
 * BaseUrl#parse}).
 */
public class WasendBaseUrlValidator implements ConstraintValidator<WasendBaseUrl, String> {

  @Override
  public boolean isValid(String value, ConstraintValidatorContext context) {
    if (value == null) {
      return true; // the default applies
    }
    try {
      BaseUrl.parse(value);
      return true;
    } catch (IllegalArgumentException e) {
      context.disableDefaultConstraintViolation();
      context.buildConstraintViolationWithTemplate(escape(e.getMessage())).addConstraintViolation();
      return false;
    }
  }

  /** Bean Validation would interpolate '{' and '$' in the reason. */
  private static String escape(String message) {
    return message
        .replace("\\", "\\\\")
        .replace("{", "\\{")
        .replace("}", "\\}")
        .replace("$", "\\$");
  }
}
