package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the operator last observed in AWS, for the generation it observed. Never holds a seed or a
 * code.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RootMfaPolicyStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private @Nullable Long observedGeneration;

  @JsonPropertyDescription("The target, as root or iamUser/<userName>.")
  private @Nullable String target;

  @JsonPropertyDescription("Whether AWS reported MFA enabled for the target at lastCheckedAt.")
  private @Nullable Boolean mfaEnabled;

  @JsonPropertyDescription("The MFA device assigned to the target, if any.")
  private @Nullable DeviceStatus device;

  @JsonPropertyDescription("Where the seed is kept (never the seed itself).")
  private @Nullable SeedStatus seed;

  @JsonPropertyDescription(
      "An unassigned MFA device of this policy left by an interrupted enrollment (the window "
          + "closed, the policy switched to Audit): removed inside the next open break-glass window.")
  private @Nullable String orphanDevice;

  @JsonPropertyDescription(
      "When AWS was last asked about this status: refreshed whenever the result changes, and "
          + "at least every status refresh period (default 1h) while it does not.")
  private @Nullable String lastCheckedAt;

  @JsonPropertyDescription(
      "Ready, MfaEnabled, SeedStored, BreakGlassActive, Reconciling and Stalled, following "
          + "the Kubernetes API conventions.")
  private List<Condition> conditions = new ArrayList<>();

  public @Nullable Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(@Nullable Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public @Nullable String getTarget() {
    return target;
  }

  public void setTarget(@Nullable String target) {
    this.target = target;
  }

  public @Nullable Boolean getMfaEnabled() {
    return mfaEnabled;
  }

  public void setMfaEnabled(@Nullable Boolean mfaEnabled) {
    this.mfaEnabled = mfaEnabled;
  }

  public @Nullable DeviceStatus getDevice() {
    return device;
  }

  public void setDevice(@Nullable DeviceStatus device) {
    this.device = device;
  }

  public @Nullable SeedStatus getSeed() {
    return seed;
  }

  public void setSeed(@Nullable SeedStatus seed) {
    this.seed = seed;
  }

  public @Nullable String getOrphanDevice() {
    return orphanDevice;
  }

  public void setOrphanDevice(@Nullable String orphanDevice) {
    this.orphanDevice = orphanDevice;
  }

  public @Nullable String getLastCheckedAt() {
    return lastCheckedAt;
  }

  public void setLastCheckedAt(@Nullable String lastCheckedAt) {
    this.lastCheckedAt = lastCheckedAt;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(@Nullable List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RootMfaPolicyStatus s)) {
      return false;
    }
    return Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(target, s.target)
        && Objects.equals(mfaEnabled, s.mfaEnabled)
        && Objects.equals(device, s.device)
        && Objects.equals(seed, s.seed)
        && Objects.equals(orphanDevice, s.orphanDevice)
        && Objects.equals(lastCheckedAt, s.lastCheckedAt)
        && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        observedGeneration,
        target,
        mfaEnabled,
        device,
        seed,
        orphanDevice,
        lastCheckedAt,
        conditions);
  }
}
