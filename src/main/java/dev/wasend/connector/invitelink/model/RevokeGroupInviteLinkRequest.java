package dev.wasend.connector.invitelink.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.camunda.connector.generator.dsl.Property.FeelMode;
import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyConstraints;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * The connector's input, bound from the job's variables after secrets are replaced, and validated
 * before any request is made. Every field names itself in validation errors.
 */
public record RevokeGroupInviteLinkRequest(
    @TemplateProperty(
            group = "authentication",
            label = "API key",
            description =
                "Your Wasend API key. Never paste it here: use a secret, {{secrets.WASEND_API_KEY}}",
            tooltip =
                "Sent only as 'Authorization: Bearer' to the base URL below, over TLS. It never"
                    + " appears in logs, incidents or process variables.",
            defaultValue = "{{secrets.WASEND_API_KEY}}",
            feel = FeelMode.optional)
        @NotBlank
        @JsonDeserialize(using = TextValue.class)
        String apiKey,
    @TemplateProperty(
            group = "group",
            label = "Session ID",
            description = "The Wasend session (WhatsApp account) that administers the group",
            tooltip = "Shown in the Wasend dashboard for each connected WhatsApp number.",
            feel = FeelMode.optional,
            constraints = @PropertyConstraints(notEmpty = true))
        @NotBlank
        @PathSegment
        @JsonDeserialize(using = TextValue.class)
        String sessionId,
    @TemplateProperty(
            group = "group",
            label = "Group ID",
            description = "WhatsApp group JID, e.g. 120363012345678901@g.us",
            tooltip =
                "The account of the session must be an admin of this group. The old invite link"
                    + " stops working as soon as the task completes.",
            feel = FeelMode.optional,
            constraints = @PropertyConstraints(notEmpty = true))
        @NotBlank
        @PathSegment
        @JsonDeserialize(using = TextValue.class)
        String groupId,
    @TemplateProperty(
            group = "connection",
            label = "Base URL",
            description =
                "Wasend API base URL; may carry a path prefix. A literal URL, a FEEL expression or"
                    + " {{secrets.WASEND_BASE_URL}}",
            tooltip =
                "https:// is required; plain http:// is accepted for loopback hosts only. The"
                    + " connector runtime's operator decides which base URLs the API key may go"
                    + " to (WASEND_ALLOWED_BASE_URLS); others fail with"
                    + " WASEND_BASE_URL_NOT_ALLOWED before any request.",
            defaultValue = BaseUrl.DEFAULT,
            feel = FeelMode.optional)
        @WasendBaseUrl
        @JsonDeserialize(using = TextValue.class)
        String baseUrl,
    @TemplateProperty(
            group = "connection",
            label = "Route",
            description =
                "Automatic calls the documented invite-link/revoke route and, only when the service"
                    + " says that route does not exist, invite-code/revoke once",
            tooltip =
                "Pick a single route when you know what your gateway serves: it saves the extra"
                    + " call. A 404 that means \"no such session or group\" never falls back.",
            type = PropertyType.Dropdown,
            defaultValue = "AUTOMATIC")
        RevokeRoute route,
    @TemplateProperty(
            group = "connection",
            label = "Connect timeout (seconds)",
            description = "How long to wait for a connection to Wasend, 1 to 300",
            tooltip = "A timeout fails the job with WASEND_NETWORK_ERROR, which is retried.",
            defaultValue = "10",
            defaultValueType = TemplateProperty.DefaultValueType.Number,
            feel = FeelMode.optional)
        @Min(1)
        @Max(300)
        @JsonDeserialize(using = WholeSeconds.class)
        Integer connectTimeoutSeconds,
    @TemplateProperty(
            group = "connection",
            label = "Read timeout (seconds)",
            description = "How long to wait for Wasend's complete answer, 1 to 300",
            tooltip =
                "Counted until the whole answer has arrived. A timeout fails the job with"
                    + " WASEND_NETWORK_ERROR, which is retried.",
            defaultValue = "30",
            defaultValueType = TemplateProperty.DefaultValueType.Number,
            feel = FeelMode.optional)
        @Min(1)
        @Max(300)
        @JsonDeserialize(using = WholeSeconds.class)
        Integer readTimeoutSeconds) {

  /**
   * Applies the defaults of optional fields (the same as the template's), so the rest of the code
   * never sees a null there, and drops whitespace around the key, which no server reads as part of
   * a header value. No static constants here: the template generator would list them.
   */
  public RevokeGroupInviteLinkRequest {
    if (apiKey != null) {
      // a secret read from a file often ends in a newline
      apiKey = VisibleText.withoutHiddenAround(apiKey);
    }
    if (baseUrl == null || baseUrl.isBlank()) {
      baseUrl = BaseUrl.DEFAULT;
    }
    if (route == null) {
      route = RevokeRoute.AUTOMATIC;
    }
    if (connectTimeoutSeconds == null) {
      connectTimeoutSeconds = 10;
    }
    if (readTimeoutSeconds == null) {
      readTimeoutSeconds = 30;
    }
  }

  /**
   * The key becomes an HTTP header, which the JDK writes as ASCII (an {@code é} goes out as {@code
   * ?}, so the service would see another key, and echo it past the redactor's search): anything but
   * printable ASCII inside it can only be a paste error, and the JDK would repeat the whole header
   * in its exception message. RFC 6750's bearer tokens are printable ASCII.
   */
  @AssertTrue(
      message =
          "apiKey must be printable ASCII: no whitespace, control, invisible or non-ASCII characters")
  boolean isApiKeyHeaderSafe() {
    return apiKey == null || apiKey.chars().allMatch(c -> c > ' ' && c < 0x7f);
  }

  /**
   * A secret reference typed into the wrong field would send the key in the URL, which gateways
   * log, and print it in every message that names the session or group.
   */
  @AssertTrue(message = "sessionId must not hold the API key")
  boolean isSessionIdFreeOfTheKey() {
    return !holdsTheKey(sessionId);
  }

  @AssertTrue(message = "groupId must not hold the API key")
  boolean isGroupIdFreeOfTheKey() {
    return !holdsTheKey(groupId);
  }

  /**
   * In every reading a gateway could decode from it, as the URL rules check it. A base URL over the
   * length limit fails that check instead, before its readings are made.
   */
  @AssertTrue(message = "baseUrl must not hold the API key")
  boolean isBaseUrlFreeOfTheKey() {
    return baseUrl == null || !BaseUrl.anyReading(baseUrl, this::holdsTheKey);
  }

  /** Keys shorter than six characters would match ordinary words; Wasend's are far longer. */
  private boolean holdsTheKey(String value) {
    if (value == null || apiKey == null || apiKey.length() < 6) {
      return false;
    }
    for (int at = 0; at + apiKey.length() <= value.length(); at++) {
      if (value.regionMatches(true, at, apiKey, 0, apiKey.length())) {
        return true;
      }
    }
    return false;
  }

  /** The key is a bearer credential for the whole WhatsApp account: never print it. */
  @Override
  public String toString() {
    return "RevokeGroupInviteLinkRequest[apiKey=***, sessionId=%s, groupId=%s, baseUrl=%s, route=%s, connectTimeoutSeconds=%d, readTimeoutSeconds=%d]"
        .formatted(sessionId, groupId, baseUrl, route, connectTimeoutSeconds, readTimeoutSeconds);
  }
}
