package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lombok.EqualsAndHashCode;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/** What the last listing of the organization found, and how its children stand. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
@EqualsAndHashCode
public class OrganizationRootMfaPolicyStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private @Nullable Long observedGeneration;

  @JsonPropertyDescription("The organization's id (o-...).")
  private @Nullable String organizationId;

  @JsonPropertyDescription("Selected ACTIVE accounts (each should have one child).")
  private @Nullable Integer accounts;

  @JsonPropertyDescription("Child RootMfaPolicies that exist.")
  private @Nullable Integer children;

  @JsonPropertyDescription("Children whose Ready condition is True (Compliant or NotApplicable).")
  private @Nullable Integer compliant;

  @JsonPropertyDescription("Children whose Ready reason is NonCompliant.")
  private @Nullable Integer nonCompliant;

  @JsonPropertyDescription("Children per Ready reason; children not yet observed count as Unknown.")
  private Map<String, Integer> reasons = new TreeMap<>();

  @JsonPropertyDescription("When AWS Organizations was last listed successfully.")
  private @Nullable String lastSyncedAt;

  @JsonPropertyDescription(
      "Ready: True when every selected account has a child and every child is Ready.")
  private List<Condition> conditions = new ArrayList<>();

  public void setReasons(@Nullable Map<String, Integer> reasons) {
    this.reasons = reasons == null ? new TreeMap<>() : reasons;
  }

  public void setConditions(@Nullable List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }
}
