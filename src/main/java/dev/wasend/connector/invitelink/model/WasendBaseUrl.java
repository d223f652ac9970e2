package dev.wasend.connector.invitelink.model;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A base URL the API key may be sent to: see {@link BaseUrl} for the rules. */
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = WasendBaseUrlValidator.class)
public @interface WasendBaseUrl {
  String message() default "must be an https:// URL (http:// only for a loopback host)";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
