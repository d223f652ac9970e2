package dev.wasend.connector.invitelink.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wasend.connector.invitelink.error.WasendErrorCode;
import dev.wasend.connector.invitelink.error.WasendException;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkResult;
import dev.wasend.connector.invitelink.redaction.SecretRedactor;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parser on its own. The shapes the real service sends are covered end to end in {@link
 * WasendClientTest}.
 */
class InviteLinkParserTest {

  private static final String CODE = "AbCdEfGhIjKlMnOpQrStUv";
  private static final String LINK = InviteLinkParser.LINK_PREFIX + CODE;
  private final InviteLinkParser parser = new InviteLinkParser();

  private RevokeGroupInviteLinkResult parse(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return parser.parse(
        AnswerBody.decode(CappedBodyHandler.Body.whole(bytes, null)),
        new InviteLinkParser.Context(
            200, "invite-link/revoke", "for group 'g'", new SecretRedactor("wsk_secret")));
  }

  private WasendException failure(String body) {
    return (WasendException) org.assertj.core.api.Assertions.catchThrowable(() -> parse(body));
  }

  private void assertFails(String body, WasendErrorCode code, String inMessage) {
    WasendException failure = failure(body);
    assertThat(failure).as(body).isNotNull();
    assertThat(failure.code()).isEqualTo(code);
    assertThat(failure.getMessage()).contains(inMessage);
  }

  @Test
  void readsOnlyTheObjectsOwnFields() {
    String body =
        "{\"success\":true,\"meta\":{\"inviteLink\":\"https://chat.whatsapp.com/Nested1234\",\"list\":[1,{\"a\":[]}]},"
            + "\"inviteCode\":\""
            + CODE
            + "\",\"expiresAt\":\"2030-01-01T00:00:00Z\",\"extra\":null}";
    assertThat(parse(body))
        .isEqualTo(new RevokeGroupInviteLinkResult(LINK, CODE, "2030-01-01T00:00:00Z"));
  }

