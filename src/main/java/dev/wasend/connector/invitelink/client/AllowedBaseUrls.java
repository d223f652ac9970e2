package dev.wasend.connector.invitelink.client;

import dev.wasend.connector.invitelink.error.WasendErrorCode;
import dev.wasend.connector.invitelink.error.WasendException;
import dev.wasend.connector.invitelink.model.BaseUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base URLs the connector runtime's operator allows the API key to go to. A task's base URL is
 * allowed when it lies under one of them: the same origin (scheme, host, port) and the whole path
 * prefix. The diagram and process variables can choose among these, never beyond them.
 *
 * <p>Set on the runtime, not in the diagram: the JVM system property {@value #SYSTEM_PROPERTY}, or
 * else the environment variable {@value #ENVIRONMENT_VARIABLE}, holds base URLs separated by commas
 * or whitespace. Unset, only {@value BaseUrl#DEFAULT} is allowed. A malformed setting allows
 * nothing, and every job says why: the runtime, which other connectors share, keeps running.
 */
public final class AllowedBaseUrls {

  public static final String ENVIRONMENT_VARIABLE = "WASEND_ALLOWED_BASE_URLS";
  public static final String SYSTEM_PROPERTY = "wasend.allowed-base-urls";

  private static final Logger LOG = LoggerFactory.getLogger(AllowedBaseUrls.class);

  private final List<BaseUrl> allowed;

  /** Why nothing is allowed: the operator's setting is malformed; null when it is not. */
  private final String malformed;

  private AllowedBaseUrls(List<BaseUrl> allowed, String malformed) {
    this.allowed = List.copyOf(allowed);
    this.malformed = malformed;
  }

  /** From the system property, else the environment variable, else only the default. */
  public static AllowedBaseUrls fromEnvironment() {
    return from(System::getProperty, System::getenv);
  }

  static AllowedBaseUrls from(
      UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
    String property = systemProperties.apply(SYSTEM_PROPERTY);
    if (property != null && !property.isBlank()) {
      return fromSetting(property, "system property " + SYSTEM_PROPERTY);
    }
    String variable = environment.apply(ENVIRONMENT_VARIABLE);
    if (variable != null && !variable.isBlank()) {
      return fromSetting(variable, "environment variable " + ENVIRONMENT_VARIABLE);
    }
    return of(BaseUrl.DEFAULT);
  }

  private static AllowedBaseUrls fromSetting(String list, String source) {
    try {
      return parse(list, source);
    } catch (IllegalArgumentException e) {
      LOG.error("{}: no base URL is allowed until it is fixed", e.getMessage());
      return new AllowedBaseUrls(List.of(), e.getMessage());
    }
  }

  /**
   * @throws IllegalArgumentException naming the entry's position, not its value
   */
  public static AllowedBaseUrls of(String... baseUrls) {
    return parse(String.join(",", baseUrls), "the allowed base URLs");
  }

  private static AllowedBaseUrls parse(String list, String source) {
    List<BaseUrl> parsed = new ArrayList<>();
    for (String entry : list.strip().split("[,\\s]+")) {
      try {
        parsed.add(BaseUrl.parse(entry));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Entry " + (parsed.size() + 1) + " of " + source + " " + e.getMessage());
      }
    }
    return new AllowedBaseUrls(parsed, null);
  }

  public boolean permits(BaseUrl base) {
    return allowed.stream().anyMatch(base::isWithin);
  }

  /**
   * @throws WasendException {@code WASEND_BASE_URL_NOT_ALLOWED} when {@code base} is not allowed,
   *     saying where the operator sets the list, or that their setting is malformed
   */
  void requirePermitted(BaseUrl base) {
    if (permits(base)) {
      return;
    }
    String why =
        malformed != null
            ? "the connector runtime's list of allowed base URLs is malformed ("
                + malformed
                + "), so the operator must fix it"
            : "the connector runtime's operator lists the base URLs the API key may go to in "
                + ENVIRONMENT_VARIABLE
                + " (or the JVM property "
                + SYSTEM_PROPERTY
                + ")";
    throw new WasendException(
        WasendErrorCode.BASE_URL_NOT_ALLOWED,
        "the task's Base URL (baseUrl) "
            + base.origin()
            + " is not allowed: "
            + why
            + "; no request was sent",
        null,
        null,
        null,
        null);
  }

  @Override
  public String toString() {
    return allowed.toString();
  }
}
