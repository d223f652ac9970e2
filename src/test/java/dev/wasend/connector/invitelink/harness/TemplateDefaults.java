package dev.wasend.connector.invitelink.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Reads values from the committed element template, so that tests run the task exactly as a
 * designer who drags it into Modeler gets it.
 */
public final class TemplateDefaults {

  public static final Path TEMPLATE =
      Path.of("element-templates/wasend-revoke-group-invite-link.json");

  private TemplateDefaults() {}

  public static JsonNode template() {
    try {
      return new ObjectMapper().readTree(TEMPLATE.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The default value of the property with this id. */
  public static String value(String propertyId) {
    for (JsonNode property : template().get("properties")) {
      if (propertyId.equals(property.path("id").asText())) {
        return property.path("value").asText();
      }
    }
    throw new IllegalArgumentException("no property " + propertyId + " in " + TEMPLATE);
  }
}
