package io.rootmfa.operator.workflow;

import java.util.Optional;

/**
 * Whether MFA counts when its seed is not in custody (spec.requireCustody). Pure. By default any
 * MFA satisfies the policy, as AWS Config judges it, and the status says {@code SeedStored=False,
 * SeedNotInCustody}; a security team that wants every sign-in code to come from custody sets
 * requireCustody, and then such MFA is not Ready and needs a person (Stalled).
 */
public final class CustodyRequirement {

  private CustodyRequirement() {}

  /**
   * @param verdict the verdict of the audit
   * @param target the policy's target
   * @param enabledDevice the serial of the virtual device enabled for the target, when known (empty
   *     for a hardware key, or root whose MFA is not a virtual device)
   * @param custodyDevice the device the policy's own complete custody document names, if any
   * @param requireCustody spec.requireCustody
   * @param consoleCommand how a person adds a device whose seed is kept, for the message
   */
  public static Verdict apply(
      Verdict verdict,
      TargetRef target,
      Optional<String> enabledDevice,
      Optional<String> custodyDevice,
      boolean requireCustody,
      String consoleCommand) {
    if (!requireCustody || !verdict.observed() || !verdict.mfaEnabled()) {
      return verdict;
    }
    if (inCustody(enabledDevice, custodyDevice)) {
      return verdict;
    }
    return new Verdict(
        Reason.SeedNotInCustody,
        "MFA is enabled for "
            + target.describe()
            + enabledDevice.map(d -> " (device " + d + ")").orElse(" (not a virtual device)")
            + ", but its seed is not in the operator's custody, and spec.requireCustody is true. A "
            + "person must enroll a device whose seed is kept: "
            + consoleCommand
            + "; the operator never removes a device",
        true,
        true,
        false,
        true);
  }

  /** True when the custody document names the device enabled for the target. */
  public static boolean inCustody(Optional<String> enabledDevice, Optional<String> custodyDevice) {
    return enabledDevice.isPresent() && enabledDevice.equals(custodyDevice);
  }
}
