package dev.wasend.connector.invitelink.redaction;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Finds every place where a text holds the API key, in any view a reader could decode: as sent,
 * behind up to {@link #LAYERS} layers of backslash, percent and HTML escapes in any order, broken
 * by whitespace or invisible characters, in any letter case, and in base64 or base64url. Each find
 * is a span of the original text, so that it can be masked where it stands.
 *
 * <p>Base64 needs no decoding: whatever surrounds the key in the encoded bytes (a {@code Bearer }
 * before it, a {@code user:} in a Basic header), the key starts at one of 3 byte offsets within a
 * 3-byte group, and for each offset the characters that carry only the key's bits are fixed. Those
 * three cores, in both alphabets, are searched like the key itself; a find masks the whole base64
 * value around it.
 *
 * <p>A part of the key is a find too: any {@link #FRAGMENT_CHARS} characters of it in a row, so
 * that a gateway that echoes the key cut short (or cut by its own excerpt) does not leak most of
 * it.
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
          EchoDecoders::percentEncoding,
          EchoDecoders::formEncoding,
          EchoDecoders::htmlEntities,
          EchoDecoders::withoutFiller);

  /** Below this many bytes a base64 core is too short to tell apart from ordinary text. */
  private static final int MIN_BASE64_KEY_BYTES = 6;

  /**
   * Shortest run of the key's characters that counts as the key: long enough that ordinary text
   * never holds one by chance, short enough that what is left of a cut key stays unguessable.
   */
  static final int FRAGMENT_CHARS = 12;

  private final String key;
  private final List<String> base64Cores;
  private final Set<String> fragments;

  KeyEchoFinder(String key) {
    this.key = folded(EchoDecoders.withoutFiller(DecodedView.of(key)).text);
    this.base64Cores = base64Cores(key.getBytes(StandardCharsets.UTF_8));
    this.fragments = fragments(this.key);
  }

  /**
   * How many decoded characters one search may produce, all views together: enough for 64 views of
   * a 64 KiB body (the most the client reads), where real error bodies open a few. A body built to
   * open every path (156 views) would cost more than a failure should: it is not read further, and
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
   * body full of escapes opens (at most 5 + 25 + 125). A text met again is decoded again only when
   * met with more layers left to read ({@code shallowest} holds the least depth it was met at).
   */
  private void visit(
      DecodedView view, int depth, Map<String, Integer> shallowest, List<int[]> spans) {
    search(EchoDecoders.withoutFiller(view), spans);
    if (depth < LAYERS) {
      for (UnaryOperator<DecodedView> decoder : DECODERS) {
        DecodedView decoded = decoder.apply(view);
        Integer before = shallowest.get(decoded.text);
        if (decoded != view && (before == null || before > depth + 1) && budget >= 0) {
          budget -= decoded.text.length();
          shallowest.put(decoded.text, depth + 1);
          visit(decoded, depth + 1, shallowest, spans);
        }
      }
    }
  }

  private void search(DecodedView view, List<int[]> spans) {
    String s = view.text;
    searchKey(view, folded(s), spans);
    for (String core : base64Cores) {
      for (int at = s.indexOf(core); at >= 0; at = s.indexOf(core, at + 1)) {
        int start = at;
        int end = at + core.length();
        // the whole base64 value around the core; it ends where the original has a character
        // that is no base64 or that this view dropped (whitespace), so "Token <value>" keeps
        // "Token". A core itself may span line breaks (MIME): the key's bits are all inside it.
        while (start > 0
            && isBase64(s.charAt(start - 1))
            && view.to(start - 1) == view.from(start)) {
          start--;
        }
        while (end < s.length() && isBase64(s.charAt(end)) && view.to(end - 1) == view.from(end)) {
          end++;
        }
        spans.add(new int[] {view.from(start), view.to(end - 1)});
      }
    }
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
  static String folded(String text) {
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
    if (key.length < MIN_BASE64_KEY_BYTES) {
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

  private static boolean isBase64(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || "+/-_=".indexOf(c) >= 0);
  }
}
