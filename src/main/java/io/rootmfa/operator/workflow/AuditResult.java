package io.rootmfa.operator.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the read-only audit found for the target.
 *
 * @param mfaEnabled AWS says the target has an MFA device
 * @param notApplicable root without password and keys (only for the root target)
 * @param device the serial and enable date of the target's MFA device, when known
 */
public record AuditResult(
    boolean mfaEnabled, boolean notApplicable, Optional<AssignedDevice> device) {

  /** An MFA device enabled for the target. */
  public record AssignedDevice(String serialNumber, Optional<Instant> enabledAt) {}

  /**
   * Root is judged by {@code GetAccountSummary} alone, exactly as AWS Config and Security Hub judge
   * it.
   */
  public static AuditResult ofRoot(AccountSummary summary) {
    boolean notApplicable = !summary.mfaEnabled() && summary.rootHasNoCredentials();
    return new AuditResult(summary.mfaEnabled(), notApplicable, Optional.empty());
  }

  /** An IAM user is compliant when {@code ListMFADevices} lists any device for it. */
  public static AuditResult ofIamUser(List<AssignedDevice> devices) {
    return new AuditResult(!devices.isEmpty(), false, devices.stream().findFirst());
  }

  public AuditResult withDevice(Optional<AssignedDevice> named) {
    return new AuditResult(mfaEnabled, notApplicable, named);
  }

  public boolean compliant() {
    return mfaEnabled || notApplicable;
  }
}
