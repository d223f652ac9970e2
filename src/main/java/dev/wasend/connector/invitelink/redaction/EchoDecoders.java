package dev.wasend.connector.invitelink.redaction;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The encodings in which a server echoes what it was sent, each undone by one lenient decoder: what
 * is not a well-formed escape stays as it is, so any text, JSON or not, can be read. Each decoder
 * returns its input unchanged when there is nothing to decode (no new view to search).
 *
 * <p>An instance is the output of one decoding under construction; it never grows beyond its input,
 * since every escape is longer than what it stands for.
 */
final class EchoDecoders {

  /**
   * HTML's named references for the characters an API key can hold, and the usual others. Each
   * entry is a name followed by its one character.
   */
  private static final String NAMED_ENTITIES =
      "amp& AMP& lt< LT< gt> GT> quot\" QUOT\" apos' excl! num# dollar$ percnt% lpar( rpar) ast*"
          + " midast* plus+ comma, period. sol/ colon: semi; equals= quest? commat@ lsqb[ lbrack["
          + " bsol\\ rsqb] rbrack] Hat^ lowbar_ UnderBar_ grave` DiacriticalGrave` lcub{ lbrace{"
          + " verbar| vert| VerticalLine| rcub} rbrace} nbsp\u00a0 Tab\t NewLine\n";

  private static final Map<String, Character> ENTITIES = entities();

  /** Browsers also read these four without the closing semicolon. */
  private static final String[] LEGACY_ENTITIES = {
    "amp", "lt", "gt", "quot", "AMP", "LT", "GT", "QUOT"
  };

  private final DecodedView in;
  private final StringBuilder out;
  private final int[] from;
  private final int[] to;
  private boolean changed;

  private EchoDecoders(DecodedView in) {
    this.in = in;
    this.out = new StringBuilder(in.text().length());
    this.from = new int[in.text().length()];
    this.to = new int[in.text().length()];
  }

  /**
   * JSON's and JavaScript's backslash escapes: backslash-u003D or -u003d for any character (Gson
   * and .NET write {@code = + / < > & '} so), {@code \/}, {@code \"}, {@code \\}, {@code \n} and
   * the rest, {@code \x3d}, ES6's backslash-u{77} (any code point) and the legacy octal {@code
   * \167}.
   */
  static DecodedView backslashEscapes(DecodedView view) {
    return decoded(view, '\\', EchoDecoders::javaScriptEscape);
  }

  /**
   * CSS's backslash escapes: one to six hex digits for any code point, ended by one optional
   * whitespace ({@code \77 \73 }), and a backslash before punctuation for the punctuation itself
   * (CSS.escape writes {@code \+ \/ \=}). A reading of its own, apart from {@link
   * #backslashEscapes}, because the two disagree: {@code \77} is {@code w} in CSS, {@code ?} in
   * octal, and {@code \b} is a backspace in JSON.
   */
  static DecodedView cssEscapes(DecodedView view) {
    return decoded(view, '\\', EchoDecoders::cssEscape);
  }

  /** Reads one escape that starts at {@code at}: the chars used, or 0 when there is none. */
  @FunctionalInterface
  private interface EscapeReader {
    int read(EchoDecoders decoder, String s, int at);
  }

  /** The view with every escape that starts with {@code marker} read by {@code reader}. */
  private static DecodedView decoded(DecodedView view, char marker, EscapeReader reader) {
    String s = view.text();
    if (s.indexOf(marker) < 0) {
      return view;
    }
    EchoDecoders d = new EchoDecoders(view);
    for (int i = 0; i < s.length(); ) {
      int used = s.charAt(i) == marker ? reader.read(d, s, i) : 0;
      i += used == 0 ? d.keep(i) : used;
    }
    return d.result();
  }

  /** Percent-encoding in either hex case, of UTF-8 bytes (and the old {@code %u002B}). */
  static DecodedView percentEncoding(DecodedView view) {
    return decoded(view, '%', EchoDecoders::percentEscape);
  }

  /**
   * Form encoding: {@code +} for a space, then percent-encoding as above (so {@code %2B} stays the
   * plus it stands for).
   */
  static DecodedView formEncoding(DecodedView view) {
    return percentEncoding(decoded(view, '+', EchoDecoders::plusAsSpace));
  }

  private static int plusAsSpace(EchoDecoders d, String s, int at) {
    d.emit(' ', at, at + 1);
    return 1;
  }

