package dev.wasend.connector.invitelink.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * An answer's body as read, decoded once from UTF-8, for the success parser and the failure
 * classifier alike. A success must be well-formed UTF-8; a failure's text is shown with malformed
 * bytes replaced, since it may be anything. JSON is read by one strict reader: a repeated field or
 * trailing content makes a body no JSON that anything here relies on.
 *
 * @param read the bytes as read, and whether they are the whole answer as sent
 * @param text the body, malformed bytes replaced by U+FFFD when not {@code wellFormedUtf8}
 */
record AnswerBody(CappedBodyHandler.Body read, String text, boolean wellFormedUtf8) {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  static AnswerBody decode(CappedBodyHandler.Body read) {
    byte[] bytes = read.bytes();
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return new AnswerBody(read, text, true);
    } catch (CharacterCodingException e) {
      return new AnswerBody(read, new String(bytes, StandardCharsets.UTF_8), false);
    }
  }

  /** The body as a JSON tree, strictly read. */
  static JsonNode tree(String json) throws JsonProcessingException {
    return JSON.readTree(json);
  }

  /**
   * The body when it is one JSON object and nothing else, else null: what a failure's structure
   * says. A byte that is not UTF-8 inside a string value does not count against it (a failure's
   * text is read with such bytes replaced); between the tokens, as anything else there, it does.
   */
  JsonNode objectOrNull() {
    if (text.indexOf('{') < 0) {
      return null;
    }
    try {
      JsonNode root = tree(text);
      return root != null && root.isObject() ? root : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
