package dev.wasend.connector.invitelink.simulator;

import java.security.SecureRandom;

/** Makes and recognises WhatsApp group invite codes and links. */
final class InviteCodes {

  /** WhatsApp's public prefix for group invites. */
  static final String LINK_PREFIX = "https://chat.whatsapp.com/";

  static final int CODE_LENGTH = 22;

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  // SecureRandom so codes cannot be predicted, like real invites; it is thread-safe
  private static final SecureRandom RANDOM = new SecureRandom();

  private InviteCodes() {}

  /**
   * A fresh random code of 22 characters from [A-Za-z0-9], with a digit before its last three
   * characters. About one random code in 28 lacks one and may then read as words
   * ("AuthenticationRequired"), which the connector refuses, and a test must not fail by chance.
   */
  static String newCode() {
    while (true) {
      char[] code = new char[CODE_LENGTH];
      for (int i = 0; i < code.length; i++) {
        code[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
      }
      String candidate = new String(code);
      if (candidate.substring(0, CODE_LENGTH - 3).chars().anyMatch(Character::isDigit)) {
        return candidate;
      }
    }
  }

  static String link(String code) {
    return LINK_PREFIX + code;
  }

  /** The code inside a full invite link, or the argument itself when it is a bare code. */
  static String codeOf(String linkOrCode) {
    String s = linkOrCode.strip();
    return s.startsWith(LINK_PREFIX) ? s.substring(LINK_PREFIX.length()) : s;
  }
}
