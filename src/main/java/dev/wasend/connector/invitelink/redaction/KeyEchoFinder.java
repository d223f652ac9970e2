package dev.wasend.connector.invitelink.redaction;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;

/**
 * Finds every place where a text holds the API key, in any view a reader could decode: as sent,
 * behind up to {@link #LAYERS} layers of backslash (JSON, JavaScript with ES6 and octal, CSS),
 * percent and HTML escapes in any order, broken by whitespace or invisible characters, in any
 * letter case, and in base64, base64url or hex. Each find is a span of the original text, so that
 * it can be masked where it stands.
 *
 * <p>Base64 needs no decoding: whatever surrounds the key in the encoded bytes (a {@code Bearer }
 * before it, a {@code user:} in a Basic header), the key starts at one of 3 byte offsets within a
 * 3-byte group, and for each offset the characters that carry only the key's bits are fixed. Those
 * three cores, in both alphabets, are searched like the key itself; a find masks the whole base64
 * value around it. Hex is simpler still: a byte is two digits, so the key's hex is one fixed core,
 * searched in either case; a find masks the whole run of hex digits around it ({@code Bearer } in
 * hex included).
 *
 * <p>A part of the key is a find too: any {@link #FRAGMENT_CHARS} characters of it in a row (any
 * {@link #FRAGMENT_CHARS} bytes in hex), so that a gateway that echoes the key cut short (or cut by
 * its own excerpt) does not leak most of it.
 *
 * <p>One belongs to one {@link SecretRedactor}, that is to one call: it is not thread-safe.
 */
final class KeyEchoFinder {

  /**
   * Nesting depth of escapes that is still read; 3 covers e.g. a percent-encoded key in JSON in
   * HTML.
   */
  static final int LAYERS = 3;

  /**
   * Each turns a view into one with one layer of its escapes read; filler inside an escape ({@code
   * "%2\nB"}) stops the others until {@code withoutFiller} has removed it.
   */
  private static final List<UnaryOperator<DecodedView>> DECODERS =
      List.of(
          EchoDecoders::backslashEscapes,
          EchoDecoders::cssEscapes,
          EchoDecoders::percentEncoding,
          EchoDecoders::formEncoding,
          EchoDecoders::htmlEntities,
          EchoDecoders::withoutFiller);

  /** Below this many bytes a base64 or hex core is too short to tell apart from ordinary text. */
  static final int MIN_ENCODED_KEY_BYTES = 6;

  /**
   * Shortest run of the key's characters that counts as the key: long enough that ordinary text
   * never holds one by chance, short enough that what is left of a cut key stays unguessable.
   */
  static final int FRAGMENT_CHARS = 12;

  private final String key;
  private final List<String> base64Cores;
  private final Set<String> fragments;
  private final Set<String> hexCores;

  KeyEchoFinder(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    this.key = folded(EchoDecoders.withoutFiller(DecodedView.of(key)).text());
    this.base64Cores = base64Cores(bytes);
    this.fragments = fragments(this.key);
    this.hexCores = hexCores(bytes);
  }

  /**
   * How many decoded characters one search may produce, all views together: enough for 64 views of
   * a 64 KiB body (the most the client reads), where real error bodies open a few. A body built to
   * open every path (259 views) would cost more than a failure should: it is not read further, and
   * is withheld as if it held the key.
   */
  static final int BUDGET_CHARS = 4 << 20;

  private int budget;

  /**
   * @return spans {@code [from, to)} of {@code text}, possibly overlapping; empty when the key is
   *     in no view of it; null when the text opens more views than {@link #BUDGET_CHARS} allows to
   *     read
   */
  List<int[]> find(String text) {
    List<int[]> spans = new ArrayList<>();
    budget = BUDGET_CHARS;
    if (!key.isEmpty()) {
      visit(DecodedView.of(text), 0, new HashMap<>(Map.of(text, 0)), spans);
    }
    return budget < 0 ? null : spans;
  }

  /**
   * Depth first: only the views on one path of decoders are alive at a time, however many paths a
   * body full of escapes opens (at most 6 + 36 + 216). A text met again is decoded again only when
   * met with more layers left to read: {@code shallowest} holds every decoded text met and the
   * least depth it was met at, so the texts stay alive until the search ends, within the budget of
   * {@link #BUDGET_CHARS} characters that ends it.
   */
  private void visit(
      DecodedView view, int depth, Map<String, Integer> shallowest, List<int[]> spans) {
    search(EchoDecoders.withoutFiller(view), spans);
    if (depth < LAYERS) {
      for (UnaryOperator<DecodedView> decoder : DECODERS) {
        DecodedView decoded = decoder.apply(view);
        Integer before = shallowest.get(decoded.text());
        if (decoded != view && (before == null || before > depth + 1) && budget >= 0) {
          budget -= decoded.text().length();
          shallowest.put(decoded.text(), depth + 1);
          visit(decoded, depth + 1, shallowest, spans);
        }
      }
    }
  }

  private void search(DecodedView view, List<int[]> spans) {
    String s = view.text();
    String folded = folded(s);
    searchKey(view, folded, spans);
    searchHex(view, folded, spans);
    for (String core : base64Cores) {
      for (int at = s.indexOf(core); at >= 0; at = s.indexOf(core, at + 1)) {
        spans.add(wholeValue(view, at, at + core.length(), KeyEchoFinder::isBase64));
      }
    }
  }

