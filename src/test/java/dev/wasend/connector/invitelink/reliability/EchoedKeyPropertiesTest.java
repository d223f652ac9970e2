package dev.wasend.connector.invitelink.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasend.connector.invitelink.redaction.KeyEchoOracle;
import dev.wasend.connector.invitelink.redaction.KeyForms;
import dev.wasend.connector.invitelink.redaction.KeyForms.Binary;
import dev.wasend.connector.invitelink.redaction.KeyForms.Layer;
import dev.wasend.connector.invitelink.redaction.SecretRedactor;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Secret hygiene, property-based: keys made of every character a real API key can hold, echoed by a
 * server in every encoding the redactor promises to read (and two of them layered, broken by
 * whitespace, inside a base64 value at any byte alignment), in JSON, HTML or text bodies of any
 * size, before, across or after the point where the excerpt is cut. Whatever comes out, excerpt or
 * message, holds the key in no reading of {@link KeyEchoOracle}, the tests' own decoder. And no
 * control character from a body survives into either.
 */
class EchoedKeyPropertiesTest {

  static final int EXCERPT_CHARS = 512;
  static final String KEY_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
          + "_-.~+/=!$&'()*,;:@%<>\"#?[]{}|^`\\";
  static final String[] FILLERS = {" ", "\n", "\r\n", "\t", "\u00a0", "\u2028", "\u200b"};
  static final Pattern UNSAFE =
      Pattern.compile("[\\p{Cc}\\u2028\\u2029\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]");

