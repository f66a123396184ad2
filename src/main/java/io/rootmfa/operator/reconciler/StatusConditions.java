package io.rootmfa.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Conditions as the Kubernetes API conventions have them, for both kinds: every condition carries
 * type, status, CamelCase reason, message and observedGeneration, and keeps its lastTransitionTime
 * unless its status flips. Reconciling and Stalled are kstatus's (Flux, kpt, Config Sync), which
 * deploy/argocd's health checks read the same way.
 */
public final class StatusConditions {
  public static final String READY = "Ready";
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";

  private StatusConditions() {}

  /** The time a condition written now carries, to the second. */
  public static String at(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public static Condition condition(
      @Nullable List<Condition> previous,
      String type,
      boolean status,
      String reason,
      String message,
      long generation,
      String at) {
    return condition(previous, type, status ? "True" : "False", reason, message, generation, at);
  }

  /** The condition, since the previous one's lastTransitionTime while its status stays. */
  public static Condition condition(
      @Nullable List<Condition> previous,
      String type,
      String status,
      String reason,
      String message,
      long generation,
      String at) {
    String since =
        previous == null
            ? at
            : previous.stream()
                .filter(
                    c ->
                        type.equals(c.getType())
                            && status.equals(c.getStatus())
                            && c.getLastTransitionTime() != null)
                .map(Condition::getLastTransitionTime)
                .findFirst()
                .orElse(at);
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }

  /**
   * kstatus Reconciling: True, with the Ready reason and message, while the operator is at work;
   * otherwise {@code ReconcileComplete} with {@code idle} as its message.
   */
  public static Condition reconciling(
      @Nullable List<Condition> previous,
      boolean reconciling,
      String reason,
      String message,
      String idle,
      long generation,
      String at) {
    return condition(
        previous,
        RECONCILING,
        reconciling,
        reconciling ? reason : "ReconcileComplete",
        reconciling ? message : idle,
        generation,
        at);
  }

  /**
   * kstatus Stalled: True, with the Ready reason and message, when only a person can move the
   * object on; otherwise {@code Progressing}.
   */
  public static Condition stalled(
      @Nullable List<Condition> previous,
      boolean stalled,
      String reason,
      String message,
      long generation,
      String at) {
    return condition(
        previous,
        STALLED,
        stalled,
        stalled ? reason : "Progressing",
        stalled ? message : "not stalled",
        generation,
        at);
  }
}
