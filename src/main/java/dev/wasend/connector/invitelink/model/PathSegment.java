package dev.wasend.connector.invitelink.model;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A value that becomes one segment of the request path. The connector percent-encodes it anyway;
 * this rejects what could only be a mistake or an attempt to change the route.
 */
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PathSegmentValidator.class)
public @interface PathSegment {
  String message() default
      "must not be blank or '.', start or end with a space, contain '/', '?', '#', '\\', '..',"
          + " control or invisible characters or unpaired surrogates ('/', '?', '#', '\\' and"
          + " '..' not percent-encoded either), or be longer than 256 characters";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
