package io.rootmfa.operator.workflow;

/**
 * The enrollment state machine of DESIGN §3. Pure: it reads an {@link EnrollmentState} and names the next
 * {@link EnrollmentStep}; it performs no I/O. Its invariants:
 * <ol>
 *   <li>{@link EnrollmentStep.Enable} is only ever named with a {@link StoredSeed} that was read from the vault and
 *       belongs to that very device (serial and enrollment id); a seed written in this reconcile is read back and
 *       compared first.</li>
 *   <li>A device is deleted only if it is ours (tagged with an enrollment id), unassigned, and has no stored
 *       seed, or AWS refused to enable it for root. An assigned device is never touched.</li>
 *   <li>At most one device exists at our serial, so a crash at any step converges to one device and one seed.</li>
 * </ol>
 */
public final class Enrollment {

  /** Codes refused this many times in one reconcile end it; the next reconcile starts afresh from the stored seed. */
  public static final int MAX_ENABLE_ATTEMPTS = 2;

  private Enrollment() {
  }

  public static EnrollmentStep next(EnrollmentState s) {
    if (s.fresh().isPresent()) {
      return new EnrollmentStep.StoreSeed(s.fresh().get());
    }
    if (s.written().isPresent()) {
      FreshDevice written = s.written().get();
      boolean readBackMatches = s.storedSeed()
          .filter(stored -> stored.deviceSerial().equals(written.serialNumber())
              && stored.enrollmentId().equals(written.enrollmentId()))
          .filter(stored -> stored.seed().sameAs(written.seed()))
          .isPresent();
      if (!readBackMatches) {
        return s.storedSeed().isPresent() && s.storedSeed().get().enrollmentId().equals(written.enrollmentId())
            ? new EnrollmentStep.Halt(Verdict.stalled(Reason.AwsUnavailable,
                "the seed read back from Secrets Manager differs from the seed written; not enabling the device"))
            : new EnrollmentStep.ReadBackSeed(written);
      }
    }
    if (s.device().isEmpty()) {
      return s.rootApiRefused() ? new EnrollmentStep.Halt(rootRefusedVerdict()) : new EnrollmentStep.CreateDevice();
    }
    VirtualDevice device = s.device().get();
    if (device.isAssigned()) {
      return device.assignedTo().get().equals(s.target().describe())
          ? new EnrollmentStep.Verify()
          : new EnrollmentStep.Halt(Verdict.stalled(Reason.DeviceNameTaken, "device " + device.serialNumber()
              + " is already enabled for " + device.assignedTo().get() + "; choose another spec.device.name"));
    }
    if (!device.isOurs()) {
      return new EnrollmentStep.Halt(Verdict.stalled(Reason.DeviceNameTaken, "an unassigned device "
          + device.serialNumber() + " exists that this operator did not create; it is left untouched: delete it "
          + "or choose another spec.device.name"));
    }
    if (s.rootApiRefused()) {
      return new EnrollmentStep.DeleteDevice(device.serialNumber(),
          "AWS refused to enable MFA for root through the API");
    }
    boolean seedIsDurable = s.storedSeed().filter(stored -> stored.belongsTo(device)).isPresent();
    if (!seedIsDurable) {
      return new EnrollmentStep.DeleteDevice(device.serialNumber(),
          "unassigned device of ours without a stored seed (an interrupted enrollment)");
    }
    if (s.enableAttempts() >= MAX_ENABLE_ATTEMPTS) {
      return new EnrollmentStep.Halt(Verdict.inFlight(Reason.Enrolling, "AWS refused the authentication codes "
          + s.enableAttempts() + " times; retrying from the stored seed"));
    }
    return new EnrollmentStep.Enable(device, s.storedSeed().get());
  }

  static Verdict rootRefusedVerdict() {
    return Verdict.stalled(Reason.RootApiEnrollmentUnsupported, "AWS refused to enable MFA for the root user "
        + "through the API, as it documents: root MFA can only be enabled in the AWS console. The operator "
        + "deleted the unassigned device it created and will not retry until the spec changes. Enroll root in "
        + "the console, or target a break-glass IAM user (spec.target.iamUser)");
  }
}
