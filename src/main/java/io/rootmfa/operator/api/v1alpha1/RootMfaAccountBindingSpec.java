package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/** The namespaces, the accounts they may target, and how the operator may reach them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.accounts) && size(self.accounts) > 0)"
            + " || (has(self.organizationalUnits) && size(self.organizationalUnits) > 0)",
    message = "a binding must name at least one of accounts or organizationalUnits")
@Getter
@Setter
public class RootMfaAccountBindingSpec {

  /**
   * The pattern every item of these lists must match. The CRD generator cannot put a constraint on
   * list items (and a CEL rule over unbounded strings exceeds the API server's cost budget), so
   * {@code make crd} adds these as {@code items.pattern} (CrdIsCommittedTest).
   */
  public static final Map<String, String> ITEM_PATTERNS =
      Map.of(
          "namespaces", "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",
          "accounts", "^[0-9]{12}$",
          "organizationalUnits", "^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$",
          "credentialKinds", "^(assumeRole|secretRef|default|assumeRoot)$");

  @Required
  @Size(min = 1, max = 256)
  @JsonPropertyDescription(
      "The namespaces whose RootMfaPolicies (and OrganizationRootMfaPolicies) this binding "
          + "permits, by name.")
  private @Nullable List<String> namespaces;

  @Size(max = 5000)
  @JsonPropertyDescription("AWS account ids (12 digits) these namespaces may target.")
  private @Nullable List<String> accounts;

  @Size(max = 1000)
  @JsonPropertyDescription(
      "AWS Organizations OU ids (ou-...): every account under them, recursively, as AWS "
          + "Organizations reports it to the operator's own identity (listed by the operator and "
          + "cached for five minutes; never read from labels on Kubernetes objects).")
  private @Nullable List<String> organizationalUnits;

  @Required
  @Size(min = 1, max = 4)
  @JsonPropertyDescription(
      "The spec.credentials kinds these namespaces may use for these accounts: assumeRole, "
          + "secretRef, default (the operator's own identity: grant it only to the platform's own "
          + "namespace) and assumeRoot.")
  private @Nullable List<String> credentialKinds;
}
