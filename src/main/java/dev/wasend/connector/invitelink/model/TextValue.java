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
 * would, anything else refused as "{@code <field>} must be text". Jackson's own message for an
 * object leaves out the field, and the runtime's mapper would take a list's only element.
 */
final class TextValue extends StdScalarDeserializer<String> {

  TextValue() {
    super(String.class);
  }

  @Override
  public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_STRING || token.isNumeric()) {
      return StringDeserializer.instance.deserialize(parser, context);
    }
    // Never the value: this may be the API key.
    throw MismatchedInputException.from(
        parser, String.class, parser.currentName() + " must be text");
  }
}
