package dev.wasend.connector.invitelink.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRedactorTest {

  static final String KEY = "wsk_Zq81xH+yg/iene0Key==";
  final SecretRedactor redactor = new SecretRedactor(KEY);

  /** Masked in place: the text around it survives, the key is in no decoded view of the result. */
  private void assertMaskedInPlace(String before, String echo, String after) {
    String text = before + echo + after;
    assertThat(KeyEchoOracle.holdsKey(text, KEY))
        .as("the test's echo really holds the key")
        .isTrue();
    String redacted = redactor.redact(text);
    assertThat(redacted)
        .isEqualTo(
            ControlCharacters.escapeAndCut(
                before + SecretRedactor.MASK + after, Integer.MAX_VALUE));
    assertThat(KeyEchoOracle.readingWithKey(redacted, KEY)).isEmpty();
  }

  private void assertMaskedInPlace(String echo) {
    assertMaskedInPlace("{\"error\":\"bad key ", echo, "\"}");
  }

  @Test
  void masksTheKeyAsSent() {
    assertMaskedInPlace(KEY);
  }

  /** A gateway that cuts the key short (or cuts its own excerpt) must not leak most of it. */
  @Test
  void masksTheKeyCutShortOrCutAtEitherEnd() {
    for (String part :
        new String[] {
          KEY.substring(0, KEY.length() - 3),
          KEY.substring(5),
          KEY.substring(3, 3 + KeyEchoFinder.FRAGMENT_CHARS)
        }) {
      assertThat(redactor.redact("{\"error\":\"bad key " + part + "\"}"))
          .isEqualTo("{\"error\":\"bad key " + SecretRedactor.MASK + "\"}");
    }
    assertThat(
            redactor.redact("key " + KEY.substring(0, KeyEchoFinder.FRAGMENT_CHARS - 1) + " end"))
        .as("fewer characters than a fragment are ordinary text")
        .isEqualTo("key " + KEY.substring(0, KeyEchoFinder.FRAGMENT_CHARS - 1) + " end");
  }

  /** A gateway that upper-cases what it echoes (or changes any letter's case) still echoes it. */
  @Test
  void masksTheKeyAndItsFragmentsInAnyLetterCase() {
    assertMaskedInPlace(KEY.toUpperCase(Locale.ROOT));
    assertMaskedInPlace(KEY.toLowerCase(Locale.ROOT));
    assertMaskedInPlace(KeyForms.Layer.PERCENT_LOWER_HEX.apply(KEY.toUpperCase(Locale.ROOT)));
    String fragment = KEY.substring(3, 3 + KeyEchoFinder.FRAGMENT_CHARS).toUpperCase(Locale.ROOT);
    assertThat(redactor.redact("{\"error\":\"bad key " + fragment + "\"}"))
        .isEqualTo("{\"error\":\"bad key " + SecretRedactor.MASK + "\"}");
  }

  @Test
  void masksAnyBearerToken() {
    assertThat(redactor.redact("Authorization: Bearer other-token, ok"))
        .isEqualTo("Authorization: Bearer ***, ok");
  }

  @Test
  void masksJsonEscapesOfEveryCharacterInEitherHexCase() {
    assertMaskedInPlace(KeyForms.Layer.JSON_EVERY_CHAR_LOWER_HEX.apply(KEY));
    assertMaskedInPlace(KeyForms.Layer.JSON_EVERY_CHAR_UPPER_HEX.apply(KEY));
  }

  @Test
  void masksTheKeyAsGsonAndDotNetEscapeIt() {
    assertMaskedInPlace("wsk_Zq81xH+yg/iene0Key\\u003d\\u003d"); // Gson
    assertMaskedInPlace("wsk_Zq81xH\\u002Byg/iene0Key=="); // System.Text.Json
    assertMaskedInPlace(KeyForms.Layer.GSON.apply(KEY));
    assertMaskedInPlace(KeyForms.Layer.DOTNET.apply(KEY));
  }

  @Test
  void masksAnEscapedSolidus() {
    assertMaskedInPlace("wsk_Zq81xH+yg\\/iene0Key==");
  }

  @Test
  void masksEs6AndOctalEscapes() {
    assertMaskedInPlace(KeyForms.Layer.JS_ES6.apply(KEY));
    assertMaskedInPlace(
        "\\u{0000077}\\u{73}\\u{6B}_Zq81xH\\u{2b}yg/iene0Key=="); // any number of digits
    assertMaskedInPlace(KeyForms.Layer.JS_OCTAL.apply(KEY));
    assertMaskedInPlace("\\167\\163k_Zq81xH\\053yg\\57iene0Key\\75\\075"); // 2 or 3 digits
  }

  @Test
  void masksCssEscapes() {
    assertMaskedInPlace(KeyForms.Layer.CSS.apply(KEY));
    assertMaskedInPlace(
        "\\000077\\000073k_Zq81xH\\2B\tyg/iene0Key\\3d\r\n\\3D"); // no space after 6
    assertMaskedInPlace("wsk_Zq81xH\\+yg\\/iene0Key\\=\\="); // CSS.escape: punctuation
  }

  @Test
  void masksPercentEncodingInEitherHexCaseAndFormSpaces() {
    assertMaskedInPlace("wsk_Zq81xH%2Byg%2Fiene0Key%3D%3D");
    assertMaskedInPlace("wsk_Zq81xH%2byg%2fiene0Key%3d%3d");
    assertMaskedInPlace(
        "wsk_Zq81xH+yg/iene0Key%3D%3D"); // encodeURIComponent's cousins leave some as they are
    assertMaskedInPlace("?key=", "%77%73%6B_Zq81xH%2Byg%2Fiene0Key%3D%3D", "&x=1");
    var spaced = new SecretRedactor("wsk key with spaces");
    assertThat(spaced.redact("k=wsk+key+with+spaces&x")).isEqualTo("k=***&x");
    // a form-encoded plus (%2B) is a plus, not a space: both kinds in one key
    var plusAndSpace = new SecretRedactor("wsk key+with+plus es");
    assertThat(plusAndSpace.redact("k=wsk+key%2Bwith%2bplus+es&x")).isEqualTo("k=***&x");
  }

  @Test
  void masksBase64AndBase64UrlOfTheKeyPaddedOrNot() {
    byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
    assertMaskedInPlace(Base64.getEncoder().encodeToString(key));
    assertMaskedInPlace(Base64.getEncoder().withoutPadding().encodeToString(key));
    assertMaskedInPlace(Base64.getUrlEncoder().encodeToString(key));
    assertMaskedInPlace(Base64.getUrlEncoder().withoutPadding().encodeToString(key));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer ", "user:", "x", "xy", "xyz"})
  void masksBase64OfTheKeyInsideALongerValueAtEveryByteAlignment(String prefix) {
    for (KeyForms.Binary binary : KeyForms.Binary.values()) {
      for (String suffix : new String[] {"", "!", "!?"}) {
        assertMaskedInPlace("Basic ", binary.encode(prefix, KEY, suffix), " was refused");
      }
    }
  }

  @Test
  void masksHexOfTheKeyInEitherCaseAlsoInsideALongerValueOrAsADump() {
    byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
    assertMaskedInPlace(HexFormat.of().formatHex(key));
    assertMaskedInPlace(HexFormat.of().withUpperCase().formatHex(key));
    assertMaskedInPlace(HexFormat.ofDelimiter(" ").formatHex(key));
    for (KeyForms.Binary hex :
        new KeyForms.Binary[] {KeyForms.Binary.HEX, KeyForms.Binary.HEX_UPPER}) {
      assertMaskedInPlace("token ", hex.encode("Bearer ", KEY, "!"), " was refused");
    }
    // what is left of a cut key: FRAGMENT_CHARS of its bytes, as hex
    String fragment = KEY.substring(3, 3 + KeyEchoFinder.FRAGMENT_CHARS);
    assertThat(
            redactor.redact(
                "token " + HexFormat.of().formatHex(fragment.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("token " + SecretRedactor.MASK);
  }

  @Test
  void masksHtmlEntitiesNamedDecimalAndHex() {
    assertMaskedInPlace("wsk_Zq81xH&plus;yg&sol;iene0Key&equals;&equals;");
    assertMaskedInPlace("wsk_Zq81xH&#43;yg&#47;iene0Key&#61;&#61;");
    assertMaskedInPlace("wsk_Zq81xH&#x2b;yg&#X2F;iene0Key&#x3D;&#x3d;");
    assertMaskedInPlace("wsk_Zq81xH&#43yg&#47iene0Key&#61&#61"); // browsers read them without ';'
    assertMaskedInPlace(KeyForms.Layer.HTML_DECIMAL.apply(KEY));
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "\n", "\r\n", "\t", "\u00a0", "\u2028", "\u200b", "\r\n  "})
  void masksTheKeyBrokenByWhitespaceOrLineBreaks(String filler) {
    assertMaskedInPlace("wsk_Zq81" + filler + "xH+yg/ie" + filler + "ne0Key==");
    String base64 = Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8));
    assertMaskedInPlace(base64.substring(0, 10) + filler + base64.substring(10));
  }

  @Test
  void masksMixesOfEncodings() {
    // three layers: a JSON-escaped key, percent-encoded, in HTML
    String layered = KeyForms.Layer.JSON_EVERY_CHAR_LOWER_HEX.apply(KEY);
    layered = KeyForms.Layer.PERCENT_UPPER_HEX.apply(layered);
    assertMaskedInPlace(KeyForms.Layer.HTML_NAMED.apply(layered));
    assertMaskedInPlace(
        KeyForms.Layer.HTML_DECIMAL.apply(KeyForms.Layer.PERCENT_LOWER_HEX.apply(KEY)));
    // HTML entity for the backslash of a JSON escape
    assertMaskedInPlace("wsk_Zq81xH&#92;u002byg/iene0Key==");
    // JSON escape of the percent sign of a percent escape
    assertMaskedInPlace("wsk_Zq81xH\\u00252Byg/iene0Key==");
    // base64 in JSON: PHP's escaped solidus, .NET's escaped plus; base64 percent-encoded in a query
    String withSlash =
        Base64.getEncoder().encodeToString(("ab?" + KEY).getBytes(StandardCharsets.UTF_8));
    assertThat(withSlash).contains("/");
    assertMaskedInPlace(withSlash.replace("/", "\\/"));
    String withPlus =
        Base64.getEncoder().encodeToString(("ab~" + KEY).getBytes(StandardCharsets.UTF_8));
    assertThat(withPlus).contains("+");
    assertMaskedInPlace(KeyForms.Layer.DOTNET.apply(withPlus));
    assertMaskedInPlace(KeyForms.Layer.PERCENT_LOWER_HEX.apply(withPlus));
    String bearer =
        Base64.getUrlEncoder().encodeToString(("Bearer " + KEY).getBytes(StandardCharsets.UTF_8));
    assertMaskedInPlace(KeyForms.Layer.PERCENT_LOWER_HEX.apply(bearer));
    // an escape broken by a line break
    assertMaskedInPlace("wsk_Zq81xH%2\nByg/iene0Key==");
  }

  @Test
  void keepsTheRestOfTheText() {
    assertThat(redactor.redact("{\"error\":\"Unauthorized\",\"statusCode\":401}"))
        .isEqualTo("{\"error\":\"Unauthorized\",\"statusCode\":401}");
    assertThat(redactor.redact("a \\u0041 %41 &#65; stays")).isEqualTo("a \\u0041 %41 &#65; stays");
  }

  @Test
  void withholdsTheTextWhenMaskingWouldLeaveTheKeyReadable() {
    // the key "wsk_***Key==" percent-encoded between "wsk_" and "Key==": masking it in place would
    // spell the key again
    var starry = new SecretRedactor("wsk_***Key==");
    String text = "wsk_wsk_%2A%2A%2AKey%3D%3DKey==";
    assertThat(starry.redact(text)).isEqualTo(SecretRedactor.WITHHELD);
    assertThat(starry.excerpt(text, 512)).isEqualTo(SecretRedactor.WITHHELD);
    // what operators read in such an incident; EchoedKeyPropertiesTest counts it by this text
    assertThat(SecretRedactor.WITHHELD).isEqualTo("[withheld: it may hold the API key]");
  }

  @Test
  void withholdsTheTextWhenEscapingWouldSpellTheKey() {
    // a key that reads like an escape: the ESC in the body is escaped to exactly the key's text
    String key = "abc\\u001bdefgh";
    var redactor = new SecretRedactor(key);
    String text = "error: abc\u001bdefgh";
    assertThat(KeyEchoOracle.holdsKey(text, key)).isFalse();
    assertThat(redactor.redact(text)).isEqualTo(SecretRedactor.WITHHELD);
    assertThat(redactor.excerpt(text, 512)).isEqualTo(SecretRedactor.WITHHELD);
  }

  @Test
  void withholdsATextTooTangledInEscapesToReadThrough() {
    // every decoder finds work in it, so it opens many views; at 64 KiB (the most the client
    // reads) they fit the budget, at 1 MiB they do not
    String unit = "a\\u0041 b%41 c+d e&#65; f\n";
    String fits = unit.repeat(65_536 / unit.length()) + KEY;
    assertThat(redactor.redact(fits))
        .startsWith("a\\u0041 b%41 c+d e&#65; f\\n")
        .endsWith("f\\n***");
    assertThat(redactor.excerpt(fits, 512))
        .startsWith("a\\u0041 b%41 c+d e&#65; f\\n")
        .endsWith("…");
    String tangled = unit.repeat((1 << 20) / unit.length());
    assertThat(redactor.redact(tangled)).isEqualTo(SecretRedactor.WITHHELD);
    assertThat(redactor.excerpt(tangled, 512)).isEqualTo(SecretRedactor.WITHHELD);
    assertThat(new SecretRedactor(null).excerpt(tangled, 8))
        .isEqualTo("a\\u0041 …"); // no key, nothing to find
  }

  /**
   * An ordinary gateway error page (entities, a percent-encoded link, JSON escapes in a script) at
   * the most the client reads: words are base64 too, and must not open views until it is withheld.
   */
  @Test
  void anOrdinary64KiBErrorPageIsReadNotWithheld() {
    String unit =
        "<p>Authentication&nbsp;required &mdash; see <a href=\"https://example.com/support?"
            + "topic=authentication%20failure&amp;lang=en\">documentation</a></p>\n"
            + "<script>var cfg={\"message\":\"Unauthorized\\u0020request\","
            + "\"path\":\"\\/api\\/sessions\"};</script>\n";
    String page = unit.repeat(65_536 / unit.length()) + KEY;
    assertThat(redactor.redact(page)).isNotEqualTo(SecretRedactor.WITHHELD).endsWith("***");
  }

  @Test
  void holdsKeyAsIsFindsTheKeyOrTwelveOfItsCharactersInAnyCase() {
    var longKey = new SecretRedactor("Zq81xHygiene0KeyAbCd7788XyZ");
    assertThat(longKey.holdsKeyAsIs("AAZQ81XHYGIENE0AAAAAAA")).as("12 in a row").isTrue();
    assertThat(longKey.holdsKeyAsIs("AAZq81xHygienAAAAAAAAA")).as("11 in a row").isFalse();
    assertThat(new SecretRedactor("k3y6b").holdsKeyAsIs("xxK3Y6Bxx")).as("a short key").isTrue();
    assertThat(new SecretRedactor(null).holdsKeyAsIs("anything")).isFalse();
  }

  /**
   * An invite code can hold no escape, so its readings are few: as it stands, base64 (both
   * alphabets agree on letters and digits) and hex. Each holds the key, or 12 of its bytes at any
   * alignment, and is found; random codes are not.
   */
  @Test
  void holdsKeyReadsATokenAsItStandsAsBase64AndAsHex() {
    String longKey = "wsk_live_7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c1e";
    byte[] bytes = longKey.getBytes(StandardCharsets.UTF_8);
    var redactor = new SecretRedactor(longKey);
    for (int prefix = 0; prefix < 3; prefix++) {
      for (int from = 0; from + 12 <= bytes.length; from += 7) {
        byte[] echoed = new byte[prefix + 12];
        System.arraycopy(bytes, from, echoed, prefix, 12);
        String encoded = Base64.getEncoder().withoutPadding().encodeToString(echoed);
        for (String before : List.of("", "Q", "Qx", "Qx7")) {
          // the encoding may start at any character of the code
          String token = before + encoded;
          assertThat(redactor.holdsKey(token)).as("base64 of 12 key bytes: %s", token).isTrue();
        }
      }
    }
    assertThat(redactor.holdsKey("7F3A9C1E5B2D4F6A8C0E1B")).as("12 characters, any case").isTrue();
    var elevenBytes = new SecretRedactor("wsk_live_ab");
    assertThat(elevenBytes.holdsKey("77736b5f6c6976655f6162")).as("hex of the whole key").isTrue();
    assertThat(elevenBytes.holdsKey("a77736B5F6C6976655F6162"))
        .as("hex from the 2nd digit")
        .isTrue();
    var tenBytes = new SecretRedactor("wsk_live_a");
    assertThat(tenBytes.holdsKey("Zz77736b5f6c6976655f61")).as("hex inside the code").isTrue();
    assertThat(tenBytes.holdsKey("Zza77736b5f6c6976655f61")).as("... at either digit").isTrue();
    assertThat(redactor.holdsKey("x%77sk_live_7f3a9c1e5b")).as("other text: full search").isTrue();
    assertThat(new SecretRedactor(null).holdsKey("anything")).isFalse();

    var random = new java.util.Random(29);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (var key : List.of(redactor, elevenBytes, new SecretRedactor("k3y_6b"))) {
      for (int i = 0; i < 10_000; i++) {
        StringBuilder code = new StringBuilder();
        for (int c = 0; c < 22; c++) {
          code.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        assertThat(key.holdsKey(code.toString())).as("a random code: %s", code).isFalse();
      }
    }
  }

  @Test
  void readsBase64AndHexForKeysOfSixBytesAndMore() {
    String key = "k3y_6b"; // docs/reliability.md: base64 and hex for keys of at least 6 bytes
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    SecretRedactor sixBytes = new SecretRedactor(key);
    assertThat(sixBytes.redact("echo " + Base64.getEncoder().encodeToString(bytes) + " end"))
        .isEqualTo("echo *** end");
    assertThat(sixBytes.redact("echo " + HexFormat.of().formatHex(bytes) + " end"))
        .isEqualTo("echo *** end");
  }

  @Test
  void theSearchBudgetIsTheDocumentedOne() {
    assertThat(KeyEchoFinder.BUDGET_CHARS)
        .as("docs/reliability.md: a budget of 4 Mi decoded characters per search")
        .isEqualTo(4 * 1024 * 1024);
  }

  @Test
  void redactsTheWholeBodyBeforeCutting() {
    for (int before = 480; before <= 512; before++) {
      String excerpt = redactor.excerpt("x".repeat(before) + KEY + " tail", 512);
      assertThat(excerpt).doesNotContain("wsk_Zq").doesNotContain("ene0Key");
      assertThat(excerpt).startsWith("x".repeat(Math.min(before, 512)));
    }
    String base64 = Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8));
    // a base64 value is masked whole, up to what delimits it
    String excerpt = redactor.excerpt("x".repeat(499) + " " + base64 + "\"", 512);
    assertThat(excerpt).isEqualTo("x".repeat(499) + " ***\"");
  }

  @Test
  void escapesControlCharactersSoNoLineCanBeForged() {
    String body =
        "oops\r\n2026-11-29 05:00:00 INFO key rotated OK\u001b[2K\tdone\u0000\u007f\u0085\u009b\u2028\u2029";
    String expected =
        "oops\\r\\n2026-11-29 05:00:00 INFO key rotated OK\\u001b[2K\\tdone\\u0000\\u007f\\u0085\\u009b\\u2028\\u2029";
    assertThat(redactor.redact(body)).isEqualTo(expected);
    assertThat(redactor.excerpt(body, 512)).isEqualTo(expected);
  }

  @Test
  void escapesBidiControlsAndUnpairedSurrogates() {
    String body = "a\u202Eb\u2066c\u200Fd\uD800e\uDC00f😀";
    assertThat(redactor.redact(body)).isEqualTo("a\\u202eb\\u2066c\\u200fd\\ud800e\\udc00f😀");
  }

  @ParameterizedTest
  @EnumSource(KeyForms.Layer.class)
  void escapingAfterMaskingNeverLeavesAControlCharacter(KeyForms.Layer layer) {
    String body = "line1\nline2 " + layer.apply(KEY) + "\r\n\u001b[31mred";
    String redacted = redactor.excerpt(body, 512);
    assertThat(redacted).doesNotContainPattern("[\\p{Cc}\\u2028\\u2029]").contains("***");
    assertThat(KeyEchoOracle.readingWithKey(redacted, KEY)).isEmpty();
  }

  @Test
  void neverCutsACharacterInHalf() {
    String excerpt = new SecretRedactor("k").excerpt("abc😀def", 4);
    assertThat(excerpt).isEqualTo("abc…");
  }

  @Test
  void neverCutsAnEscapeInHalf() {
    for (int max = 508; max <= 512; max++) {
      String excerpt = redactor.excerpt("a".repeat(508) + "\u001b\u001b", max);
      assertThat(excerpt).isEqualTo("a".repeat(508) + "…"); // the 6-char escape does not fit
    }
    assertThat(redactor.excerpt("a".repeat(506) + "\u001bz", 512))
        .isEqualTo("a".repeat(506) + "\\u001b…");
  }

  @Test
  void boundsTheExcerpt() {
    assertThat(new SecretRedactor("k").excerpt("a".repeat(10_000), 512)).hasSize(513);
    assertThat(redactor.excerpt("\n".repeat(10_000), 512)).isEqualTo("\\n".repeat(256) + "…");
  }

  @Test
  void withoutAKeyOnlyBearerTokensAreMaskedAndControlsEscaped() {
    assertThat(new SecretRedactor(null).redact("Bearer abc\n")).isEqualTo("Bearer ***\\n");
    assertThat(new SecretRedactor("").excerpt("x\ty", 512)).isEqualTo("x\\ty");
  }
}
