package dev.wasend.connector.invitelink.redaction;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Renders a key the ways servers and their frameworks echo it, for tests: text encodings that can
 * be layered ({@link Layer}), binary ones that wrap the key's bytes ({@link Binary}), and breaks by
 * whitespace.
 */
public final class KeyForms {

  /** HTML's named references for ASCII punctuation that the tests render (and the oracle reads). */
  static final Map<String, Character> HTML_NAMES =
      Map.ofEntries(
          Map.entry("amp", '&'),
          Map.entry("lt", '<'),
          Map.entry("gt", '>'),
          Map.entry("quot", '"'),
          Map.entry("apos", '\''),
          Map.entry("plus", '+'),
          Map.entry("sol", '/'),
          Map.entry("equals", '='),
          Map.entry("excl", '!'),
          Map.entry("num", '#'),
          Map.entry("dollar", '$'),
          Map.entry("percnt", '%'),
          Map.entry("lpar", '('),
          Map.entry("rpar", ')'),
          Map.entry("ast", '*'),
          Map.entry("comma", ','),
          Map.entry("period", '.'),
          Map.entry("colon", ':'),
          Map.entry("semi", ';'),
          Map.entry("commat", '@'),
          Map.entry("lowbar", '_'),
          Map.entry("Hat", '^'),
          Map.entry("grave", '`'),
          Map.entry("lsqb", '['),
          Map.entry("rsqb", ']'),
          Map.entry("lcub", '{'),
          Map.entry("rcub", '}'),
          Map.entry("verbar", '|'),
          Map.entry("bsol", '\\'),
          Map.entry("quest", '?'));

  private static final Map<Character, String> HTML_NAME_OF = new HashMap<>();

  static {
    HTML_NAMES.forEach((name, c) -> HTML_NAME_OF.put(c, name));
  }

  private KeyForms() {}

  /** A text encoding; several can be applied one over the other. */
  public enum Layer implements UnaryOperator<String> {
    /** Every character as backslash-u00xx. */
    JSON_EVERY_CHAR_LOWER_HEX,
    /** Every character as backslash-u00XX. */
    JSON_EVERY_CHAR_UPPER_HEX,
    /** Gson's HTML-safe strings: {@code < > & = '} as backslash-u003c and so on. */
    GSON,
    /** System.Text.Json's default: {@code + < > & ' "} as backslash-u002B and so on. */
    DOTNET,
    /** A JSON string that escapes the solidus too: {@code \/}, {@code \"}, {@code \\}. */
    JSON_ESCAPED_SLASHES,
    /** Every character as JavaScript's (ES6) backslash-u{77}. */
    JS_ES6,
    /**
     * Every character up to U+00FF (what octal can write) as a legacy JavaScript escape: {@code
     * \167}.
     */
    JS_OCTAL,
    /** Every character as a CSS escape, hex digits and a space: {@code \77 }. */
    CSS,
    /** {@link URLEncoder}: upper-case hex, space as {@code +}. */
    PERCENT_UPPER_HEX,
    /** The same with lower-case hex. */
    PERCENT_LOWER_HEX,
    /** Every UTF-8 byte as {@code %xx}, hex case alternating. */
    PERCENT_EVERY_BYTE,
    /** JavaScript's encodeURI: keeps {@code + / = & ; , : @ $ ! ~ * ' ( ) #}. */
    PERCENT_ENCODE_URI,
    /** Named references where HTML has one ({@code &plus; &sol; &equals;}). */
    HTML_NAMED,
    /** Every character as {@code &#43;}. */
    HTML_DECIMAL,
    /** Every character as {@code &#x2b;} / {@code &#X2B;}, case alternating. */
    HTML_HEX,
    /** Only what HTML must escape: {@code & < > " '}. */
    HTML_MINIMAL;

