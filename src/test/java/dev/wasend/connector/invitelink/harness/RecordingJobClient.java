package dev.wasend.connector.invitelink.harness;

import io.camunda.client.api.CamundaFuture;
import io.camunda.client.api.worker.JobClient;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A job client that records the commands the job handler sends instead of sending them. Written by
 * hand over dynamic proxies: cheap enough for benchmarks (a Mockito mock costs several times the
 * handler itself) and indifferent to which fluent steps the handler chains.
 */
public final class RecordingJobClient {

  /** One command as sent: its kind ("complete", "fail", "throwError") and its last arguments. */
  public record SentCommand(String kind, Map<String, Object> arguments) {
    public Object argument(String method) {
      return arguments.get(method);
    }
  }

  private final List<SentCommand> sent = new CopyOnWriteArrayList<>();
  private final JobClient client =
      (JobClient)
          Proxy.newProxyInstance(
              JobClient.class.getClassLoader(),
              new Class<?>[] {JobClient.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "newCompleteCommand" -> command(method, "complete");
                    case "newFailCommand" -> command(method, "fail");
                    case "newThrowErrorCommand" -> command(method, "throwError");
                    case "toString" -> "RecordingJobClient";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                  });

  public JobClient client() {
    return client;
  }

  public List<SentCommand> sent() {
    return List.copyOf(sent);
  }

  public void clear() {
    sent.clear();
  }

  private Object command(Method factory, String kind) {
    Map<String, Object> arguments = new HashMap<>();
    InvocationHandler step =
        new InvocationHandler() {
          @Override
          public Object invoke(Object proxy, Method method, Object[] args) {
            if (method.getName().equals("send")) {
              sent.add(new SentCommand(kind, Map.copyOf(arguments)));
              return completedFuture();
            }
            if (method.getDeclaringClass() == Object.class) {
              return method.getName().equals("hashCode") ? System.identityHashCode(proxy) : kind;
            }
            if (args != null && args.length == 1 && args[0] != null) {
              arguments.put(method.getName(), args[0]);
            }
            return method.getReturnType().isInterface()
                ? Proxy.newProxyInstance(
                    RecordingJobClient.class.getClassLoader(),
                    new Class<?>[] {method.getReturnType()},
                    this)
                : null;
          }
        };
    return Proxy.newProxyInstance(
        RecordingJobClient.class.getClassLoader(), new Class<?>[] {factory.getReturnType()}, step);
  }

  /** A future that is already done: the handler only chains an error callback on it. */
  private static CamundaFuture<?> completedFuture() {
    CompletableFuture<Object> done = CompletableFuture.completedFuture(null);
    return (CamundaFuture<?>)
        Proxy.newProxyInstance(
            RecordingJobClient.class.getClassLoader(),
            new Class<?>[] {CamundaFuture.class},
            (proxy, method, args) -> {
              if (method.getName().equals("join") || method.getName().equals("get")) {
                return null;
              }
              if (method.getName().equals("cancel")) {
                return false;
              }
              return CompletableFuture.class
                  .getMethod(method.getName(), method.getParameterTypes())
                  .invoke(done, args);
            });
  }
}
