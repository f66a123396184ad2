package io.rootmfa.operator.it;

import io.fabric8.kubernetes.api.model.Condition;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import java.util.Objects;
import java.util.Optional;

/** Reads conditions the way kstatus and kubectl wait do: for the current generation only. */
public final class Conditions {
  private Conditions() {}

  public static Optional<Condition> of(RootMfaPolicy p, String type) {
    if (p == null
        || p.getStatus() == null
        || !Objects.equals(
            p.getStatus().getObservedGeneration(), p.getMetadata().getGeneration())) {
      return Optional.empty();
    }
    return p.getStatus().condition(type);
  }

  public static Optional<String> readyReason(RootMfaPolicy p) {
    return of(p, "Ready").map(Condition::getReason);
  }

  public static String status(RootMfaPolicy p, String type) {
    return of(p, type).map(Condition::getStatus).orElse("Unknown");
  }
}
