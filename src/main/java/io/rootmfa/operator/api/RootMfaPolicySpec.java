package io.rootmfa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

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
public class RootMfaPolicySpec {

  @Required
  @Size(max = 12)
  @ValidationRule(
      value = "self.matches('^[0-9]{12}$')",
      message =
          "accountId must be an AWS account id: exactly 12 digits, quoted, e.g. \"123456789012\"")
  @JsonPropertyDescription("The 12-digit AWS account id, quoted, e.g. \"123456789012\".")
  private String accountId;

  @Required
  @JsonPropertyDescription(
      "Audit only reports; Enforce also enrolls an MFA device inside an approved break-glass window.")
  private Mode mode;

  @Required
  @JsonPropertyDescription("The principal that must have MFA: exactly one of root or iamUser.")
  private Target target;

  @Required
  @JsonPropertyDescription(
      "How the operator reaches the account: exactly one of assumeRole, secretRef, default or assumeRoot.")
  private Credentials credentials;

  @Default("us-east-1")
  @Size(max = 32)
  @ValidationRule(
      value = "self.matches('^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$')",
      message = "region must be an AWS region name such as us-east-1")
  @ValidationRule(value = AwsPartition.REGION, message = AwsPartition.REGION_MESSAGE)
  @JsonPropertyDescription(
      "The AWS region for the IAM, STS and Secrets Manager endpoints. Default us-east-1.")
  private String region;

  @JsonPropertyDescription(
      "The virtual MFA device the operator creates. Defaults: name rootmfa-root or "
          + "rootmfa-<userName>, path /rootmfa/.")
  private DeviceSpec device;

  @JsonPropertyDescription("Where the device's seed is kept. Required in mode Enforce.")
  private SeedStore seedStore;

  @JsonPropertyDescription(
      "The approved break-glass window; Enforce writes to AWS only while it is open.")
  private BreakGlass breakGlass;

  @JsonPropertyDescription(
      "RemoveRootCredentials: in mode Enforce with credentials.assumeRoot, inside an open "
          + "break-glass window, delete the member account root user's password, access keys and "
          + "signing certificates, one at a time, each re-audited. MFA devices are never touched. "
          + "Refused for the organization's management account.")
  private Remediation remediation;

  @Default("10m")
  @Size(max = 32)
  @ValidationRule(
      value = "self.matches('^([0-9]+(ms|s|m|h))+$') && duration(self) >= duration('10s')",
      message = "checkInterval must be a duration of at least 10s, such as 30s, 10m or 1h")
  @JsonPropertyDescription(
      "How often the account is re-audited, e.g. 10m. At least 10s. Default 10m.")
  private String checkInterval;

  @Default("false")
  @JsonPropertyDescription(
      "When true, MFA whose seed is not in the operator's custody (a phone, a hardware key) does "
          + "not satisfy the policy: Ready=False, reason SeedNotInCustody. Default false.")
  private Boolean requireCustody;

  public Boolean getRequireCustody() {
    return requireCustody;
  }

  public void setRequireCustody(Boolean requireCustody) {
    this.requireCustody = requireCustody;
  }

  public Remediation getRemediation() {
    return remediation;
  }

  public void setRemediation(Remediation remediation) {
    this.remediation = remediation;
  }

  public String getAccountId() {
    return accountId;
  }

  public void setAccountId(String accountId) {
    this.accountId = accountId;
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public Target getTarget() {
    return target;
  }

  public void setTarget(Target target) {
    this.target = target;
  }

  public Credentials getCredentials() {
    return credentials;
  }

  public void setCredentials(Credentials credentials) {
    this.credentials = credentials;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public DeviceSpec getDevice() {
    return device;
  }

  public void setDevice(DeviceSpec device) {
    this.device = device;
  }

  public SeedStore getSeedStore() {
    return seedStore;
  }

  public void setSeedStore(SeedStore seedStore) {
    this.seedStore = seedStore;
  }

  public BreakGlass getBreakGlass() {
    return breakGlass;
  }

  public void setBreakGlass(BreakGlass breakGlass) {
    this.breakGlass = breakGlass;
  }

  public String getCheckInterval() {
    return checkInterval;
  }

  public void setCheckInterval(String checkInterval) {
    this.checkInterval = checkInterval;
  }
}