  private static int percentEscape(EchoDecoders d, String s, int at) {
    if (at + 1 < s.length() && s.charAt(at + 1) == 'u' && hex(s, at + 2, 4) >= 0) {
      d.emit((char) hex(s, at + 2, 4), at, at + 6);
      return 6;
    }
    return d.percentUtf8(s, at);
  }

  /**
   * HTML character references: named ({@code &plus;}), decimal ({@code &#43;}) and hex ({@code
   * &#x2B;}, {@code &#X2b;}); numeric ones also without the closing semicolon, as browsers read
   * them.
   */
  static DecodedView htmlEntities(DecodedView view) {
    return decoded(view, '&', EchoDecoders::entity);
  }

  /**
   * Without whitespace, line breaks, control and invisible format characters: a key broken by them
   * reads whole.
   */
  static DecodedView withoutFiller(DecodedView view) {
    String s = view.text();
    EchoDecoders d = new EchoDecoders(view);
    for (int i = 0; i < s.length(); i++) {
      if (isFiller(s.charAt(i))) {
        d.changed = true;
      } else {
        d.keep(i);
      }
    }
    return d.result();
  }

  private static boolean isFiller(char c) {
    int type = Character.getType(c);
    return Character.isWhitespace(c)
        || Character.isSpaceChar(c)
        || type == Character.CONTROL
        || type == Character.FORMAT;
  }

  /** One JavaScript escape at {@code at} (a backslash): the chars used, or 0. */
  private int javaScriptEscape(String s, int at) {
    if (at + 1 >= s.length()) {
      return 0;
    }
    char kind = s.charAt(at + 1);
    if (kind == 'u' && s.startsWith("{", at + 2)) {
      return codePointInBraces(s, at);
    }
    if (kind >= '0' && kind <= '7') {
      return octal(s, at);
    }
    int digits = kind == 'u' ? 4 : kind == 'x' ? 2 : 0;
    int value = digits == 0 ? -1 : hex(s, at + 2, digits);
    if (value >= 0) {
      emit((char) value, at, at + 2 + digits);
      return 2 + digits;
    }
    int simple = "/\"\\'bfnrt".indexOf(kind);
    if (simple >= 0) {
      emit("/\"\\'\b\f\n\r\t".charAt(simple), at, at + 2);
      return 2;
    }
    return 0;
  }

  /**
   * ES6's backslash-u{...} at {@code at}: hex digits (leading zeros allowed, as in JavaScript) and
   * a closing brace; the chars used, or 0.
   */
  private int codePointInBraces(String s, int at) {
    int start = at + 3;
    int end = start;
    long value = 0;
    while (end < s.length() && digit(s.charAt(end), 16) >= 0 && value <= Character.MAX_CODE_POINT) {
      value = value * 16 + digit(s.charAt(end), 16);
      end++;
    }
    if (end == start || end >= s.length() || s.charAt(end) != '}') {
      return 0;
    }
    return emitCodePoint(value, at, end + 1);
  }

  /** A legacy octal escape at {@code at}: up to three digits, as long as it stays a byte. */
  private int octal(String s, int at) {
    int end = at + 1;
    int value = 0;
    while (end < s.length()
        && end - at <= 3
        && s.charAt(end) >= '0'
        && s.charAt(end) <= '7'
        && value * 8 + (s.charAt(end) - '0') <= 0377) {
      value = value * 8 + (s.charAt(end) - '0');
      end++;
    }
    emit((char) value, at, end);
    return end - at;
  }

  /** One CSS escape at {@code at} (a backslash): the chars used, or 0. */
  private int cssEscape(String s, int at) {
    int start = at + 1;
    int end = start;
    while (end < s.length() && end - start < 6 && digit(s.charAt(end), 16) >= 0) {
      end++;
    }
    if (end > start) {
      int value = hex(s, start, end - start);
      // the whitespace that ends an escape belongs to it ("\77 6b" is "w6b"); CR LF counts as one
      end += s.startsWith("\r\n", end) ? 2 : end < s.length() && isCssSpace(s.charAt(end)) ? 1 : 0;
      return emitCodePoint(value, at, end);
    }
    char next = start < s.length() ? s.charAt(start) : 'a';
    if (next < 128 && next > ' ' && next != 127 && !Character.isLetterOrDigit(next)) {
      emit(next, at, start + 1);
      return 2;
    }
    return 0;
  }

