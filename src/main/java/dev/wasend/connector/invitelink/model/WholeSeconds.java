package dev.wasend.connector.invitelink.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Binds a number of seconds: a whole number, as a number or as text ({@code 30}, {@code 30.0},
 * {@code "30"}), alone or as a list's only element. Anything else is refused as "{@code <field>}
 * must be a whole number of seconds"; Jackson would cut 1.9 down to 1. A whole number beyond the
 * range of {@code int} is kept at its end of the range, so that the field's
 * {@code @Min}/{@code @Max} refuse it by name. Blank text means no value, as before.
 */
final class WholeSeconds extends StdScalarDeserializer<Integer> {

  private static final BigDecimal MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
  private static final BigDecimal MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

  WholeSeconds() {
    super(Integer.class);
  }

  @Override
  public Integer deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    String field = parser.currentName();
    if (parser.currentToken() == JsonToken.START_ARRAY) {
      // a list's only element, as the runtime's mapper takes it (a FEEL filter yields a list)
      parser.nextToken();
      Integer only = wholeSeconds(parser, field);
      if (parser.nextToken() == JsonToken.END_ARRAY) {
        return only;
      }
      throw notWholeSeconds(parser, field);
    }
    return wholeSeconds(parser, field);
  }

  private static Integer wholeSeconds(JsonParser parser, String field) throws IOException {
    BigDecimal seconds = null;
    JsonToken token = parser.currentToken();
    switch (token == null ? JsonToken.NOT_AVAILABLE : token) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> seconds = parser.getDecimalValue();
      case VALUE_STRING -> {
        String text = parser.getText().strip();
        if (text.isEmpty()) {
          return null;
        }
        try {
          seconds = new BigDecimal(text);
        } catch (NumberFormatException notANumber) {
          // refused below
        }
      }
      default -> {}
    }
    if (seconds == null || seconds.signum() != 0 && seconds.stripTrailingZeros().scale() > 0) {
      throw notWholeSeconds(parser, field);
    }
    return seconds.max(MIN).min(MAX).intValueExact();
  }

  private static MismatchedInputException notWholeSeconds(JsonParser parser, String field) {
    return MismatchedInputException.from(
        parser, Integer.class, field + " must be a whole number of seconds");
  }
}
