package dev.wasend.connector.invitelink.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bpmn-examples/bulk-invite-link-rotation.bpmn */
@ZeebeProcessTest
class BulkRotationProcessTest extends ExampleProcessTest {

  static final String PROCESS = "bulk-invite-link-rotation";

  @Test
  void rotatesEveryGroupWithoutIncidentsWhileRateLimited() {
    List<String> groups = new ArrayList<>();
    Map<String, String> oldCodes = new HashMap<>();
    for (int i = 0; i < 24; i++) {
      String group = "1203630000000000%02d@g.us".formatted(i);
      groups.add(group);
      oldCodes.put(group, wasend.group(SESSION, group, true));
    }
    wasend.rateLimit(8, 4, true); // far below what 24 parallel jobs ask for: 429s are certain

    deploy("bulk-invite-link-rotation.bpmn");
    long instance =
        start(PROCESS, Map.of("groupIds", groups, "sessionId", SESSION, "wasendBaseUrl", wasend.baseUrl()));
    records.await("the bulk rotation", Duration.ofSeconds(60), () -> records.completedInstances(PROCESS).contains(instance));

    assertThat(records.incidents()).isEmpty();
    assertThat(wasend.rateLimitedCount()).isPositive();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rotated = (List<Map<String, Object>>) records.variable(instance, "rotatedLinks").orElseThrow();
    assertThat(rotated).hasSize(groups.size());
    assertThat(rotated).extracting(entry -> entry.get("groupId")).containsExactlyElementsOf(groups);
    assertThat(rotated).extracting(entry -> entry.get("inviteLink")).doesNotHaveDuplicates();
    for (Map<String, Object> entry : rotated) {
      String group = (String) entry.get("groupId");
      assertThat(entry.get("inviteLink")).isEqualTo(wasend.currentInviteLink(group));
      assertThat(wasend.isValidInvite(oldCodes.get(group))).isFalse();
    }
  }
}