  /**
   * The key's bytes in hex, in either case: any {@link #FRAGMENT_CHARS} of them in a row (all of
   * them in a shorter key) as a fixed run of hex digits, at every place of the folded view.
   */
  private void searchHex(DecodedView view, String folded, List<int[]> spans) {
    if (hexCores.isEmpty()) {
      return;
    }
    int length = hexCores.iterator().next().length();
    for (int at = 0; at + length <= folded.length(); at++) {
      if (HexFormat.isHexDigit(folded.charAt(at)) // cheap: ordinary text rarely gets past it
          && HexFormat.isHexDigit(folded.charAt(at + length - 1))
          && hexCores.contains(folded.substring(at, at + length))) {
        spans.add(wholeValue(view, at, at + length, HexFormat::isHexDigit));
      }
    }
  }

  /**
   * The span of the whole encoded value around a core at {@code [start, end)} of the view: it ends
   * where the original has a character that is no part of the encoding or that this view dropped
   * (whitespace), so "Token <value>" keeps "Token", and what surrounds the key in the same value
   * (its own bytes in a longer base64 group, a "Bearer " in hex) goes with it. A core itself may
   * span line breaks (MIME): the key's bits are all inside it.
   */
  private static int[] wholeValue(DecodedView view, int start, int end, IntPredicate isPart) {
    String s = view.text();
    while (start > 0
        && isPart.test(s.charAt(start - 1))
        && view.to(start - 1) == view.from(start)) {
      start--;
    }
    while (end < s.length() && isPart.test(s.charAt(end)) && view.to(end - 1) == view.from(end)) {
      end++;
    }
    return new int[] {view.from(start), view.to(end - 1)};
  }

  /** The key and its fragments, in any letter case: {@code folded} is the view's text folded. */
  private void searchKey(DecodedView view, String folded, List<int[]> spans) {
    for (int at = folded.indexOf(key); at >= 0; at = folded.indexOf(key, at + 1)) {
      spans.add(new int[] {view.from(at), view.to(at + key.length() - 1)});
    }
    if (!fragments.isEmpty()) {
      for (int at = 0; at + FRAGMENT_CHARS <= folded.length(); at++) {
        if (fragments.contains(folded.substring(at, at + FRAGMENT_CHARS))) {
          spans.add(new int[] {view.from(at), view.to(at + FRAGMENT_CHARS - 1)});
        }
      }
    }
  }

  /**
   * {@code text} with each character in one letter case, so that the key matches however a server
   * changed its case ({@code WSK_...}, a Turkish dotted capital, the Kelvin sign for {@code K}).
   * Character by character, so every index still points where it did; a lookalike in another case
   * is masked too, which is harmless.
   */
  private static String folded(String text) {
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      chars[i] = Character.toLowerCase(Character.toUpperCase(chars[i]));
    }
    return new String(chars);
  }

  /** Every run of {@link #FRAGMENT_CHARS} characters of a key longer than that. */
  private static Set<String> fragments(String key) {
    Set<String> fragments = new HashSet<>();
    for (int at = 0; key.length() > FRAGMENT_CHARS && at + FRAGMENT_CHARS <= key.length(); at++) {
      fragments.add(key.substring(at, at + FRAGMENT_CHARS));
    }
    return Set.copyOf(fragments);
  }

  /**
   * The characters of the key's base64 that depend on the key's bytes alone, for each of the 3
   * offsets the key can start at, in the standard and the URL-safe alphabet.
   */
  private static List<String> base64Cores(byte[] key) {
    Set<String> cores = new LinkedHashSet<>();
    if (key.length < MIN_ENCODED_KEY_BYTES) {
      return List.of();
    }
    for (int offset = 0; offset < 3; offset++) {
      byte[] shifted = new byte[offset + key.length];
      System.arraycopy(key, 0, shifted, offset, key.length);
      String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
      // character i holds bits [6i, 6i + 6); the key holds bits [8 offset, 8 (offset + length))
      String core = encoded.substring((8 * offset + 5) / 6, 8 * (offset + key.length) / 6);
      cores.add(core);
      cores.add(core.replace('+', '-').replace('/', '_'));
    }
    return List.copyOf(cores);
  }

  /**
   * The key's UTF-8 bytes as lower-case hex (the view is searched folded, so upper case matches
   * too): every run of {@link #FRAGMENT_CHARS} bytes, or the whole key when it is no longer. Only
   * at even offsets, since a byte is always two whole digits; hex needs no alignment beyond that.
   */
  private static Set<String> hexCores(byte[] key) {
    if (key.length < MIN_ENCODED_KEY_BYTES) {
      return Set.of();
    }
    String hex = HexFormat.of().formatHex(key);
    int length = 2 * Math.min(FRAGMENT_CHARS, key.length);
    Set<String> cores = new HashSet<>();
    for (int at = 0; at + length <= hex.length(); at += 2) {
      cores.add(hex.substring(at, at + length));
    }
    return Set.copyOf(cores);
  }

  private static boolean isBase64(int c) {
    return c < 128 && (Character.isLetterOrDigit(c) || "+/-_=".indexOf(c) >= 0);
  }
}
