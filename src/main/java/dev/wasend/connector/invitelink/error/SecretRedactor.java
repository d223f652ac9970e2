package dev.wasend.connector.invitelink.error;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Removes the API key from text that came from outside (response bodies, I/O messages) before it
 * enters a message, an excerpt or a variable. Some gateways echo the Authorization header in
 * their errors; the runtime only masks secrets it knows about, and prints causes in clear.
 */
public final class SecretRedactor {

  public static final String MASK = "***";
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer)\\s+[^\\s\"',;<>]+");

  private final String secret;

  /** Cheap: one is made per call, and most calls never redact anything. */
  public SecretRedactor(String secret) {
    this.secret = secret == null || secret.isEmpty() ? null : secret;
  }

  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    if (secret != null) {
      // as sent, URL-encoded, and as a JSON string would hold it (with and without "\/")
      String json = new String(JsonStringEncoder.getInstance().quoteAsString(secret));
      out =
          out.replace(secret, MASK)
              .replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), MASK)
              .replace(json, MASK)
              .replace(json.replace("/", "\\/"), MASK);
    }
    return BEARER.matcher(out).replaceAll("$1 " + MASK);
  }

  /** Redacts first, then cuts: a cut key would leak its prefix. */
  public String excerpt(String text, int maxChars) {
    String redacted = redact(text);
    if (redacted == null || redacted.length() <= maxChars) {
      return redacted;
    }
    int end = Character.isHighSurrogate(redacted.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
    return redacted.substring(0, end) + "…"; // never half a character
  }
}
