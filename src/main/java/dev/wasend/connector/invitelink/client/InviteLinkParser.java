package dev.wasend.connector.invitelink.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wasend.connector.invitelink.error.HttpErrorMapper;
import dev.wasend.connector.invitelink.error.SecretRedactor;
import dev.wasend.connector.invitelink.error.WasendErrorCode;
import dev.wasend.connector.invitelink.error.WasendException;
import dev.wasend.connector.invitelink.model.RevokeInviteLinkResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads every success shape the real service is known to send (see README, "What the service
 * really sends") into one result:
 *
 * <ul>
 *   <li>the documented {@code {"success": true, "inviteLink": "...", "expiresAt": "..."}};
 *   <li>the SDK route's {@code {"success": true, "inviteCode": "..."}};
 *   <li>a JSON string, or plain text, holding a code or a full link (WAHA passed through).
 * </ul>
 *
 * A 2xx that says {@code success: false} is {@code WASEND_REJECTED}; one without a usable link or
 * code, or that is empty, oversize, not UTF-8 or not parseable, is {@code WASEND_INVALID_RESPONSE}.
 * Text around a link is not guessed at: only surrounding whitespace is ignored.
 */
final class InviteLinkParser {

  static final String LINK_PREFIX = "https://chat.whatsapp.com/";
  private static final String CODE = "[A-Za-z0-9_-]{5,128}";
  private static final Pattern BARE_CODE = Pattern.compile(CODE);
  private static final Pattern LINK =
      Pattern.compile(
          "https?://chat\\.whatsapp\\.com/(?:invite/)?(" + CODE + ")/?", Pattern.CASE_INSENSITIVE);

  private static final Pattern ISO_DATE_TIME_WITH_OFFSET =
      Pattern.compile(
          "\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d"
              + "(:[0-5]\\d(\\.\\d{1,9})?)?(Z|[+-]([01]\\d|1[0-8]):[0-5]\\d)");

  private final ObjectMapper json = new ObjectMapper();

  RevokeInviteLinkResult parse(
      CappedBodyHandler.Body body, int status, String route, Supplier<String> target,
      SecretRedactor redactor) {
    Failure failure = new Failure(status, route, target, redactor);
    if (body.truncated()) {
      throw failure.invalid("the body is larger than " + body.bytes().length + " bytes", null);
    }
    String text;
    try {
      text = strictUtf8(body.bytes());
    } catch (CharacterCodingException e) {
      throw failure.invalid("the body is not valid UTF-8", null);
    }
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw failure.invalid("the body is empty", null);
    }
    char first = trimmed.charAt(0);
    if (first != '{' && first != '"' && first != '[') {
      return fromToken(trimmed, null, failure, text);
    }
    JsonNode node;
    try {
      node = json.readTree(trimmed);
    } catch (IOException e) {
      throw failure.invalid("the body is not valid JSON", text);
    }
    if (node.isTextual()) {
      return fromToken(node.asText().strip(), null, failure, text);
    }
    if (!node.isObject()) {
      throw failure.invalid("the body is neither an object, a link nor a code", text);
    }
    JsonNode success = node.get("success");
    if (success != null && (success.asText().equalsIgnoreCase("false"))) {
      String reason = firstText(node, "error", "message");
      String message = "Wasend answered success: false" + (reason == null ? "" : ": " + redactor.redact(reason));
      throw failure.of(WasendErrorCode.REJECTED, message, text);
    }
    String token = firstText(node, "inviteLink", "inviteCode");
    if (token == null) {
      throw failure.invalid("the body has no inviteLink or inviteCode", text);
    }
    return fromToken(token.strip(), expiresAt(node.get("expiresAt")), failure, text);
  }

  private static RevokeInviteLinkResult fromToken(
      String token, String expiresAt, Failure failure, String body) {
    Matcher link = LINK.matcher(token);
    String code;
    if (link.matches()) {
      code = link.group(1);
    } else if (BARE_CODE.matcher(token).matches()) {
      code = token;
    } else {
      throw failure.invalid("the body holds no invite link or code", body);
    }
    return new RevokeInviteLinkResult(LINK_PREFIX + code, code, expiresAt);
  }

  /** Plain ASCII (the usual answer) needs no decoder; anything else must be valid UTF-8. */
  private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
    for (byte b : bytes) {
      if (b < 0) {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
      }
    }
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  /**
   * Passed through when it is a well-formed ISO-8601 date-time with an offset, else null. A
   * pattern, not {@code OffsetDateTime.parse}: that costs 1.6 KB per call (docs/performance.md).
   */
  private static String expiresAt(JsonNode node) {
    if (node == null || !node.isTextual()) {
      return null;
    }
    String value = node.asText().strip();
    return ISO_DATE_TIME_WITH_OFFSET.matcher(value).matches() ? value : null;
  }

  private static String firstText(JsonNode node, String... names) {
    for (String name : names) {
      JsonNode value = node.get(name);
      if (value != null && value.isTextual() && !value.asText().isBlank()) {
        return value.asText();
      }
    }
    return null;
  }

  /** Builds the failures of one parse with its context. */
  private record Failure(int status, String route, Supplier<String> target, SecretRedactor redactor) {
    WasendException invalid(String why, String body) {
      return of(
          WasendErrorCode.INVALID_RESPONSE,
          "Wasend answered HTTP " + status + " but " + why,
          body);
    }

    WasendException of(WasendErrorCode code, String what, String body) {
      return HttpErrorMapper.withResponse(code, what, status, route, target.get(), body, redactor, null);
    }
  }
}
