package dev.wasend.connector.invitelink.redaction;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes text that came from outside (response bodies, I/O messages) fit for a message, an excerpt
 * or a variable. Some gateways echo the Authorization header in their errors, in whatever encoding
 * their framework uses; the runtime only masks secrets it knows about as they are, and prints
 * causes in clear. So:
 *
 * <ol>
 *   <li>the key is masked ({@value #MASK}) wherever {@link KeyEchoFinder} finds it, in any encoding
 *       it reads (escapes of JSON, JavaScript, CSS, URLs and HTML, base64, hex) and any letter
 *       case, and so is any other bearer token;
 *   <li>if any decoded view of the result still holds the key, or the text is too tangled in
 *       escapes to read through, it is not passed on at all: {@value #WITHHELD} stands in its
 *       place;
 *   <li>control characters are escaped visibly ({@link ControlCharacters}), and the result is
 *       checked once more, so that no escape can recreate the key.
 * </ol>
 *
 * A redactor is made per call (and used by that call only), and does nothing until it is used: only
 * failures pay for the search above; a success pays only for {@link #holdsKey} on its invite code.
 */
public final class SecretRedactor {

  static final String MASK = "***";

  /** What a message or excerpt holds instead of a text that would still show the key. */
  static final String WITHHELD = "[withheld: it may hold the API key]";

  private static final Pattern LETTERS_AND_DIGITS = Pattern.compile("[A-Za-z0-9]+");

  private static final Pattern HEX_DIGITS = Pattern.compile("[0-9A-Fa-f]+");

  private static final Pattern BEARER = Pattern.compile("(?i)(bearer)\\s+[^\\s\"',;<>]+");

  private final String secret;
  private KeyEchoFinder finder;

  /** Cheap: one is made per call, and most calls never redact anything. */
  public SecretRedactor(String secret) {
    this.secret = secret == null || secret.isEmpty() ? null : secret;
  }

  /** The whole text as {@link #excerpt} gives it: for tests. */
  String redact(String text) {
    return excerpt(text, Integer.MAX_VALUE);
  }

  /**
   * Outside text for a message: the key masked, control characters escaped, or {@link #WITHHELD};
   * cut to {@code maxChars} (plus {@code …}). The whole text is searched before the cut, so a key
   * cut at the end cannot leak its prefix; the cut never splits an escape or a character.
   */
  public String excerpt(String text, int maxChars) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String masked = mask(text);
    if (masked == null || echoesAgain(text, masked)) {
      return WITHHELD;
    }
    String excerpt = ControlCharacters.escapeAndCut(masked, maxChars);
    return echoesAgain(masked, excerpt) ? WITHHELD : excerpt;
  }

  /**
   * Whether a short token, such as an invite code, holds the key or {@link
   * KeyEchoFinder#FRAGMENT_CHARS} of its characters (bytes, once decoded) in a row: as it stands in
   * any letter case, in base64 or base64url, or in hex. A token of letters and digits can hold no
   * escape, so these are all the readings it has. Every success pays for this check: reading them
   * cost 0.6 KB and 3 us per code, building a {@link KeyEchoFinder} 14 KB and 12 us (measured for a
   * 40-character key on JDK 25). Any other token goes through the finder.
   */
  public boolean holdsKey(String token) {
    if (secret == null || token == null) {
      return false;
    }
    if (!LETTERS_AND_DIGITS.matcher(token).matches()) {
      return finderFindsTheKey(token);
    }
    if (holdsKeyAsIs(token)) {
      return true;
    }
    byte[] key = secret.getBytes(StandardCharsets.UTF_8);
    if (key.length < KeyEchoFinder.MIN_ENCODED_KEY_BYTES) {
      return false; // as the finder: shorter encodings turn up in random codes
    }
    // a base64 group of 4 characters may start at any of the token's first 4; a last group of
    // 2 or 3 characters still carries 1 or 2 bytes, a single character none
    for (int skip = 0; skip < 4 && token.length() - skip >= 2; skip++) {
      int end = (token.length() - skip) % 4 == 1 ? token.length() - 1 : token.length();
      if (holdsRunOf(key, Base64.getDecoder().decode(token.substring(skip, end)))) {
        return true;
      }
    }
    // hex may fill only a part of the token, between letters that are no hex digits; in each run
    // of hex digits a byte is two of them, starting at either of the run's first two
    Matcher hex = HEX_DIGITS.matcher(token);
    while (hex.find()) {
      for (int from = hex.start(); from < hex.start() + 2 && hex.end() - from >= 2; from++) {
        int to = from + (hex.end() - from) / 2 * 2;
        if (holdsRunOf(key, HexFormat.of().parseHex(token, from, to))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code bytes} holds the key, or {@link KeyEchoFinder#FRAGMENT_CHARS} bytes of it. */
  private static boolean holdsRunOf(byte[] key, byte[] bytes) {
    int run = Math.min(key.length, KeyEchoFinder.FRAGMENT_CHARS);
    for (int at = 0; at + run <= bytes.length; at++) {
      for (int from = 0; from + run <= key.length; from++) {
        if (Arrays.equals(bytes, at, at + run, key, from, from + run)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code text}, as it stands, holds the key or {@link KeyEchoFinder#FRAGMENT_CHARS} of
   * its characters in a row, in any letter case.
   */
  boolean holdsKeyAsIs(String text) {
    if (secret == null || text == null) {
      return false;
    }
    int run = Math.min(secret.length(), KeyEchoFinder.FRAGMENT_CHARS);
    for (int at = 0; at + run <= text.length(); at++) {
      for (int from = 0; from + run <= secret.length(); from++) {
        if (text.regionMatches(true, at, secret, from, run)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The key and bearer tokens masked; null when the text is too tangled to search through. */
  private String mask(String text) {
    String out = text;
    if (secret != null) {
      List<int[]> spans = finder().find(text);
      if (spans == null) {
        return null;
      }
      if (!spans.isEmpty()) {
        out = replace(text, spans);
      }
    }
    return BEARER.matcher(out).replaceAll("$1 " + MASK);
  }

  /**
   * Whether {@code after}, made from {@code before}, holds the key in some view. {@code before} has
   * been searched already, so an unchanged text needs no second search.
   */
  private boolean echoesAgain(String before, String after) {
    if (secret == null || after.equals(before)) {
      return false;
    }
    return finderFindsTheKey(after);
  }

  /** Whether the key is in some view of {@code text}, or the text is too tangled to tell. */
  private boolean finderFindsTheKey(String text) {
    List<int[]> spans = finder().find(text);
    return spans == null || !spans.isEmpty();
  }

  private KeyEchoFinder finder() {
    if (finder == null) {
      finder = new KeyEchoFinder(secret);
    }
    return finder;
  }

  /** Each run of overlapping or touching spans becomes one mask. */
  private static String replace(String text, List<int[]> spans) {
    spans.sort(Comparator.comparingInt(span -> span[0]));
    StringBuilder out = new StringBuilder(text.length());
    int done = 0;
    int i = 0;
    while (i < spans.size()) {
      int start = spans.get(i)[0];
      int end = spans.get(i)[1];
      for (i++; i < spans.size() && spans.get(i)[0] <= end; i++) {
        end = Math.max(end, spans.get(i)[1]);
      }
      out.append(text, done, start).append(MASK);
      done = end;
    }
    return out.append(text, done, text.length()).toString();
  }
}
