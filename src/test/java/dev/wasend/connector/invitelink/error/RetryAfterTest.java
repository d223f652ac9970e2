package dev.wasend.connector.invitelink.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void readsDeltaSeconds() {
    assertThat(RetryAfter.parse("120", CLOCK)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 7 ", CLOCK)).contains(Duration.ofSeconds(7));
  }

  @Test
  void readsAnHttpDate() {
    assertThat(RetryAfter.parse("Thu, 26 Nov 2026 10:00:45 GMT", CLOCK))
        .contains(Duration.ofSeconds(45));
  }

  @Test
  void aDateInThePastMeansNow() {
    assertThat(RetryAfter.parse("Wed, 25 Nov 2026 10:00:45 GMT", CLOCK)).contains(Duration.ZERO);
  }

  @Test
  void ignoresWhatItCannotUse() {
    assertThat(RetryAfter.parse(null, CLOCK)).isEmpty();
    assertThat(RetryAfter.parse("", CLOCK)).isEmpty();
    assertThat(RetryAfter.parse("-5", CLOCK)).isEmpty();
    assertThat(RetryAfter.parse("soon", CLOCK)).isEmpty();
    assertThat(RetryAfter.parse("1.5", CLOCK)).isEmpty();
  }

  @Test
  void anAbsurdNumberIsCappedNotAnError() {
    assertThat(RetryAfter.parse("99999999999999999999999", CLOCK))
        .contains(RetryPolicy.MAX_BACKOFF);
  }
}
