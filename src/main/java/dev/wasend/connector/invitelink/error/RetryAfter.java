package dev.wasend.connector.invitelink.error;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): delta-seconds or an HTTP-date.
 * Nothing public says whether Wasend sends it, so both forms are honoured; anything unusable
 * (negative, garbage, the obsolete RFC 850 and asctime dates) counts as absent, and a date in the
 * past means now.
 */
final class RetryAfter {

  private RetryAfter() {}

  static Optional<Duration> parse(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.strip();
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
      } catch (NumberFormatException tooLarge) {
        return Optional.of(RetryPolicy.MAX_BACKOFF);
      }
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      // an HTTP-date has one-second resolution: round up, so a retry never comes early
      long millis = Duration.between(clock.instant(), at.toInstant()).toMillis();
      return Optional.of(millis <= 0 ? Duration.ZERO : Duration.ofSeconds((millis + 999) / 1000));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