  /** How a server echoed the key: the layers in the order it applied them. */
  record Echo(
      String key,
      Binary binary,
      String binaryPrefix,
      List<Layer> layers,
      int splitAfter,
      int[] splitAt,
      String filler,
      String template,
      int padding) {

    String rendered() {
      String text = binary == null ? key : binary.encode(binaryPrefix, key, "");
      if (splitAfter == 0) {
        text = KeyForms.split(text, splitAt, filler);
      }
      for (int i = 0; i < layers.size(); i++) {
        text = layers.get(i).apply(text);
        if (splitAfter == i + 1) {
          text = KeyForms.split(text, splitAt, filler);
        }
      }
      return text;
    }

    String body() {
      return String.format(
          template, "lorem ipsum ".repeat(padding / 12) + "x".repeat(padding % 12), rendered());
    }

    @Override
    public String toString() {
      return "key "
          + key
          + ", "
          + (binary == null ? "" : binary + " of " + binaryPrefix + "<key>, ")
          + "layers "
          + layers
          + (splitAfter < 0
              ? ""
              : ", split by " + filler.codePointAt(0) + " after layer " + splitAfter)
          + ", padding "
          + padding;
    }
  }

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.strings().withChars(KEY_CHARS.toCharArray()).ofMinLength(8).ofMaxLength(128);
  }

  @Provide
  Arbitrary<Echo> echoes() {
    Arbitrary<List<Layer>> layers = Arbitraries.of(Layer.class).list().ofMaxSize(2);
    Arbitrary<Binary> binary = Arbitraries.of(Binary.class).injectNull(0.6);
    Arbitrary<String> binaryPrefix =
        Arbitraries.of("", "Bearer ", "user:", "x", "xy", "ab~", "ab?");
    Arbitrary<int[]> splitAt =
        Arbitraries.integers().between(0, 100_000).array(int[].class).ofMinSize(1).ofMaxSize(3);
    Arbitrary<String> template =
        Arbitraries.of(
            "{\"success\":false,\"error\":\"%s: invalid API key %s\",\"statusCode\":401}",
            "{\"statusCode\":401,\"message\":\"%s Bearer %s\",\"error\":\"Unauthorized\"}",
            "<html><body><h1>401 Unauthorized</h1><p>%s</p><pre>Authorization: %s</pre></body></html>",
            "%s\nrejected token: %s\n");
    return Combinators.combine(
            keys(),
            binary,
            binaryPrefix,
            layers,
            Arbitraries.integers().between(-1, 2),
            splitAt,
            Arbitraries.of(FILLERS),
            template)
        .flatAs(
            (key, bin, prefix, layerList, splitAfter, at, filler, body) ->
                Arbitraries.integers()
                    .between(0, 1_200)
                    .map(
                        padding ->
                            new Echo(
                                key,
                                bin,
                                prefix,
                                layerList,
                                Math.min(splitAfter, layerList.size()),
                                at,
                                filler,
                                body,
                                padding)));
  }

  @Property(tries = 1_000)
  void theKeyIsInNoReadingOfAnExcerptOrAMessage(@ForAll("echoes") Echo echo) {
    String body = echo.body();
    assertThat(KeyEchoOracle.holdsKey(body, echo.key()))
        .as("the generated body holds the key: " + echo)
        .isTrue();
    var redactor = new SecretRedactor(echo.key());

    String excerpt = redactor.excerpt(body, EXCERPT_CHARS);
    String message = redactor.excerpt(body, Integer.MAX_VALUE);

    assertThat(KeyEchoOracle.readingWithKey(excerpt, echo.key()))
        .as("excerpt of " + echo)
        .isEmpty();
    assertThat(KeyEchoOracle.readingWithKey(message, echo.key()))
        .as("message of " + echo)
        .isEmpty();
    assertThat(excerpt).doesNotContainPattern(UNSAFE);
    assertThat(message).doesNotContainPattern(UNSAFE);
    int echoStart = body.indexOf(echo.rendered());
    int echoEnd = echoStart + echo.rendered().length();
    Statistics.label("where the echo is")
        .collect(
            echoEnd <= EXCERPT_CHARS
                ? "inside the excerpt"
                : echoStart < EXCERPT_CHARS ? "across the cut" : "after the cut");
    // withholding is the last resort: nearly every echo is masked where it stands
    Statistics.label("outcome")
        .collect(
            message.equals("[withheld: it may hold the API key]") ? "withheld" : "masked in place");
    Statistics.label("outcome")
        .coverage(coverage -> coverage.check("masked in place").percentage(p -> p > 95.0));
  }

  @Provide
  Arbitrary<String> bodiesWithControls() {
    Arbitrary<Character> dangerous =
        Arbitraries.of(
            '\r', '\n', '\t', '\u001b', '\u0000', '\u0007', '\u007f', '\u0085', '\u009b', '\u2028',
            '\u2029', '\u202e', '\u2066', '\u200f', '\u061c', '\ud800', '\udfff');
    Arbitrary<Character> ordinary = Arbitraries.chars().with("abc XYZ[]0;:=-éд😀".toCharArray());
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(1, dangerous),
            net.jqwik.api.Tuple.of(3, ordinary),
            net.jqwik.api.Tuple.of(1, Arbitraries.chars()))
        .list()
        .ofMaxSize(800)
        .map(
            chars -> {
              StringBuilder out = new StringBuilder();
              chars.forEach(out::append);
              return out.toString()
                  .replace("\\", "/"); // a body's own backslashes would blur the escape check
            });
  }

  @Property(tries = 2_000)
  void noControlCharacterSurvivesAndNoCutSplitsAnEscapeOrACharacter(
      @ForAll("bodiesWithControls") String body,
      @ForAll @IntRange(min = 1, max = 600) int maxChars) {
    var redactor = new SecretRedactor("wsk_Zq81xH+yg/iene0Key==");
    String excerpt = redactor.excerpt(body, maxChars);
    String message = redactor.excerpt(body, Integer.MAX_VALUE);
    for (String out : List.of(excerpt, message)) {
      assertThat(out).doesNotContainPattern(UNSAFE);
      assertThat(unpairedSurrogates(out)).isEmpty();
      // every backslash starts a whole escape: none was cut in half
      assertThat(out.replaceAll("\\\\(?:[nrt]|u[0-9a-f]{4})", "")).doesNotContain("\\");
    }
    // the excerpt is the message, or its first whole characters and escapes up to maxChars, and "…"
    assertThat(excerpt.length()).isLessThanOrEqualTo(maxChars + 1);
    if (!excerpt.equals(message)) {
      assertThat(message.length()).isGreaterThan(maxChars);
      assertThat(excerpt).endsWith("…");
      assertThat(message).startsWith(excerpt.substring(0, excerpt.length() - 1));
    }
  }

  private static List<Integer> unpairedSurrogates(String text) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))) {
        at.add(i);
      } else if (Character.isLowSurrogate(c)
          && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
        at.add(i);
      }
    }
    return at;
  }
}
