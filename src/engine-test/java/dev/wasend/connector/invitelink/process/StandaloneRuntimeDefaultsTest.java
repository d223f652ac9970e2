package dev.wasend.connector.invitelink.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasend.connector.invitelink.standalone.WasendConnectorRuntime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The standalone runtime's HTTP port, as the README promises: 8095 by default, clear of a local
 * cluster's ports, and {@code SERVER_PORT} wins. The defaults are Spring Boot's "default
 * properties", the last property source, which is how {@link WasendConnectorRuntime#builder()}
 * passes them.
 */
class StandaloneRuntimeDefaultsTest {

  @Test
  void theDefaultPortIsClearOfALocalClusterAndItsConnectors() {
    assertThat(WasendConnectorRuntime.DEFAULT_PORT)
        .isEqualTo(8095)
        // gateway REST / Camunda 8 Run, its connectors (8.8, 8.9), gRPC, management
        .isNotIn(8080, 8085, 8086, 26500, 9600);
    assertThat(resolvedPort(Map.of())).isEqualTo("8095");
  }

  @Test
  void serverPortFromTheEnvironmentWins() {
    assertThat(resolvedPort(Map.of("SERVER_PORT", "9123"))).isEqualTo("9123");
  }

  private static String resolvedPort(Map<String, Object> variables) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    environment
        .getPropertySources()
        .addFirst(new SystemEnvironmentPropertySource("test-environment", variables));
    environment
        .getPropertySources()
        .addLast(new MapPropertySource("defaultProperties", WasendConnectorRuntime.DEFAULTS));
    return environment.getProperty("server.port");
  }
}
