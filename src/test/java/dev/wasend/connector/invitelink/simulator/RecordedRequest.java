package dev.wasend.connector.invitelink.simulator;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request as the simulator received it, before any routing or fault handling.
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param rawPath the path exactly as sent, still percent-encoded and including any mount prefix
 * @param rawQuery the raw query string, or {@code null} when there was none
 * @param headers the request headers; lookups ignore case, the map is unmodifiable
 * @param body the request body decoded as UTF-8 (empty for the documented call, which has none)
 * @param receivedAt when the simulator's clock saw the request
 */
public record RecordedRequest(
    String method,
    String rawPath,
    String rawQuery,
    Map<String, List<String>> headers,
    String body,
    Instant receivedAt) {

  /** Copies the headers into an unmodifiable map whose lookups ignore case, as HTTP requires. */
  public RecordedRequest {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(copy);
  }

  /**
   * The first value of a header.
   *
   * @param name header name, any case
   * @return the first value, or empty when the header was not sent
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
