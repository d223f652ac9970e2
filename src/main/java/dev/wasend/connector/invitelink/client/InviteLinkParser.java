package dev.wasend.connector.invitelink.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 * Text around a link is not guessed at: only surrounding whitespace is ignored, and nothing may
 * follow a JSON value.
 *
 * <p>JSON is read with Jackson's streaming parser straight from the bytes, keeping only the fields
 * named above: no tree and no copy of the body on the way to a success (docs/performance.md). The
 * body becomes text only for a failure's excerpt or for a plain-text answer.
 */
final class InviteLinkParser {

  static final String LINK_PREFIX = "https://chat.whatsapp.com/";
  private static final String CODE = "[A-Za-z0-9_-]{5,128}";
  private static final Pattern BARE_CODE = Pattern.compile(CODE);
  static final Pattern LINK =
      Pattern.compile(
          "https?://chat\\.whatsapp\\.com/(?:invite/)?(" + CODE + ")/?", Pattern.CASE_INSENSITIVE);

  private static final Pattern ISO_DATE_TIME_WITH_OFFSET =
      Pattern.compile(
          "\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])T(?:[01]\\d|2[0-3]):[0-5]\\d"
              + "(?::[0-5]\\d(?:\\.\\d{1,9})?)?(?:Z|[+-](?:[01]\\d|1[0-8]):[0-5]\\d)");

  private final JsonFactory json = new JsonFactory();

  RevokeInviteLinkResult parse(
      CappedBodyHandler.Body body, int status, String route, Supplier<String> target,
      SecretRedactor redactor) {
    byte[] bytes = body.bytes();
    Failure failure = new Failure(status, route, target, redactor, bytes);
    if (body.truncated()) {
      throw failure.invalid("the body is larger than " + bytes.length + " bytes", false);
    }
    if (!isUtf8(bytes)) {
      throw failure.invalid("the body is not valid UTF-8", false);
    }
    int from = 0;
    int to = bytes.length;
    while (from < to && isAsciiWhitespace(bytes[from])) {
      from++;
    }
    while (to > from && isAsciiWhitespace(bytes[to - 1])) {
      to--;
    }
    if (from == to) {
      throw failure.invalid("the body is empty", false);
    }
    try {
      if (isJsonOpening(bytes[from])) { // the usual answer: read straight from the bytes
        try (JsonParser parser = json.createParser(bytes, from, to - from)) {
          return fromJson(parser, failure);
        }
      }
      // Text, or JSON behind whitespace beyond ASCII (rare): decoded and stripped as text.
      String text = new String(bytes, from, to - from, StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        throw failure.invalid("the body is empty", false);
      }
      if (isJsonOpening(text.charAt(0))) {
        try (JsonParser parser = json.createParser(text)) {
          return fromJson(parser, failure);
        }
      }
      if (text.equals("false") || text.equals("true") || text.equals("null")) {
        throw failure.invalid("the body is a JSON " + text + ", not a link or code", true);
      }
      return fromToken(text, null, failure);
    } catch (IOException e) {
      throw failure.invalid("the body is not valid JSON", true);
    }
  }

  /** One JSON value and nothing after it: an object, or a string holding a link or code. */
  private static RevokeInviteLinkResult fromJson(JsonParser parser, Failure failure) throws IOException {
    JsonToken root = parser.nextToken();
    if (root == JsonToken.START_OBJECT) {
      return fromObject(parser, failure);
    }
    if (root == JsonToken.VALUE_STRING) {
      String token = parser.getText().strip();
      requireEnd(parser);
      return fromToken(token, null, failure);
    }
    parser.skipChildren();
    requireEnd(parser);
    throw failure.invalid("the body is neither an object, a link nor a code", true);
  }

