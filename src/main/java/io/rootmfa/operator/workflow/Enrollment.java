package io.rootmfa.operator.workflow;

/**
 * The enrollment state machine of docs/design.md §3. Pure: it reads an {@link EnrollmentState} and
 * names the next {@link EnrollmentStep}; it performs no I/O. Its invariants:
 *
 * <ol>
 *   <li>{@link EnrollmentStep.Enable} is only ever named with a {@link StoredSeed} that was read
 *       from the vault and belongs to that very device (serial and enrollment id); a seed written
 *       in this reconcile is read back and compared first, and a read-back that differs is never
 *       enabled on.
 *   <li>A device is deleted only if it is ours (tagged with an enrollment id and this policy as
 *       owner), unassigned, and has no stored seed, or its stored seed yields codes AWS refuses, or
 *       AWS refused to enable it for root. An assigned device is never touched.
 *   <li>No device is created while the seed secret holds a document this policy may not write over
 *       ({@link Custody}): another policy's, another target's, or an enabled device's custody.
 *   <li>At most one device exists at our serial, so a crash at any step converges to one device and
 *       one seed.
 * </ol>
 */
public final class Enrollment {

  /**
   * Codes refused this many times, each at fresh time steps, mean the stored seed is wrong for the
   * device.
   */
  public static final int MAX_ENABLE_ATTEMPTS = 2;

  private Enrollment() {}

  public static EnrollmentStep next(EnrollmentState s) {
    if (s.fresh().isPresent()) {
      return new EnrollmentStep.StoreSeed(s.fresh().get());
    }
    if (s.written().isPresent()) {
      return s.readBackDiffers()
          ? new EnrollmentStep.Halt(
              Verdict.inFlight(
                  Reason.AwsUnavailable,
                  "the seed read back from Secrets "
                      + "Manager is not the seed just written (another writer?); not enabling the device; retrying"))
          : new EnrollmentStep.ReadBackSeed(s.written().get());
    }
    if (s.device().isEmpty()) {
      if (s.rootApiRefused()) {
        return new EnrollmentStep.Halt(rootRefusedVerdict());
      }
      if (s.custody() instanceof Custody.Foreign foreign) {
        return new EnrollmentStep.Halt(seedSecretInUse(s, foreign));
      }
      return new EnrollmentStep.CreateDevice();
    }
    VirtualDevice device = s.device().get();
    if (device.isAssigned()) {
      return device.assignedTo().get().equals(s.target().describe())
          ? new EnrollmentStep.Verify()
          : new EnrollmentStep.Halt(
              Verdict.stalled(
                  Reason.DeviceNameTaken,
                  "device "
                      + device.serialNumber()
                      + " is already enabled for "
                      + device.assignedTo().get()
                      + "; choose another spec.device.name"));
    }
    if (!device.isOwnedBy(s.owner())) {
      return new EnrollmentStep.Halt(
          Verdict.stalled(
              Reason.DeviceNameTaken,
              "an unassigned device "
                  + device.serialNumber()
                  + " exists that this policy did not create"
                  + device.owner().map(o -> " (policy " + o + " did)").orElse("")
                  + "; it is left untouched: delete it or choose another spec.device.name"));
    }
    if (s.rootApiRefused()) {
      return new EnrollmentStep.DeleteDevice(
          device.serialNumber(), "AWS refused to enable MFA for root through the API");
    }
    boolean seedIsDurable =
        s.storedSeed().filter(stored -> stored.belongsTo(device, s.owner())).isPresent();
    if (!seedIsDurable) {
      return new EnrollmentStep.DeleteDevice(
          device.serialNumber(),
          "unassigned device of ours without a stored seed (an interrupted enrollment)");
    }
    if (s.enableAttempts() >= MAX_ENABLE_ATTEMPTS) {
      // Each attempt used fresh time steps of AWS's own clock: the stored seed is not this
      // device's. The device is
      // unassigned, so deleting it locks nobody out; a new one gets a new seed.
      return new EnrollmentStep.DeleteDevice(
          device.serialNumber(),
          "AWS refused codes from the stored seed "
              + s.enableAttempts()
              + " times at fresh time steps, so the stored seed is not this device's");
    }
    return new EnrollmentStep.Enable(device, s.storedSeed().get());
  }

  static Verdict seedSecretInUse(EnrollmentState s, Custody.Foreign foreign) {
    return seedSecretInUse(s.target(), foreign);
  }

  /** The verdict when the seed secret may not be written: no write, a person must act. */
  public static Verdict seedSecretInUse(TargetRef target, Custody.Foreign foreign) {
    return Verdict.stalled(
        Reason.SeedSecretInUse,
        "the seed secret of "
            + target.describe()
            + " cannot be written: "
            + foreign.why()
            + ". Nothing was written; point spec.seedStore.secretsManager.secretName at a secret of "
            + "this policy's own");
  }

  static Verdict rootRefusedVerdict() {
    return Verdict.stalled(
        Reason.RootApiEnrollmentUnsupported,
        "AWS refused to enable MFA for the root user "
            + "through the API, as it documents: root MFA can only be enabled in the AWS console. The operator "
            + "deleted the unassigned device it created and will not retry until the spec changes. Enroll root in "
            + "the console, or target a break-glass IAM user (spec.target.iamUser)");
  }
}