    @Override
    public String apply(String text) {
      return switch (this) {
        case JSON_EVERY_CHAR_LOWER_HEX -> each(text, c -> String.format("\\u%04x", (int) c));
        case JSON_EVERY_CHAR_UPPER_HEX -> each(text, c -> String.format("\\u%04X", (int) c));
        case GSON ->
            each(
                text,
                c -> "<>&='".indexOf(c) >= 0 ? String.format("\\u%04x", (int) c) : jsonPlain(c));
        case DOTNET ->
            each(
                text,
                c -> "+<>&'\"".indexOf(c) >= 0 ? String.format("\\u%04X", (int) c) : jsonPlain(c));
        case JSON_ESCAPED_SLASHES -> each(text, c -> c == '/' ? "\\/" : jsonPlain(c));
        case JS_ES6 -> each(text, c -> String.format("\\u{%x}", (int) c));
        case JS_OCTAL -> each(text, c -> c <= 0377 ? String.format("\\%o", (int) c) : "" + c);
        case CSS -> each(text, c -> String.format("\\%x ", (int) c));
        case PERCENT_UPPER_HEX -> URLEncoder.encode(text, StandardCharsets.UTF_8);
        case PERCENT_LOWER_HEX -> lowerHex(URLEncoder.encode(text, StandardCharsets.UTF_8));
        case PERCENT_EVERY_BYTE -> everyByte(text);
        case PERCENT_ENCODE_URI -> encodeUri(text);
        case HTML_NAMED ->
            each(
                text,
                c ->
                    HTML_NAME_OF.containsKey(c)
                        ? "&" + HTML_NAME_OF.get(c) + ";"
                        : String.valueOf(c));
        case HTML_DECIMAL -> each(text, c -> "&#" + (int) c + ";");
        case HTML_HEX -> alternating(text);
        case HTML_MINIMAL ->
            each(
                text,
                c ->
                    switch (c) {
                      case '&' -> "&amp;";
                      case '<' -> "&lt;";
                      case '>' -> "&gt;";
                      case '"' -> "&quot;";
                      case '\'' -> "&#39;";
                      default -> String.valueOf(c);
                    });
      };
    }
  }

  /** A binary-to-text encoding of the key's UTF-8 bytes. */
  public enum Binary {
    BASE64,
    BASE64_UNPADDED,
    BASE64URL,
    BASE64URL_UNPADDED,
    /** MIME: line breaks every 76 characters. */
    BASE64_MIME,
    /** Two lower-case hex digits a byte. */
    HEX,
    /** Two upper-case hex digits a byte. */
    HEX_UPPER;

    /** {@code prefix + key + suffix}, encoded: any of the 3 byte alignments. */
    public String encode(String prefix, String key, String suffix) {
      byte[] bytes = (prefix + key + suffix).getBytes(StandardCharsets.UTF_8);
      return switch (this) {
        case BASE64 -> Base64.getEncoder().encodeToString(bytes);
        case BASE64_UNPADDED -> Base64.getEncoder().withoutPadding().encodeToString(bytes);
        case BASE64URL -> Base64.getUrlEncoder().encodeToString(bytes);
        case BASE64URL_UNPADDED -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        case BASE64_MIME -> Base64.getMimeEncoder().encodeToString(bytes);
        case HEX -> HexFormat.of().formatHex(bytes);
        case HEX_UPPER -> HexFormat.of().withUpperCase().formatHex(bytes);
      };
    }
  }

  /**
   * {@code text} with {@code filler} inserted before each of {@code positions} (taken modulo its
   * length).
   */
  public static String split(String text, int[] positions, String filler) {
    StringBuilder out = new StringBuilder(text);
    int[] sorted = positions.clone();
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = 1 + Math.floorMod(sorted[i], Math.max(1, text.length() - 1));
    }
    java.util.Arrays.sort(sorted);
    for (int i = sorted.length - 1; i >= 0; i--) {
      out.insert(Math.min(sorted[i], out.length()), filler);
    }
    return out.toString();
  }

  private static String each(String text, java.util.function.Function<Character, String> render) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(render.apply(c));
    }
    return out.toString();
  }

  private static String jsonPlain(char c) {
    return switch (c) {
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    };
  }

  private static String lowerHex(String percentEncoded) {
    return java.util.regex.Pattern.compile("%[0-9A-F]{2}")
        .matcher(percentEncoded)
        .replaceAll(match -> match.group().toLowerCase(java.util.Locale.ROOT));
  }

  private static String everyByte(String text) {
    StringBuilder out = new StringBuilder();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      out.append(String.format(i % 2 == 0 ? "%%%02X" : "%%%02x", bytes[i] & 0xFF));
    }
    return out.toString();
  }

  private static String encodeUri(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      boolean kept =
          c < 128 && (Character.isLetterOrDigit(c) || ";,/?:@&=+$-_.!~*'()#".indexOf(c) >= 0);
      out.append(kept ? String.valueOf(c) : String.format("%%%02X", b & 0xFF));
    }
    return out.toString();
  }

  private static String alternating(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      int c = text.charAt(i);
      out.append(i % 2 == 0 ? String.format("&#x%x;", c) : String.format("&#X%X;", c));
    }
    return out.toString();
  }
}
