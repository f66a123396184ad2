package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/** An IAM role in the target account that the operator assumes through STS. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
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
  @ValidationRule(
      value = "size(self) >= 2 && self.matches('^[\\\\w+=,.@:/-]+$')",
      message = "assumeRole.externalId must be 2 to 1224 letters, digits or any of _+=,.@:/-")
  @JsonPropertyDescription("The external id the role's trust policy requires, if any.")
  private @Nullable String externalId;
}
