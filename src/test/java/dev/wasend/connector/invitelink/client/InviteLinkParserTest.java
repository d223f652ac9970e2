package dev.wasend.connector.invitelink.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wasend.connector.invitelink.error.SecretRedactor;
import dev.wasend.connector.invitelink.error.WasendErrorCode;
import dev.wasend.connector.invitelink.error.WasendException;
import dev.wasend.connector.invitelink.model.RevokeInviteLinkResult;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
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
 * The parser on its own: the streaming JSON reading and the shortcut for canonical links. The
 * shapes the real service sends are covered end to end in {@link WasendClientTest}.
 */
class InviteLinkParserTest {

  private static final String CODE = "AbCdEfGhIjKlMnOpQrStUv";
  private static final String LINK = InviteLinkParser.LINK_PREFIX + CODE;
  private final InviteLinkParser parser = new InviteLinkParser();

  private RevokeInviteLinkResult parse(String body) {
    return parser.parse(
        new CappedBodyHandler.Body(body.getBytes(StandardCharsets.UTF_8), false),
        200, "invite-link/revoke", () -> "for group 'g'", new SecretRedactor("wsk_secret"));
  }

  private WasendException failure(String body) {
    return (WasendException) org.assertj.core.api.Assertions.catchThrowable(() -> parse(body));
  }

  private void assertFails(String body, WasendErrorCode code, String inMessage) {
    WasendException failure = failure(body);
    assertThat(failure.code()).isEqualTo(code);
    assertThat(failure.getMessage()).contains(inMessage);
  }

  @Test
  void readsOnlyTheObjectsOwnFields() {
    String body =
        "{\"meta\":{\"inviteLink\":\"https://chat.whatsapp.com/Nested1234\",\"list\":[1,{\"a\":[]}]},"
            + "\"inviteCode\":\"" + CODE + "\",\"expiresAt\":\"2030-01-01T00:00:00Z\",\"extra\":null}";
    assertThat(parse(body)).isEqualTo(new RevokeInviteLinkResult(LINK, CODE, "2030-01-01T00:00:00Z"));
  }

  @Test
  void aLinkWinsOverACodeWhateverTheOrder() {
    assertThat(parse("{\"inviteCode\":\"Other12345\",\"inviteLink\":\"" + LINK + "\"}").inviteCode())
        .isEqualTo(CODE);
  }

