package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/** How the operator obtains AWS credentials for the account. Exactly one source. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "[has(self.assumeRole), has(self.secretRef), has(self.default), has(self.assumeRoot)]"
            + ".filter(x, x).size() == 1",
    message =
        "credentials must name exactly one source: assumeRole, secretRef, default or assumeRoot")
@Getter
@Setter
public class Credentials {

  @JsonPropertyDescription("Assume this IAM role (cross-account) with the operator's own identity.")
  private @Nullable AssumeRole assumeRole;

  @JsonPropertyDescription(
      "Static keys from a Secret in the policy's namespace, e.g. keys present only during a "
          + "break-glass window. The operator needs get on that Secret.")
  private @Nullable SecretRef secretRef;

  @JsonProperty("default")
  @JsonPropertyDescription(
      "The operator pod's own identity: Pod Identity, IRSA or the environment chain. Write default: {}.")
  private @Nullable DefaultChain defaultChain;

  @JsonPropertyDescription(
      "Open root sessions in the member account with sts:AssumeRoot, using the operator's own "
          + "identity in the organization's management account or IAM's delegated administrator "
          + "account (centralized root access must be enabled). Audits root through "
          + "IAMAuditRootUserCredentials; remediation uses IAMDeleteRootUserCredentials. Root "
          + "target only. Write assumeRoot: {}.")
  private @Nullable AssumeRoot assumeRoot;
}
