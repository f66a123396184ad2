package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/**
 * The desired state: which principal of which account must have MFA, and how the operator may act.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.mode != 'Enforce' || has(self.seedStore) || has(self.remediation)",
    message =
        "mode Enforce requires spec.seedStore: the operator never enables MFA without a place to keep the seed")
@ValidationRule(
    value = "!has(self.credentials.assumeRoot) || has(self.target.root)",
    message = "credentials.assumeRoot opens root sessions: target must be root: {}")
@ValidationRule(
    value =
        "!has(self.remediation) || (self.mode == 'Enforce' && has(self.credentials.assumeRoot))",
    message = "remediation needs mode Enforce and credentials.assumeRoot")
@ValidationRule(
    value = "self.mode != 'Enforce' || !has(self.credentials.assumeRoot) || has(self.remediation)",
    message =
        "mode Enforce with credentials.assumeRoot requires remediation: RemoveRootCredentials "
            + "(AWS's root-task policies allow no MFA enrollment)")
@Getter
@Setter
public class RootMfaPolicySpec {
  /** The one home of the region default (the CRD's default, and the operator's and CLI's). */
  public static final String DEFAULT_REGION = "us-east-1";

  /** The one home of the check interval default. */
  public static final String DEFAULT_CHECK_INTERVAL = "10m";

  @Required
  @Size(max = 12)
  @ValidationRule(
      value = "self.matches('^[0-9]{12}$')",
      message =
          "accountId must be an AWS account id: exactly 12 digits, quoted, e.g. \"123456789012\"")
  @JsonPropertyDescription("The 12-digit AWS account id, quoted, e.g. \"123456789012\".")
  private @Nullable String accountId;

  @Required
  @JsonPropertyDescription(
      "Audit only reports; Enforce also enrolls an MFA device inside an approved break-glass window.")
  private @Nullable Mode mode;

  @Required
  @JsonPropertyDescription("The principal that must have MFA: exactly one of root or iamUser.")
  private @Nullable Target target;

  @Required
  @JsonPropertyDescription(
      "How the operator reaches the account: exactly one of assumeRole, secretRef, default or assumeRoot.")
  private @Nullable Credentials credentials;

  @Default(DEFAULT_REGION)
  @Size(max = 32)
  @ValidationRule(value = Formats.REGION, message = Formats.REGION_MESSAGE)
  @ValidationRule(value = AwsPartition.REGION, message = AwsPartition.REGION_MESSAGE)
  @JsonPropertyDescription(
      "The AWS region for the IAM, STS and Secrets Manager endpoints. Default us-east-1.")
  private @Nullable String region;

  @JsonPropertyDescription(
      "The virtual MFA device the operator creates. Defaults: name rootmfa-root or "
          + "rootmfa-<userName>, path /rootmfa/.")
  private @Nullable DeviceSpec device;

  @JsonPropertyDescription("Where the device's seed is kept. Required in mode Enforce.")
  private @Nullable SeedStore seedStore;

  @JsonPropertyDescription(
      "The approved break-glass window; Enforce writes to AWS only while it is open.")
  private @Nullable BreakGlass breakGlass;

  @JsonPropertyDescription(
      "RemoveRootCredentials: in mode Enforce with credentials.assumeRoot, inside an open "
          + "break-glass window, delete the member account root user's password, access keys and "
          + "signing certificates, one at a time, each re-audited. MFA devices are never touched. "
          + "Refused for the organization's management account.")
  private @Nullable Remediation remediation;

  @Default(DEFAULT_CHECK_INTERVAL)
  @Size(max = 32)
  @ValidationRule(
      value = Formats.DURATION + " && duration(self) >= duration('10s')",
      message = "checkInterval must be a duration of at least 10s, such as 30s, 10m or 1h")
  @JsonPropertyDescription(
      "How often the account is re-audited, e.g. 10m. At least 10s. Default 10m.")
  private @Nullable String checkInterval;

  @Default("false")
  @JsonPropertyDescription(
      "When true, MFA whose seed is not in the operator's custody (a phone, a hardware key) does "
          + "not satisfy the policy: Ready=False, reason SeedNotInCustody. Default false.")
  private @Nullable Boolean requireCustody;
}
