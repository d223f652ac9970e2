package dev.wasend.connector.invitelink.bench;

import io.camunda.client.api.CamundaFuture;
import io.camunda.client.api.worker.JobClient;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A job client for benchmarks: one reusable proxy per command interface, no per-job recording
 * beyond counters and the last variables (the harness's {@code RecordingJobClient} builds new
 * proxies for every fluent step and keeps every command in a copy-on-write list, whose copies grow
 * with every job: fine in tests, quadratic over a benchmark's hundred thousand jobs).
 */
final class LeanJobClient {

  /** An already-completed future: the handler only chains callbacks on it. */
  static final class Done extends CompletableFuture<Object> implements CamundaFuture<Object> {
    Done() {
      complete(null);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning, Throwable cause) {
      return false;
    }

    @Override
    public Object join(long timeout, TimeUnit unit) {
      return null;
    }
  }

  private static final Done DONE = new Done();

  volatile long completed;
  volatile long failed;
  volatile Object lastVariables;
  volatile Object lastErrorMessage;

  private final Map<Class<?>, Object> steps = new ConcurrentHashMap<>();
  private final InvocationHandler stepHandler = this::step;
  private final JobClient client =
      (JobClient)
          Proxy.newProxyInstance(
              JobClient.class.getClassLoader(),
              new Class<?>[] {JobClient.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "newCompleteCommand", "newFailCommand", "newThrowErrorCommand" ->
                        stepProxy(method.getReturnType());
                    case "toString" -> "LeanJobClient";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                  });

  JobClient client() {
    return client;
  }

  private Object stepProxy(Class<?> type) {
    return steps.computeIfAbsent(
        type,
        t ->
            Proxy.newProxyInstance(
                LeanJobClient.class.getClassLoader(), new Class<?>[] {t}, stepHandler));
  }

  private Object step(Object proxy, Method method, Object[] args) {
    String name = method.getName();
    switch (name) {
      case "send" -> {
        if (proxy.getClass().getInterfaces()[0].getSimpleName().startsWith("Complete")) {
          completed++;
        } else {
          failed++;
        }
        return DONE;
      }
      case "variables" -> lastVariables = args[0];
      case "errorMessage" -> lastErrorMessage = args[0];
      case "hashCode" -> {
        return System.identityHashCode(proxy);
      }
      case "equals" -> {
        return proxy == args[0];
      }
      case "toString" -> {
        return "LeanJobClient.step";
      }
      default -> {
        // retries, retryBackoff, errorCode, ...: only the chain matters
      }
    }
    Class<?> returned = method.getReturnType();
    return returned.isInstance(proxy) ? proxy : returned.isInterface() ? stepProxy(returned) : null;
  }
}
