package dev.wasend.connector.invitelink.redaction;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tests' own reader of a text, written apart from the production decoders (regular expressions,
 * {@link URLDecoder}, {@link Base64}'s decoder) so that a test does not grade the redactor with the
 * redactor: it decodes every combination of backslash (JavaScript and CSS), percent, form and HTML
 * escapes and whitespace removal up to {@link #DEPTH} layers deep (one more than the redactor
 * promises), and decodes every base64 run at every offset and every hex run at both, looking for
 * the key (in any letter case, as text).
 */
public final class KeyEchoOracle {

  static final int DEPTH = 4;

  private static final Pattern BACKSLASH =
      Pattern.compile(
          "\\\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([/\"\\\\'bfnrt])"
              + "|u\\{0*([0-9a-fA-F]{1,6})\\}|([0-3][0-7]{0,2}|[4-7][0-7]?))");
  private static final Pattern CSS_ESCAPE =
      Pattern.compile("\\\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\n\r\f])?|(\\p{Punct}))");
  private static final Pattern NUMERIC_ENTITY =
      Pattern.compile("&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));?");
  private static final Pattern NAMED_ENTITY = Pattern.compile("&([A-Za-z]+);");
  private static final Pattern NOT_A_PERCENT_ESCAPE = Pattern.compile("%(?![0-9a-fA-F]{2})");
  private static final Pattern FILLER = Pattern.compile("[\\s\\p{Z}\\p{Cc}\\p{Cf}]+");
  private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/_=-]{4,}");
  private static final Pattern HEX_RUN = Pattern.compile("[0-9a-fA-F]{2,}");

  /** The key in any letter case: a server that upper-cases what it echoes still echoes it. */
  private static final int ANY_CASE = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  private static final List<UnaryOperator<String>> DECODERS =
      List.of(
          KeyEchoOracle::unescapeBackslashes,
          KeyEchoOracle::unescapeCss,
          text -> percentDecode(text, false),
          text -> percentDecode(text, true),
          KeyEchoOracle::unescapeHtml,
          KeyEchoOracle::withoutFiller);

  private KeyEchoOracle() {}

  /** True when some decoded reading of {@code text} holds {@code key}. */
  public static boolean holdsKey(String text, String key) {
    return readingWithKey(text, key).isPresent();
  }

  /** The first decoded reading of {@code text} that holds {@code key}, to show in a failure. */
  public static Optional<String> readingWithKey(String text, String key) {
    if (text == null) {
      return Optional.empty();
    }
    Pattern needle = Pattern.compile(Pattern.quote(withoutFiller(key)), ANY_CASE);
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    Set<String> seen = new HashSet<>(Set.of(text));
    List<String> layer = List.of(text);
    for (int depth = 0; depth <= DEPTH && !layer.isEmpty(); depth++) {
      List<String> next = new ArrayList<>();
      for (String reading : layer) {
        String compact = withoutFiller(reading);
        if (needle.matcher(compact).find()
            || base64Holds(compact, keyBytes)
            || hexHolds(compact, keyBytes)) {
          return Optional.of(reading);
        }
        for (UnaryOperator<String> decoder : DECODERS) {
          String decoded = decoder.apply(reading);
          if (seen.add(decoded)) {
            next.add(decoded);
          }
        }
      }
      layer = next;
    }
    return Optional.empty();
  }

  static String withoutFiller(String text) {
    return FILLER.matcher(text).replaceAll("");
  }

  static String unescapeBackslashes(String text) {
    return BACKSLASH.matcher(text).replaceAll(match -> Matcher.quoteReplacement(backslash(match)));
  }

  private static String backslash(java.util.regex.MatchResult match) {
    if (match.group(1) != null) {
      return String.valueOf((char) Integer.parseInt(match.group(1), 16));
    }
    if (match.group(2) != null) {
      return String.valueOf((char) Integer.parseInt(match.group(2), 16));
    }
    if (match.group(4) != null) {
      return codePoint(Integer.parseInt(match.group(4), 16), match);
    }
    if (match.group(5) != null) {
      return String.valueOf((char) Integer.parseInt(match.group(5), 8));
    }
    return switch (match.group(3).charAt(0)) {
      case 'b' -> "\b";
      case 'f' -> "\f";
      case 'n' -> "\n";
      case 'r' -> "\r";
      case 't' -> "\t";
      default -> match.group(3);
    };
  }

  /** CSS escapes: hex digits ended by one optional whitespace, or punctuation as itself. */
  static String unescapeCss(String text) {
    return CSS_ESCAPE
        .matcher(text)
        .replaceAll(
            match ->
                Matcher.quoteReplacement(
                    match.group(1) != null
                        ? codePoint(Integer.parseInt(match.group(1), 16), match)
                        : match.group(2)));
  }

  private static String codePoint(int value, java.util.regex.MatchResult match) {
    return value > Character.MAX_CODE_POINT ? match.group() : Character.toString(value);
  }

  /** {@link URLDecoder}, made lenient: a {@code %} that starts no escape stands for itself. */
  static String percentDecode(String text, boolean plusIsSpace) {
    String escaped = NOT_A_PERCENT_ESCAPE.matcher(text).replaceAll("%25");
    if (!plusIsSpace) {
      escaped = escaped.replace("+", "%2B");
    }
    return URLDecoder.decode(escaped, StandardCharsets.UTF_8);
  }

  static String unescapeHtml(String text) {
    String numeric =
        NUMERIC_ENTITY
            .matcher(text)
            .replaceAll(
                match -> {
                  long value =
                      match.group(1) != null
                          ? Long.parseLong(match.group(1))
                          : Long.parseLong(match.group(2), 16);
                  return value > Character.MAX_CODE_POINT
                      ? Matcher.quoteReplacement(match.group())
                      : Matcher.quoteReplacement(Character.toString((int) value));
                });
    return NAMED_ENTITY
        .matcher(numeric)
        .replaceAll(
            match -> {
              Character c = KeyForms.HTML_NAMES.get(match.group(1));
              return Matcher.quoteReplacement(c == null ? match.group() : c.toString());
            });
  }

  /** Decodes every base64 run, in either alphabet, from each of its first four characters on. */
  private static boolean base64Holds(String text, byte[] key) {
    Matcher runs = BASE64_RUN.matcher(text);
    while (runs.find()) {
      String run = runs.group().replace('-', '+').replace('_', '/').replace("=", "");
      for (int offset = 0; offset < 4 && offset < run.length(); offset++) {
        String part = run.substring(offset);
        if (part.length() % 4 == 1) { // one character too many for any byte: not base64
          part = part.substring(0, part.length() - 1);
        }
        if (indexOf(Base64.getDecoder().decode(part), key) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** Decodes every run of hex digits, in either case, from its first and its second digit on. */
  private static boolean hexHolds(String text, byte[] key) {
    Matcher runs = HEX_RUN.matcher(text);
    while (runs.find()) {
      for (int offset = 0; offset < 2; offset++) {
        String part = runs.group().substring(offset);
        part = part.substring(0, part.length() - part.length() % 2);
        if (indexOf(HexFormat.of().parseHex(part), key) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