  /** Reads the object's own fields; nested values are skipped, unknown fields ignored. */
  private static RevokeInviteLinkResult fromObject(JsonParser parser, Failure failure)
      throws IOException {
    boolean successFalse = false;
    String inviteLink = null;
    String inviteCode = null;
    String expiresAt = null;
    String error = null;
    String message = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "success" ->
            successFalse =
                value == JsonToken.VALUE_FALSE
                    || (value == JsonToken.VALUE_STRING && parser.getText().equalsIgnoreCase("false"));
        case "inviteLink" -> inviteLink = nonBlankText(parser, value);
        case "inviteCode" -> inviteCode = nonBlankText(parser, value);
        case "expiresAt" -> expiresAt = value == JsonToken.VALUE_STRING ? parser.getText() : null;
        case "error" -> error = nonBlankText(parser, value);
        case "message" -> message = nonBlankText(parser, value);
        default -> { }
      }
      parser.skipChildren();
    }
    requireEnd(parser);
    if (successFalse) {
      throw failure.rejected(error != null ? error : message);
    }
    String token = inviteLink != null ? inviteLink : inviteCode;
    if (token == null) {
      throw failure.invalid("the body has no inviteLink or inviteCode", true);
    }
    return fromToken(token.strip(), wellFormed(expiresAt), failure);
  }

  /** Nothing may follow the root value: a body with two answers in it is not one answer. */
  private static void requireEnd(JsonParser parser) throws IOException {
    if (parser.nextToken() != null) {
      throw new IOException("content after the root value");
    }
  }

  private static String nonBlankText(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      return null;
    }
    String text = parser.getText();
    return text.isBlank() ? null : text;
  }

  private static RevokeInviteLinkResult fromToken(String token, String expiresAt, Failure failure) {
    if (isCanonicalLink(token)) { // the usual answer: kept as it is, no pattern needed
      return new RevokeInviteLinkResult(token, token.substring(LINK_PREFIX.length()), expiresAt);
    }
    Matcher link = LINK.matcher(token);
    String code;
    if (link.matches()) {
      code = link.group(1);
    } else if (BARE_CODE.matcher(token).matches()) {
      code = token;
    } else {
      throw failure.invalid("the body holds no invite link or code", true);
    }
    return new RevokeInviteLinkResult(LINK_PREFIX + code, code, expiresAt);
  }

  /** {@code https://chat.whatsapp.com/} and a code: the one form {@link #LINK} accepts as is. */
  static boolean isCanonicalLink(String token) {
    int codeLength = token.length() - LINK_PREFIX.length();
    if (codeLength < 5 || codeLength > 128 || !token.startsWith(LINK_PREFIX)) {
      return false;
    }
    for (int i = LINK_PREFIX.length(); i < token.length(); i++) {
      char c = token.charAt(i);
      boolean codeChar =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!codeChar) {
        return false;
      }
    }
    return true;
  }

  /** Plain ASCII (the usual answer) is checked without allocating; anything else is decoded. */
  private static boolean isUtf8(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        try {
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
          return true;
        } catch (CharacterCodingException e) {
          return false;
        }
      }
    }
    return true;
  }

  /** What {@link String#strip} removes, among ASCII: space, tab, line breaks, \f, \u001C-\u001F. */
  private static boolean isAsciiWhitespace(byte b) {
    return b >= 0 && Character.isWhitespace(b);
  }

  private static boolean isJsonOpening(int c) {
    return c == '{' || c == '"' || c == '[';
  }

  /**
   * Passed through when it is a well-formed ISO-8601 date-time with an offset, else null. A
   * pattern, not {@code OffsetDateTime.parse}: that costs 1.6 KB per call (docs/performance.md).
   */
  private static String wellFormed(String expiresAt) {
    if (expiresAt == null) {
      return null;
    }
    String value = expiresAt.strip();
    return ISO_DATE_TIME_WITH_OFFSET.matcher(value).matches() ? value : null;
  }

  /**
   * Builds the failures of one parse with its context; the body becomes text only here. A plain
   * class, not a record: the shipped jar stays small (ShippedJarIT).
   */
  private static final class Failure {
    private final int status;
    private final String route;
    private final Supplier<String> target;
    private final SecretRedactor redactor;
    private final byte[] body;

    Failure(int status, String route, Supplier<String> target, SecretRedactor redactor, byte[] body) {
      this.status = status;
      this.route = route;
      this.target = target;
      this.redactor = redactor;
      this.body = body;
    }

    WasendException invalid(String why, boolean withBody) {
      return of(WasendErrorCode.INVALID_RESPONSE, "Wasend answered HTTP " + status + " but " + why, withBody);
    }

    WasendException rejected(String reason) {
      String what = "Wasend answered success: false" + (reason == null ? "" : ": " + redactor.redact(reason));
      return of(WasendErrorCode.REJECTED, what, true);
    }

    private WasendException of(WasendErrorCode code, String what, boolean withBody) {
      String text = withBody ? new String(body, StandardCharsets.UTF_8) : null;
      return HttpErrorMapper.withResponse(code, what, status, route, target.get(), text, redactor, null);
    }
  }
}