  @Test
  void aBlankLinkFallsBackToTheCode() {
    assertThat(parse("{\"inviteLink\":\"  \",\"inviteCode\":\"" + CODE + "\"}").inviteLink()).isEqualTo(LINK);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"success\":false,\"error\":\"not an admin\"}",
        "{\"success\":\"False\",\"error\":\" \",\"message\":\"not an admin\"}",
        "{\"success\":\"false\",\"message\":\"not an admin\",\"inviteLink\":\"" + LINK + "\"}"
      })
  void successFalseIsRejectedWithItsReason(String body) {
    assertFails(body, WasendErrorCode.REJECTED, "success: false: not an admin");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"inviteLink\":\"" + LINK + "\"} {\"inviteLink\":\"" + LINK + "\"}",
        "{\"inviteLink\":\"" + LINK + "\"} trailing",
        "\"" + CODE + "\" \"" + CODE + "\"",
        "{\"inviteLink\":\"" + LINK + "\"",
        "{\"inviteLink\" \"" + LINK + "\"}",
        "[\"" + CODE + "\""
      })
  void anythingButOneWellFormedValueIsNotValidJson(String body) {
    assertFails(body, WasendErrorCode.INVALID_RESPONSE, "not valid JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {" \r\n\t", "\f", "\u000B\u001C", "\u2028", "\u3000 "})
  void whitespaceAroundJsonIsIgnored(String whitespace) {
    assertThat(parse(whitespace + "{\"inviteLink\":\"" + LINK + "\"}" + whitespace).inviteLink()).isEqualTo(LINK);
    assertThat(parse(whitespace + "\"" + CODE + "\"" + whitespace).inviteLink()).isEqualTo(LINK);
    assertThat(parse(whitespace + LINK + whitespace).inviteLink()).isEqualTo(LINK);
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "true", "null", " false\n"})
  void aBareJsonLiteralIsNoCode(String body) {
    assertFails(body, WasendErrorCode.INVALID_RESPONSE, "not a link or code");
  }

  @Test
  void theLastOfDuplicateFieldsCounts() {
    assertThat(parse("{\"inviteLink\":\"https://chat.whatsapp.com/First12345\",\"inviteLink\":\"" + LINK + "\"}").inviteLink())
        .isEqualTo(LINK);
    assertThat(failure("{\"success\":true,\"success\":false}").code()).isEqualTo(WasendErrorCode.REJECTED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"42", "true", "null", "[\"" + LINK + "\"]", "{\"href\":\"" + LINK + "\"}"})
  void aLinkThatIsNoStringFallsBackToTheCode(String linkValue) {
    assertThat(parse("{\"inviteLink\":" + linkValue + ",\"inviteCode\":\"" + CODE + "\"}").inviteLink())
        .isEqualTo(LINK);
  }

  @Test
  void successFalseCountsOnlyAtTheTop() {
    assertThat(parse("{\"data\":{\"success\":false},\"inviteLink\":\"" + LINK + "\"}").inviteLink())
        .isEqualTo(LINK);
  }

  @Test
  void theBodyOfAFailureIsKeptRedacted() {
    WasendException failure = failure("{\"success\":true,\"note\":\"key wsk_secret\"}");
    assertThat(failure.code()).isEqualTo(WasendErrorCode.INVALID_RESPONSE);
    assertThat(failure.responseExcerpt()).hasValueSatisfying(excerpt -> assertThat(excerpt).contains("key ***").doesNotContain("wsk_secret"));
  }

  @Test
  void aFailureWithoutJsonHasNoExcerptToLeak() {
    WasendException failure = failure(" \n ");
    assertThat(failure.getMessage()).contains("the body is empty");
    assertThat(failure.responseExcerpt()).isEmpty();
  }

  /** The shortcut must say yes exactly where the pattern yields the same code unchanged. */
  @Property(tries = 10_000)
  void theCanonicalShortcutAgreesWithThePattern(@ForAll("linkLike") String token) {
    Matcher link = InviteLinkParser.LINK.matcher(token);
    boolean patternSaysCanonical =
        link.matches()
            && token.equals(InviteLinkParser.LINK_PREFIX + link.group(1));
    assertThat(InviteLinkParser.isCanonicalLink(token)).as(token).isEqualTo(patternSaysCanonical);
    Statistics.collect(patternSaysCanonical);
    // not vacuous: both answers must come up often
    Statistics.coverage(
        coverage -> {
          coverage.check(true).percentage(p -> p > 2);
          coverage.check(false).percentage(p -> p > 5);
        });
  }

  @Provide
  Arbitrary<String> linkLike() {
    Arbitrary<String> prefix =
        Arbitraries.of(
            InviteLinkParser.LINK_PREFIX, "https://chat.whatsapp.com/invite/", "HTTPS://chat.whatsapp.com/",
            "http://chat.whatsapp.com/", "https://chat.whatsapp.co/", "https://chat.whatsapp.com", "");
    Arbitrary<String> codeChars =
        Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
            .withChars("_-").ofMinLength(0).ofMaxLength(135);
    Arbitrary<String> anyChars =
        Arbitraries.strings().withCharRange('a', 'z').withChars("_-/.?# é\u0000").ofMinLength(0).ofMaxLength(135);
    Arbitrary<String> code = Arbitraries.oneOf(codeChars, anyChars);
    return net.jqwik.api.Combinators.combine(prefix, code).as(String::concat);
  }

  @Test
  void theShortcutKeepsTheAnswersOwnLink() {
    RevokeInviteLinkResult result = parse("\"" + LINK + "\"");
    assertThat(result).isEqualTo(new RevokeInviteLinkResult(LINK, CODE, null));
  }

  @Test
  void anInvalidTokenNamesTheProblem() {
    assertThatThrownBy(() -> parse("https://chat.whatsapp.com/ab"))
        .isInstanceOf(WasendException.class)
        .hasMessageContaining("holds no invite link or code");
  }
}
