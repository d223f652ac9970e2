package dev.wasend.connector.invitelink.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.response.ActivatedJob;
import java.lang.reflect.Proxy;
import java.util.Map;

/** An activated job as the engine would hand it to a worker, for tests without an engine. */
public final class FakeJob {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeJob() {}

  public static ActivatedJob of(
      String type,
      Map<String, Object> variables,
      Map<String, String> headers,
      int retries,
      long elementInstanceKey) {
    String json;
    try {
      json = JSON.writeValueAsString(variables);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
    return (ActivatedJob)
        Proxy.newProxyInstance(
            FakeJob.class.getClassLoader(),
            new Class<?>[] {ActivatedJob.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getKey" -> elementInstanceKey + 1;
                  case "getType" -> type;
                  case "getVariables" -> json;
                  case "getVariablesAsMap" -> variables;
                  case "getCustomHeaders" -> headers;
                  case "getRetries" -> retries;
                  case "getElementInstanceKey" -> elementInstanceKey;
                  case "getProcessInstanceKey" -> 100L;
                  case "getProcessDefinitionKey" -> 200L;
                  case "getProcessDefinitionVersion" -> 1;
                  case "getBpmnProcessId" -> "process";
                  case "getElementId" -> "RevokeInviteLink";
                  case "getTenantId" -> "<default>";
                  case "getDeadline" -> Long.MAX_VALUE;
                  case "toString" -> "FakeJob[" + elementInstanceKey + "]";
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default ->
                      method.getReturnType().isPrimitive()
                          ? defaultPrimitive(method.getReturnType())
                          : null;
                });
  }

  private static Object defaultPrimitive(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    return null;
  }
}
