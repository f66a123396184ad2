package io.rootmfa.operator.it;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.rootmfa.operator.api.v1alpha1.OrganizationRootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads conditions the way kstatus and kubectl wait do: for the current generation only. */
public final class Conditions {
  private Conditions() {}

  public static Optional<Condition> of(RootMfaPolicy p, String type) {
    return p == null || p.getStatus() == null
        ? Optional.empty()
        : observed(p, p.getStatus().getObservedGeneration(), p.getStatus().getConditions(), type);
  }

  public static Optional<Condition> of(OrganizationRootMfaPolicy p, String type) {
    return p == null || p.getStatus() == null
        ? Optional.empty()
        : observed(p, p.getStatus().getObservedGeneration(), p.getStatus().getConditions(), type);
  }

  private static Optional<Condition> observed(
      HasMetadata p,
      @Nullable Long observedGeneration,
      @Nullable List<Condition> conditions,
      String type) {
    if (conditions == null
        || !Objects.equals(observedGeneration, p.getMetadata().getGeneration())) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static Optional<String> readyReason(RootMfaPolicy p) {
    return of(p, "Ready").map(Condition::getReason);
  }

  public static String status(RootMfaPolicy p, String type) {
    return of(p, type).map(Condition::getStatus).orElse("Unknown");
  }
}
