package dev.wasend.connector.invitelink.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;

/**
 * Binds a text field: text or a number (an id a FEEL expression yields as a number) as Jackson
 * would, and a list's only element, as the runtime's mapper does (a FEEL filter yields a list).
 * Anything else is refused as "{@code <field>} must be text": Jackson's own message for an object
 * leaves out the field.
 */
final class TextValue extends StdScalarDeserializer<String> {

  TextValue() {
    super(String.class);
  }

  @Override
  public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    String field = parser.currentName();
    if (parser.currentToken() == JsonToken.START_ARRAY) {
      parser.nextToken();
      String only = textOrNull(parser, context);
      if (only != null && parser.nextToken() == JsonToken.END_ARRAY) {
        return only;
      }
    } else {
      String text = textOrNull(parser, context);
      if (text != null) {
        return text;
      }
    }
    // Never the value: this may be the API key.
    throw MismatchedInputException.from(parser, String.class, field + " must be text");
  }

  private static String textOrNull(JsonParser parser, DeserializationContext context)
      throws IOException {
    JsonToken token = parser.currentToken();
    return token == JsonToken.VALUE_STRING || token != null && token.isNumeric()
        ? StringDeserializer.instance.deserialize(parser, context)
        : null;
  }
}
