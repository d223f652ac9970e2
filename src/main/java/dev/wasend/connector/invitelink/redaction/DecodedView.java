package dev.wasend.connector.invitelink.redaction;

/**
 * A text as a decoder reads it (escapes resolved, filler dropped), where every character still
 * knows the span of the original text it came from: a key found in the decoded text can then be
 * masked where it stands in the original, whatever encoding it was written in.
 */
record DecodedView(String text, int[] from, int[] to) {

  /** The original itself: every character is its own span. */
  static DecodedView of(String original) {
    int[] from = new int[original.length()];
    int[] to = new int[original.length()];
    for (int i = 0; i < from.length; i++) {
      from[i] = i;
      to[i] = i + 1;
    }
    return new DecodedView(original, from, to);
  }

  /** Where in the original the character at {@code index} starts. */
  int from(int index) {
    return from[index];
  }

  /** Where in the original the character at {@code index} ends (exclusive). */
  int to(int index) {
    return to[index];
  }
}
