package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/** Which accounts of the organization, and the policy each of them gets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
public class OrganizationRootMfaPolicySpec {

  @JsonPropertyDescription(
      "The accounts: every ACTIVE account under organizationalUnits (recursively; the whole "
          + "organization when empty), plus include, minus exclude. The management account never "
          + "gets a child (sts:AssumeRoot cannot reach it).")
  private @Nullable AccountSelector accounts;

  @Required
  @PreserveUnknownFields
  @JsonPropertyDescription(
      "The spec of every child RootMfaPolicy, without accountId (the operator sets it), e.g. "
          + "{mode: Audit, target: {root: {}}, credentials: {assumeRoot: {}}}. The API server "
          + "validates each child against the RootMfaPolicy schema.")
  private @Nullable JsonNode template;

  @Default("5m")
  @Size(max = 32)
  @ValidationRule(
      value = Formats.DURATION + " && duration(self) >= duration('30s')",
      message = "resyncInterval must be a duration of at least 30s, such as 5m")
  @JsonPropertyDescription(
      "How often the organization is listed again: a new account gets its child within one "
          + "interval; an account that left loses its child. Default 5m.")
  private @Nullable String resyncInterval;

  @Default("20")
  @Min(1)
  @Max(500)
  @JsonPropertyDescription(
      "At most this many children are created per second (in batches, one batch per second), so "
          + "a large organization never floods the API server. Default 20.")
  private @Nullable Integer childCreationsPerSecond;

  /** Which accounts of the organization. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Getter
  @Setter
  public static class AccountSelector {
    @Size(max = 1000)
    @JsonPropertyDescription(
        "OU (or root) ids, such as ou-ab12-cd34ef56, whose accounts are selected, recursively.")
    private @Nullable List<String> organizationalUnits;

    @Size(max = 10000)
    @JsonPropertyDescription(
        "12-digit account ids selected in addition (they must be ACTIVE members).")
    private @Nullable List<String> include;

    @Size(max = 10000)
    @JsonPropertyDescription("12-digit account ids never selected.")
    private @Nullable List<String> exclude;
  }
}
