package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/**
 * An IAM role in the target account that the operator assumes through STS, with the external id the
 * operator derives from the RootMfaAccountBinding that permits the policy's namespace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
@ValidationRule(
    value = "!has(self.externalId)",
    message =
        "assumeRole.externalId is not set by tenants: the operator sends rootmfa:<binding>:<namespace>"
            + " from the RootMfaAccountBinding that permits this namespace; remove externalId and"
            + " make the role's trust policy require that value")
public class AssumeRole {
  @Required
  @Size(max = 2048)
  @ValidationRule(
      value = "self.matches('^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\\\w+=,.@/-]{1,512}$')",
      message =
          "assumeRole.roleArn must be an IAM role ARN such as arn:aws:iam::123456789012:role/RootMfaEnroller")
  @ValidationRule(
      value = AwsPartition.ARN,
      message =
          "assumeRole.roleArn must be in the aws partition (arn:aws:iam::...): " + AwsPartition.WHY)
  @JsonPropertyDescription("The role's ARN, e.g. arn:aws:iam::123456789012:role/RootMfaEnroller.")
  private @Nullable String roleArn;

  @Size(max = 1224)
  @JsonPropertyDescription(
      "Refused at admission (kept so that older objects still read): the operator derives the "
          + "external id, rootmfa:<binding>:<namespace>.")
  private @Nullable String externalId;
}
