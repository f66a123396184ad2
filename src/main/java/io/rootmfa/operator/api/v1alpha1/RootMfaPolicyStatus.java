package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lombok.EqualsAndHashCode;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/**
 * What the operator last observed in AWS, for the generation it observed. Never holds a seed or a
 * code.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
@EqualsAndHashCode
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

  public void setConditions(@Nullable List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  /** The condition of this type, if the status has one (none when the list was sent as null). */
  public Optional<Condition> condition(String type) {
    List<Condition> all = conditions;
    return all == null
        ? Optional.empty()
        : all.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
