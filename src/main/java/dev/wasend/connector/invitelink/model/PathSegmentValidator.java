package dev.wasend.connector.invitelink.model;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Checks {@link PathSegment} by the URL rules ({@link BaseUrl#isSafePathSegment}); {@code null} is
 * left to {@code @NotBlank}.
 */
public class PathSegmentValidator implements ConstraintValidator<PathSegment, String> {

  @Override
  public boolean isValid(String value, ConstraintValidatorContext context) {
    return value == null || BaseUrl.isSafePathSegment(value);
  }
}