  @Test
  void aLinkAndACodeMustNameTheSameCode() {
    assertThat(
            parse(
                    "{\"success\":true,\"inviteCode\":\""
                        + CODE
                        + "\",\"inviteLink\":\""
                        + LINK
                        + "\"}")
                .inviteCode())
        .isEqualTo(CODE);
    assertFails(
        "{\"success\":true,\"inviteCode\":\"ZyXwVuTsRqPoNmLkJiHgFe\",\"inviteLink\":\""
            + LINK
            + "\"}",
        WasendErrorCode.INVALID_RESPONSE,
        "different codes");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\"  \"", "42", "true", "[\"" + LINK + "\"]", "{\"href\":\"" + LINK + "\"}"})
  void aPresentLinkMustBeALink(String linkValue) {
    assertFails(
        "{\"success\":true,\"inviteLink\":" + linkValue + ",\"inviteCode\":\"" + CODE + "\"}",
        WasendErrorCode.INVALID_RESPONSE,
        "inviteLink is not a WhatsApp invite link or code");
  }

  @Test
  void aNullLinkIsAbsent() {
    assertThat(
            parse("{\"success\":true,\"inviteLink\":null,\"inviteCode\":\"" + CODE + "\"}")
                .inviteLink())
        .isEqualTo(LINK);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"success\":false,\"error\":\"not an admin\"}",
        "{\"success\":false,\"error\":\" \",\"message\":\"not an admin\"}",
        "{\"success\":false,\"message\":\"not an admin\",\"inviteLink\":\"" + LINK + "\"}"
      })
  void successFalseIsRejectedWithItsReason(String body) {
    assertFails(body, WasendErrorCode.REJECTED, "success: false: not an admin");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"success\":\"false\",\"inviteLink\":\"LINK\"}",
        "{\"success\":\"true\",\"inviteLink\":\"LINK\"}",
        "{\"success\":1,\"inviteLink\":\"LINK\"}",
        "{\"success\":null,\"inviteLink\":\"LINK\"}",
        "{\"success\":{},\"inviteLink\":\"LINK\"}",
        "{\"inviteLink\":\"LINK\"}"
      })
  void onlyTheJsonValueTrueIsASuccess(String body) {
    assertFails(body.replace("LINK", LINK), WasendErrorCode.INVALID_RESPONSE, "success");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"success\":true,\"success\":true,\"inviteLink\":\"LINK\"}",
        "{\"success\":false,\"success\":true,\"inviteLink\":\"LINK\"}",
        "{\"success\":true,\"inviteLink\":\"https://chat.whatsapp.com/ZyXwVuTsRqPoNmLkJiHgFe\",\"inviteLink\":\"LINK\"}"
      })
  void aRepeatedFieldMakesTheAnswerUnsure(String body) {
    assertFails(
        body.replace("LINK", LINK), WasendErrorCode.INVALID_RESPONSE, "a field is repeated");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"success\":true,\"inviteLink\":\"" + "LINK" + "\"} {\"inviteLink\":\"LINK\"}",
        "{\"success\":true,\"inviteLink\":\"LINK\"} trailing",
        "\"CODE\" \"CODE\"",
        "{\"success\":true,\"inviteLink\":\"LINK\"",
        "{\"inviteLink\" \"LINK\"}",
        "[\"CODE\""
      })
  void anythingButOneWellFormedValueIsNotValidJson(String body) {
    assertFails(
        body.replace("LINK", LINK).replace("CODE", CODE),
        WasendErrorCode.INVALID_RESPONSE,
        "not valid JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {" \r\n\t", "\f", "\u000B\u001C", "\u2028", "\u3000 "})
  void whitespaceAroundTheAnswerIsIgnored(String whitespace) {
    assertThat(
            parse(whitespace + "{\"success\":true,\"inviteLink\":\"" + LINK + "\"}" + whitespace)
                .inviteLink())
        .isEqualTo(LINK);
    assertThat(parse(whitespace + "\"" + CODE + "\"" + whitespace).inviteLink()).isEqualTo(LINK);
    assertThat(parse(whitespace + LINK + whitespace).inviteLink()).isEqualTo(LINK);
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "true", "null", " false\n", "42"})
  void aBareJsonLiteralIsNoCode(String body) {
    assertFails(body, WasendErrorCode.INVALID_RESPONSE, "no WhatsApp invite link or code");
  }

  @Test
  void successCountsOnlyAtTheTop() {
    assertThat(
            parse("{\"success\":true,\"data\":{\"success\":false},\"inviteLink\":\"" + LINK + "\"}")
                .inviteLink())
        .isEqualTo(LINK);
    assertFails(
        "{\"data\":{\"success\":true},\"inviteLink\":\"" + LINK + "\"}",
        WasendErrorCode.INVALID_RESPONSE,
        "no \"success\": true");
  }

  @Test
  void theBodyOfAFailureIsKeptRedacted() {
    WasendException failure = failure("{\"success\":true,\"note\":\"key wsk_secret\"}");
    assertThat(failure.code()).isEqualTo(WasendErrorCode.INVALID_RESPONSE);
    assertThat((String) failure.errorVariables().get("responseBody"))
        .contains("key ***")
        .doesNotContain("wsk_secret");
  }

  @Test
  void jacksonsOwnWordsNeverQuoteTheBody() {
    WasendException failure = failure("{wsk_secret}");
    assertThat(failure.getMessage())
        .contains("not valid JSON (a syntax error)")
        .doesNotContain("wsk_secret");
  }

  @Test
  void aFailureWithoutABodyHasNoExcerptToLeak() {
    WasendException failure = failure(" \n ");
    assertThat(failure.getMessage()).contains("the body is empty");
    assertThat(failure.errorVariables()).containsEntry("responseBody", null);
  }

  /** Accepted exactly when the token is a whole link or code of 22 letters and digits. */
  @Property(tries = 10_000)
  void anInviteCodeIsTwentyTwoLettersAndDigits(@ForAll("linkLike") String token) {
    String code =
        token
            .replaceFirst("(?i)^(https?://chat\\.whatsapp\\.com/(invite/)?)", "")
            .replaceFirst("/$", "");
    boolean wellFormedPrefix = !code.equals(token) || !token.contains("/");
    boolean expected = wellFormedPrefix && code.matches("[A-Za-z0-9]{22}") && !readsAsWords(code);
    assertThat(InviteLinkParser.inviteCode(token))
        .as(token)
        .isEqualTo(expected ? java.util.Optional.of(code) : java.util.Optional.empty());
    Statistics.collect(expected);
    Statistics.coverage(
        coverage -> {
          coverage.check(true).percentage(p -> p > 2);
          coverage.check(false).percentage(p -> p > 5);
        });
  }

  /**
   * The rule said another way: at most 3 trailing digits after letters that are all capitals, or
   * that split before each capital into words of at least 2 small letters (the first word may have
   * no capital).
   */
  private static boolean readsAsWords(String code) {
    String letters = code.replaceFirst("[0-9]{0,3}$", "");
    if (!letters.chars().allMatch(Character::isLetter) || letters.isEmpty()) {
      return false;
    }
    if (letters.chars().allMatch(Character::isUpperCase)) {
      return true;
    }
    for (String word : letters.split("(?=[A-Z])")) {
      if (word.replaceFirst("^[A-Z]", "").length() < 2
          || !word.replaceFirst("^[A-Z]", "").chars().allMatch(Character::isLowerCase)) {
        return false;
      }
    }
    return true;
  }

  @Provide
  Arbitrary<String> linkLike() {
    Arbitrary<String> prefix =
        Arbitraries.of(
            InviteLinkParser.LINK_PREFIX,
            "https://chat.whatsapp.com/invite/",
            "HTTPS://chat.whatsapp.com/",
            "http://chat.whatsapp.com/",
            "https://chat.whatsapp.co/",
            "https://chat.whatsapp.com",
            "");
    Arbitrary<String> codeChars =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('A', 'Z')
            .withCharRange('0', '9')
            .ofMinLength(21)
            .ofMaxLength(23);
    Arbitrary<String> anyChars =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars("_-/.?# é\u0000")
            .ofMinLength(0)
            .ofMaxLength(30);
    Arbitrary<String> code = Arbitraries.oneOf(codeChars, codeChars, anyChars);
    return net.jqwik.api.Combinators.combine(prefix, code).as(String::concat);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://chat.whatsapp.com/CODE?mode=ems_copy_t",
        "https://chat.whatsapp.com/CODE/?mode=r_c",
        "https://chat.whatsapp.com/invite/CODE?"
      })
  void aShareLinksQueryIsDropped(String link) {
    assertThat(parse(link.replace("CODE", CODE)))
        .isEqualTo(new RevokeGroupInviteLinkResult(LINK, CODE, null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ServiceUnavailableError",
        "InternalServerErrorXY",
        "AuthenticationRequired",
        "InsufficientPrivileges",
        "\"InternalServerError500\"",
        "notAuthorizedForGroups",
        "undefinedundefinedundf",
        "UNDEFINEDUNDEFINEDUNDF",
        "https://chat.whatsapp.com/undefinedundefinedundf",
        "https://chat.whatsapp.com/CODE#x",
        "https://chat.whatsapp.com/CODE?mode=a b",
        "https://chat.whatsapp.com/CODE/extra"
      })
  void wordsAndLinksWithMoreAreNoInvite(String token) {
    assertFails(
        token.replace("CODE", CODE),
        WasendErrorCode.INVALID_RESPONSE,
        "no WhatsApp invite link or code");
  }

  @ParameterizedTest
  @ValueSource(strings = {"inviteCode", "inviteLink"})
  void aCodeThatReadsAsWordsIsNoInviteInAnObjectEither(String field) {
    assertFails(
        "{\"success\":true,\"" + field + "\":\"AuthenticationRequired\"}",
        WasendErrorCode.INVALID_RESPONSE,
        "its " + field + " is not a WhatsApp invite link or code");
  }

  /**
   * README: a random WhatsApp code reads as words "about once in 69 000", and is then refused. Two
   * million codes from a fixed seed: about 29 refusals are expected; the bounds hold from one in
   * 150 000 to one in 30 000.
   */
  @Test
  void aboutOneRandomCodeIn69000ReadsAsWords() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    java.util.SplittableRandom random = new java.util.SplittableRandom(69_000);
    int codes = 2_000_000;
    int refused = 0;
    char[] code = new char[22];
    for (int i = 0; i < codes; i++) {
      for (int c = 0; c < code.length; c++) {
        code[c] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      if (InviteLinkParser.inviteCode(new String(code)).isEmpty()) {
        refused++;
      }
    }
    assertThat(refused).isBetween(codes / 150_000, codes / 30_000);
  }

  /**
   * README: the check knows words of 2 or more small letters, each after a capital but the first;
   * words with a shorter part pass as codes, since refusing them would refuse far more real codes.
   */
  @ParameterizedTest
  @ValueSource(strings = {"SessionIdNotFoundError", "GroupIdIsNotValidError"})
  void wordsWithPartsShorterThanThreeLettersAreNotToldFromCodes(String code) {
    assertThat(InviteLinkParser.inviteCode(code)).as(code).hasValue(code);
  }

  /** Random codes that merely have no digit, or words mixed with digits, are still codes. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "IeTKXwoWcoHUxnfaGbXmxQ",
        "AbCdEfGhIjKlMnOpQrStUv",
        "abcdefghijklmnopqrstU1",
        "Authentication4Require",
        "InternalServerErro5000"
      })
  void codesThatDoNotReadAsWordsAreCodes(String code) {
    assertThat(InviteLinkParser.inviteCode(code)).as(code).hasValue(code);
  }

  @Test
  void aLongReasonForSuccessFalseIsCut() {
    WasendException failure =
        failure("{\"success\":false,\"error\":\"" + "x".repeat(60_000) + "\"}");
    assertThat(failure.code()).isEqualTo(WasendErrorCode.REJECTED);
    assertThat(failure.getMessage()).hasSizeLessThan(2_000);
  }

  @Test
  void anInvalidTokenNamesTheProblem() {
    assertThatThrownBy(() -> parse("https://chat.whatsapp.com/ab"))
        .isInstanceOf(WasendException.class)
        .hasMessageContaining("holds no WhatsApp invite link or code");
  }
}
