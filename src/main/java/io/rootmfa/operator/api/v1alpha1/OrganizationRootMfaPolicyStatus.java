package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** What the last listing of the organization found, and how its children stand. */
@JsonInclude(JsonInclude.Include.NON_NULL)
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

  public @Nullable Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(@Nullable Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public @Nullable String getOrganizationId() {
    return organizationId;
  }

  public void setOrganizationId(@Nullable String organizationId) {
    this.organizationId = organizationId;
  }

  public @Nullable Integer getAccounts() {
    return accounts;
  }

  public void setAccounts(@Nullable Integer accounts) {
    this.accounts = accounts;
  }

  public @Nullable Integer getChildren() {
    return children;
  }

  public void setChildren(@Nullable Integer children) {
    this.children = children;
  }

  public @Nullable Integer getCompliant() {
    return compliant;
  }

  public void setCompliant(@Nullable Integer compliant) {
    this.compliant = compliant;
  }

  public @Nullable Integer getNonCompliant() {
    return nonCompliant;
  }

  public void setNonCompliant(@Nullable Integer nonCompliant) {
    this.nonCompliant = nonCompliant;
  }

  public Map<String, Integer> getReasons() {
    return reasons;
  }

  public void setReasons(@Nullable Map<String, Integer> reasons) {
    this.reasons = reasons == null ? new TreeMap<>() : reasons;
  }

  public @Nullable String getLastSyncedAt() {
    return lastSyncedAt;
  }

  public void setLastSyncedAt(@Nullable String lastSyncedAt) {
    this.lastSyncedAt = lastSyncedAt;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(@Nullable List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OrganizationRootMfaPolicyStatus s)) {
      return false;
    }
    return Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(organizationId, s.organizationId)
        && Objects.equals(accounts, s.accounts)
        && Objects.equals(children, s.children)
        && Objects.equals(compliant, s.compliant)
        && Objects.equals(nonCompliant, s.nonCompliant)
        && Objects.equals(reasons, s.reasons)
        && Objects.equals(lastSyncedAt, s.lastSyncedAt)
        && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, accounts, children, compliant, nonCompliant, reasons);
  }
}
