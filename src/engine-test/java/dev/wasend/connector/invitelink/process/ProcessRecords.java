package dev.wasend.connector.invitelink.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;

/**
 * Reads what happened from the embedded engine's record stream, and waits for it: commands reach
 * the engine asynchronously (the worker runs on its own threads), so a test waits for the engine to
 * go idle and checks again, within a bound.
 */
public final class ProcessRecords {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ZeebeTestEngine engine;

  public ProcessRecords(ZeebeTestEngine engine) {
    this.engine = engine;
  }

  /**
   * Waits until the engine has processed everything it can (a fired timer's job created, say), or
   * fails: what a test then finds missing did not happen.
   */
  public void awaitIdle() {
    if (!idleWithin(Duration.ofSeconds(30))) {
      throw new AssertionError("the engine was still busy after 30 s");
    }
  }

  /** Whether the engine has processed everything it can within {@code timeout}. */
  private boolean idleWithin(Duration timeout) {
    try {
      engine.waitForIdleState(timeout);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException busy) {
      return false;
    }
  }

  /** Waits until {@code condition} holds, or fails after {@code timeout}. */
  public void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      idleWithin(Duration.ofSeconds(5)); // still busy or not: check the condition, go on waiting
      if (condition.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after "
                + timeout
                + " waiting for "
                + what
                + "; incidents: "
                + incidentMessages());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private RecordStream stream() {
    return RecordStream.of(engine.getRecordStreamSource());
  }

  /** Keys of the instances of {@code processId} that completed. */
  public List<Long> completedInstances(String processId) {
    return processEvents(
            processId, BpmnElementType.PROCESS, ProcessInstanceIntent.ELEMENT_COMPLETED)
        .stream()
        .map(record -> record.getValue().getProcessInstanceKey())
        .toList();
  }

  /** Keys of the instances of {@code processId} that started. */
  public List<Long> startedInstances(String processId) {
    return processEvents(
            processId, BpmnElementType.PROCESS, ProcessInstanceIntent.ELEMENT_ACTIVATED)
        .stream()
        .map(record -> record.getValue().getProcessInstanceKey())
        .toList();
  }

  public List<Record<ProcessInstanceRecordValue>> processEvents(
      String processId, BpmnElementType type, ProcessInstanceIntent intent) {
    return StreamSupport.stream(stream().processInstanceRecords().spliterator(), false)
        .filter(record -> record.getValue().getBpmnProcessId().equals(processId))
        .filter(record -> record.getValue().getBpmnElementType() == type)
        .filter(record -> record.getIntent() == intent)
        .toList();
  }

  /** How often element {@code elementId} of an instance completed. */
  public long completions(long processInstanceKey, String elementId) {
    return StreamSupport.stream(stream().processInstanceRecords().spliterator(), false)
        .filter(record -> record.getValue().getProcessInstanceKey() == processInstanceKey)
        .filter(record -> record.getValue().getElementId().equals(elementId))
        .filter(record -> record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED)
        .count();
  }

  /** Whether element {@code elementId} of the instance was activated. */
  public boolean activated(long processInstanceKey, String elementId) {
    return StreamSupport.stream(stream().processInstanceRecords().spliterator(), false)
        .anyMatch(
            record ->
                record.getValue().getProcessInstanceKey() == processInstanceKey
                    && record.getValue().getElementId().equals(elementId)
                    && record.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED);
  }

  /** The retries each job of the element had when it was created, in order. */
  public List<Integer> createdJobRetries(long processInstanceKey, String elementId) {
    return StreamSupport.stream(stream().jobRecords().spliterator(), false)
        .filter(record -> record.getIntent() == JobIntent.CREATED)
        .filter(record -> record.getValue().getProcessInstanceKey() == processInstanceKey)
        .filter(record -> record.getValue().getElementId().equals(elementId))
        .map(record -> record.getValue().getRetries())
        .toList();
  }

  /** The latest value of a variable of the instance (any scope), as a Java object. */
  public Optional<Object> variable(long processInstanceKey, String name) {
    return StreamSupport.stream(stream().variableRecords().spliterator(), false)
        .filter(record -> record.getValue().getProcessInstanceKey() == processInstanceKey)
        .filter(record -> record.getValue().getName().equals(name))
        .reduce((first, second) -> second)
        .map(record -> parse(record.getValue().getValue()));
  }

  /** Every value the variable of the instance took (any scope), in the order they were set. */
  public List<Object> variableHistory(long processInstanceKey, String name) {
    return StreamSupport.stream(stream().variableRecords().spliterator(), false)
        .filter(record -> record.getValue().getProcessInstanceKey() == processInstanceKey)
        .filter(record -> record.getValue().getName().equals(name))
        .map(record -> parse(record.getValue().getValue()))
        .toList();
  }

  /**
   * The latest value of a variable set in exactly this scope (an element instance's key), as a Java
   * object: e.g. a task's input.
   */
  public Optional<Object> localVariable(long scopeKey, String name) {
    return StreamSupport.stream(stream().variableRecords().spliterator(), false)
        .filter(record -> record.getValue().getScopeKey() == scopeKey)
        .filter(record -> record.getValue().getName().equals(name))
        .reduce((first, second) -> second)
        .map(record -> parse(record.getValue().getValue()));
  }

  /** Whether the instance has the variable at all (its value may be null). */
  public boolean hasVariable(long processInstanceKey, String name) {
    return StreamSupport.stream(stream().variableRecords().spliterator(), false)
        .anyMatch(
            record ->
                record.getValue().getProcessInstanceKey() == processInstanceKey
                    && record.getValue().getName().equals(name));
  }

  public List<Record<IncidentRecordValue>> incidents() {
    return StreamSupport.stream(stream().incidentRecords().spliterator(), false)
        .filter(record -> record.getIntent() == IncidentIntent.CREATED)
        .toList();
  }

  public List<String> incidentMessages() {
    return incidents().stream().map(record -> record.getValue().getErrorMessage()).toList();
  }

  /** Every record of the stream as text, for "the key appears nowhere" checks. */
  public String everythingAsText() {
    StringBuilder text = new StringBuilder();
    for (Record<?> record : stream().records()) {
      text.append(record.toJson()).append('\n');
    }
    return text.toString();
  }

  private static Object parse(String json) {
    try {
      return JSON.readValue(json, Object.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
