package dev.wasend.connector.invitelink.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.wasend.connector.invitelink.error.FailureClassifier;
import dev.wasend.connector.invitelink.error.WasendErrorCode;
import dev.wasend.connector.invitelink.error.WasendException;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkResult;
import dev.wasend.connector.invitelink.redaction.SecretRedactor;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads every success shape the real service is known to send (README, "What the service really
 * sends") into one result, and refuses everything it cannot be sure of:
 *
 * <ul>
 *   <li>the documented {@code {"success": true, "inviteLink": "...", "expiresAt": "..."}};
 *   <li>the SDK route's {@code {"success": true, "inviteCode": "..."}};
 *   <li>a JSON string, or plain text, holding a code or a full link (WAHA passed through).
 * </ul>
 *
 * <p>An object is a success only with exactly one {@code "success": true}; {@code false} is {@code
 * WASEND_REJECTED}. Everything else is {@code WASEND_INVALID_RESPONSE}: a 2xx other than 200 or
 * 201; a body that may not be the one sent ({@link CappedBodyHandler.Body#doubt()}); an empty,
 * oversize, non-UTF-8 or unparseable body; a non-boolean or repeated {@code success}; an {@code
 * error} or a failing {@code status} or {@code statusCode} beside it; no link or code; a link and a
 * code that disagree; a code that is not a WhatsApp invite code or reads as words; an {@code
 * expiresAt} that is not a real instant in RFC 3339 form. Text around a link is not guessed at:
 * only surrounding whitespace is ignored.
 *
 * <p>The body is decoded once and then parsed: JSON by Jackson into a tree, text as a whole.
 */
final class InviteLinkParser {

  static final String LINK_PREFIX = "https://chat.whatsapp.com/";

  /**
   * A WhatsApp group invite code: 22 letters and digits, as in every group link WhatsApp issues.
   * Exact, so that the words a broken gateway sends ("undefined", "Unauthorized",
   * "ServiceUnavailableError") do not pass for one unless they happen to be 22 characters long.
   */
  static final Pattern INVITE_CODE = Pattern.compile("[A-Za-z0-9]{22}");

  /**
   * What a broken gateway sends as a code or templates into a link, and WhatsApp's random codes
   * almost never are: letters that read as words, camel-cased or not (they split before each
   * capital into words of 2 or more small letters, or are capitals alone), with at most 3 digits
   * after them ("AuthenticationRequired", "InternalServerError500", "undefinedundefinedundef"). A
   * random code reads like this about once in 69 000 (README, "What the service really sends");
   * that rotation fails as WASEND_INVALID_RESPONSE, the answer in its incident, instead of a word
   * going out as a link. Words with a shorter part ("SessionIdNotFoundError") are not told from
   * codes: refusing them would refuse about one real code in 9 000.
   */
  private static final Pattern READS_AS_WORDS =
      Pattern.compile("[A-Z]?[a-z]{2,}(?:[A-Z][a-z]{2,})*[0-9]{0,3}|[A-Z]+[0-9]{0,3}");

  /**
   * What FEEL's {@code date and time()} reads in the processes that use {@code expiresAt}: RFC
   * 3339's profile of ISO 8601 (a 4-digit year, upper-case T and Z, an offset in hours and
   * minutes), seconds optional. {@code ISO_OFFSET_DATE_TIME} alone also takes offsets with seconds
   * and signed years of up to 9 digits, which FEEL cannot read. RFC 3339 (section 5.6) allows a
   * lower-case t and z too, which FEEL does not: such an answer is handed on in upper case.
   */
  private static final Pattern RFC_3339_DATE_TIME =
      Pattern.compile(
          "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]{1,9})?)?(?:Z|[+-][0-9]{2}:[0-9]{2})");

  /**
   * The link forms WhatsApp has used: http or https, with or without /invite/, a trailing /, and
   * the query that share links carry (e.g. {@code ?mode=ems_copy_t}), which is dropped.
   */
  private static final Pattern LINK =
      Pattern.compile(
          "https?://chat\\.whatsapp\\.com/(?:invite/)?("
              + INVITE_CODE.pattern()
              + ")/?(?:\\?[A-Za-z0-9_.~=&%-]*)?",
          Pattern.CASE_INSENSITIVE);

  /**
   * Where a body states its own status: its own {@code status}, and NestJS's {@code statusCode}.
   */
  private static final String[] STATUS_FIELDS = {"status", "statusCode"};

  /** A service's own reason for success: false, as much as a message needs. */
  private static final int REASON_CHARS = 200;

  /** What one parse needs to describe a failure. */
  record Context(int status, String route, String target, SecretRedactor redactor) {}

  /**
   * A refusal in the body ({@code success: false}) is {@code WASEND_REJECTED} whatever the 2xx; a
   * result only comes from 200 or 201, and never holds the key (a gateway that echoes the bearer
   * token into the code would otherwise put it into a process variable).
   */
  RevokeGroupInviteLinkResult parse(AnswerBody body, Context context) {
    if (context.status() != 200 && context.status() != 201) {
      try {
        read(body, context);
      } catch (WasendException failure) {
        if (failure.code() == WasendErrorCode.REJECTED) {
          throw failure; // the service's own refusal says more than its status
        }
      }
      // 202 may not have revoked yet, 203 was changed on the way, 206 is part of an answer
      throw invalid(context, "a completed revoke answers 200 or 201", null);
    }
    RevokeGroupInviteLinkResult result = read(body, context);
    if (context.redactor().holdsKey(result.inviteCode())) {
      throw invalid(context, "its invite code holds the API key, or a part of it", null);
    }
    return result;
  }

  private RevokeGroupInviteLinkResult read(AnswerBody body, Context context) {
    CappedBodyHandler.Body read = body.read();
    if (read.doubt() != null) {
      throw invalid(context, read.doubt(), null);
    }
    if (read.truncated()) {
      throw invalid(context, "the body is larger than " + read.bytes().length + " bytes", null);
    }
    if (!body.wellFormedUtf8()) {
      throw invalid(context, "the body is not valid UTF-8", null);
    }
    String text = body.text().strip();
    if (text.isEmpty()) {
      throw invalid(context, "the body is empty", null);
    }
    char first = text.charAt(0);
    if (first != '{' && first != '"' && first != '[') {
      return fromToken(text, context, text);
    }
    JsonNode root;
    try {
      root = AnswerBody.tree(text);
    } catch (JsonProcessingException e) {
      throw invalid(context, "the body is not valid JSON (" + jsonProblem(e) + ")", text);
    }
    if (root.isObject()) {
      return fromObject(root, context, text);
    }
    if (root.isTextual()) {
      return fromToken(root.textValue().strip(), context, text);
    }
    throw invalid(context, "the body is neither an object, a link nor a code", text);
  }

  private static RevokeGroupInviteLinkResult fromObject(
      JsonNode answer, Context context, String text) {
    JsonNode success = answer.path("success");
    if (success.isBoolean() && !success.booleanValue()) {
      String reason = firstText(answer, "error", "message");
      String what =
          "Wasend answered success: false"
              + (reason == null ? "" : ": " + context.redactor().excerpt(reason, REASON_CHARS));
      throw failure(WasendErrorCode.REJECTED, what, context, text);
    }
    if (!success.isBoolean()) {
      throw invalid(
          context,
          success.isMissingNode()
              ? "the body has no \"success\": true"
              : "its \"success\" is not the JSON value true",
          text);
    }
    if (hasValue(answer, "error")) {
      throw invalid(context, "it says success: true and also carries an error", text);
    }
    for (String field : STATUS_FIELDS) {
      JsonNode status = answer.get(field);
      if (status != null && !status.isNull() && !isSuccessStatus(status)) {
        throw invalid(
            context, "it says success: true and also a " + field + " that is no success", text);
      }
    }
    String fromLink = codeOf(answer, "inviteLink", context, text);
    String fromCode = codeOf(answer, "inviteCode", context, text);
    if (fromLink == null && fromCode == null) {
      throw invalid(context, "the body has no inviteLink or inviteCode", text);
    }
    if (fromLink != null && fromCode != null && !fromLink.equals(fromCode)) {
      throw invalid(context, "its inviteLink and inviteCode name different codes", text);
    }
    String code = fromLink != null ? fromLink : fromCode;
    return new RevokeGroupInviteLinkResult(
        LINK_PREFIX + code, code, expiresAt(answer.get("expiresAt"), context, text));
  }

  /**
   * The invite code a field holds as a link or a bare code (gateways put either into either field);
   * null when the field is absent or null.
   */
  private static String codeOf(JsonNode answer, String field, Context context, String text) {
    JsonNode value = answer.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    Optional<String> code =
        value.isTextual() ? inviteCode(value.textValue().strip()) : Optional.empty();
    return code.orElseThrow(
        () -> invalid(context, "its " + field + " is not a WhatsApp invite link or code", text));
  }

  /**
   * The code of a whole WhatsApp invite link, or a whole bare code, unless it reads as words;
   * nothing else.
   */
  static Optional<String> inviteCode(String token) {
    Matcher link = LINK.matcher(token);
    String code =
        link.matches() ? link.group(1) : INVITE_CODE.matcher(token).matches() ? token : null;
    return code == null || READS_AS_WORDS.matcher(code).matches()
        ? Optional.empty()
        : Optional.of(code);
  }

  /**
   * Absent or null: none reported. Present: a real instant written as RFC 3339 says, or the answer
   * is not sure.
   */
  private static String expiresAt(JsonNode value, Context context, String text) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isTextual()) {
      String candidate = value.textValue().strip().toUpperCase(Locale.ROOT);
      if (RFC_3339_DATE_TIME.matcher(candidate).matches()) {
        try {
          OffsetDateTime.parse(candidate, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
          return candidate;
        } catch (DateTimeParseException e) {
          // not a real instant (2026-02-31, 25:00): the failure below
        }
      }
    }
    throw invalid(
        context,
        "its expiresAt is not a date-time as FEEL reads it (RFC 3339, seconds optional), such as"
            + " 2026-12-03T10:00:00Z",
        text);
  }

  private static RevokeGroupInviteLinkResult fromToken(String token, Context context, String text) {
    String code =
        inviteCode(token)
            .orElseThrow(
                () -> invalid(context, "the body holds no WhatsApp invite link or code", text));
    return new RevokeGroupInviteLinkResult(LINK_PREFIX + code, code, null);
  }

  /** "success" or "ok" in any case, or a 2xx status code written as a number or as text. */
  private static boolean isSuccessStatus(JsonNode status) {
    if (status.isTextual()) {
      String value = status.textValue().strip().toLowerCase(Locale.ROOT);
      return value.equals("success") || value.equals("ok") || value.matches("2[0-9]{2}");
    }
    return status.isNumber()
        && status.canConvertToExactIntegral()
        && status.canConvertToInt()
        && status.intValue() >= 200
        && status.intValue() <= 299;
  }

  private static boolean hasValue(JsonNode answer, String field) {
    JsonNode value = answer.get(field);
    return value != null && !value.isNull() && !(value.isTextual() && value.textValue().isBlank());
  }

  private static String firstText(JsonNode answer, String... fields) {
    for (String field : fields) {
      JsonNode value = answer.path(field);
      if (value.isTextual() && !value.textValue().isBlank()) {
        return value.textValue();
      }
    }
    return null;
  }

  /**
   * Never Jackson's own words: they quote the body, which goes only into the excerpt, redacted and
   * cleaned.
   */
  private static String jsonProblem(JsonProcessingException e) {
    return e.getOriginalMessage().startsWith("Duplicate field")
        ? "a field is repeated"
        : "a syntax error";
  }

  /**
   * @param shown the body to show in the excerpt, or null when it must not be shown
   */
  private static WasendException invalid(Context context, String why, String shown) {
    return failure(
        WasendErrorCode.INVALID_RESPONSE,
        "Wasend answered HTTP " + context.status() + " but " + why,
        context,
        shown);
  }

  private static WasendException failure(
      WasendErrorCode code, String what, Context context, String shown) {
    return FailureClassifier.withResponse(
        code,
        what,
        context.status(),
        context.route(),
        context.target(),
        shown,
        context.redactor(),
        null);
  }
}