  private static boolean isCssSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  /**
   * Writes the code point {@code value}, decoded from {@code [start, end)}, as one or two chars:
   * the chars used, or 0 when it is none. Never more chars than used: a code point that needs two
   * takes at least five hex digits.
   */
  private int emitCodePoint(long value, int start, int end) {
    if (value > Character.MAX_CODE_POINT) {
      return 0;
    }
    for (char c : Character.toChars((int) value)) {
      emit(c, start, end);
    }
    return end - start;
  }

  /**
   * One {@code %XX}, or the whole {@code %XX} sequence of one UTF-8 character: the chars used, or
   * 0.
   */
  private int percentUtf8(String s, int at) {
    int first = hex(s, at + 1, 2);
    int length = first < 0x80 ? 1 : first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 0;
    if (first < 0 || length == 0) {
      return 0;
    }
    byte[] bytes = new byte[length];
    for (int k = 0; k < length; k++) {
      int b = s.startsWith("%", at + 3 * k) ? hex(s, at + 3 * k + 1, 2) : -1;
      if (b < 0) {
        return 0;
      }
      bytes[k] = (byte) b;
    }
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
      while (chars.hasRemaining()) {
        emit(chars.get(), at, at + 3 * length);
      }
      return 3 * length;
    } catch (CharacterCodingException e) {
      return 0; // not UTF-8: left as it is
    }
  }

  /** One character reference at {@code at} (an {@code &}): the chars used, or 0. */
  private int entity(String s, int at) {
    int i = at + 1;
    if (i < s.length() && s.charAt(i) == '#') {
      boolean isHex = i + 1 < s.length() && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X');
      int start = isHex ? i + 2 : i + 1;
      int end = start;
      long value = 0;
      while (end < s.length()
          && digit(s.charAt(end), isHex ? 16 : 10) >= 0
          && value <= Character.MAX_CODE_POINT) {
        value = value * (isHex ? 16 : 10) + digit(s.charAt(end), isHex ? 16 : 10);
        end++;
      }
      if (end == start || value > Character.MAX_CODE_POINT) {
        return 0;
      }
      end += end < s.length() && s.charAt(end) == ';' ? 1 : 0;
      for (char c : Character.toChars((int) value)) {
        emit(c, at, end);
      }
      return end - at;
    }
    int end = i;
    while (end < s.length() && end - i < 32 && Character.isLetterOrDigit(s.charAt(end))) {
      end++;
    }
    Character named =
        end < s.length() && s.charAt(end) == ';' ? ENTITIES.get(s.substring(i, end)) : null;
    if (named != null) {
      emit(named, at, end + 1);
      return end + 1 - at;
    }
    for (String legacy : LEGACY_ENTITIES) {
      if (s.startsWith(legacy, i)) {
        emit(ENTITIES.get(legacy), at, i + legacy.length());
        return 1 + legacy.length();
      }
    }
    return 0;
  }

  /** Copies the character at {@code index} as it is; returns 1, the chars used. */
  private int keep(int index) {
    from[out.length()] = in.from(index);
    to[out.length()] = in.to(index);
    out.append(in.text().charAt(index));
    return 1;
  }

  /** Writes {@code c}, decoded from {@code [start, end)} of the input. */
  private void emit(char c, int start, int end) {
    from[out.length()] = in.from(start);
    to[out.length()] = in.to(end - 1);
    out.append(c);
    changed = true;
  }

  private DecodedView result() {
    if (!changed) {
      return in;
    }
    int n = out.length();
    return new DecodedView(out.toString(), Arrays.copyOf(from, n), Arrays.copyOf(to, n));
  }

  /** The value of {@code count} ASCII hex digits at {@code at}, or -1. */
  private static int hex(String s, int at, int count) {
    if (at + count > s.length()) {
      return -1;
    }
    int value = 0;
    for (int i = at; i < at + count; i++) {
      int digit = digit(s.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  /** ASCII digits only: {@link Character#digit} also reads full-width and other scripts' digits. */
  private static int digit(char c, int radix) {
    return c < 128 ? Character.digit(c, radix) : -1;
  }

  private static Map<String, Character> entities() {
    Map<String, Character> entities = new HashMap<>();
    for (String entry : NAMED_ENTITIES.split(" ")) {
      entities.put(entry.substring(0, entry.length() - 1), entry.charAt(entry.length() - 1));
    }
    return entities;
  }
}
