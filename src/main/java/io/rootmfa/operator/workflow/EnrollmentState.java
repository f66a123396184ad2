package io.rootmfa.operator.workflow;

import java.util.Optional;

/**
 * Everything the enrollment decides on, observed afresh before each step.
 *
 * @param target root or an IAM user
 * @param device the device at our deterministic serial, if IAM lists one
 * @param storedSeed the seed last read from the vault, if there is one
 * @param fresh a device created in this reconcile whose seed is not yet written
 * @param written a seed written in this reconcile and not yet confirmed by a read-back
 * @param enableAttempts how many times EnableMFADevice was refused for a bad code in this reconcile
 * @param rootApiRefused AWS refused to enable MFA for root through the API in this reconcile
 * @param readBackDiffers the read-back of the written seed returned something else than what was
 *     written
 */
public record EnrollmentState(
    TargetRef target,
    Optional<VirtualDevice> device,
    Optional<StoredSeed> storedSeed,
    Optional<FreshDevice> fresh,
    Optional<FreshDevice> written,
    int enableAttempts,
    boolean rootApiRefused,
    boolean readBackDiffers) {

  public static EnrollmentState initial(
      TargetRef target, Optional<VirtualDevice> device, Optional<StoredSeed> storedSeed) {
    return new EnrollmentState(
        target, device, storedSeed, Optional.empty(), Optional.empty(), 0, false, false);
  }

  public EnrollmentState withDevice(Optional<VirtualDevice> d) {
    return new EnrollmentState(
        target, d, storedSeed, fresh, written, enableAttempts, rootApiRefused, readBackDiffers);
  }

  public EnrollmentState withStoredSeed(Optional<StoredSeed> s) {
    return new EnrollmentState(
        target, device, s, fresh, written, enableAttempts, rootApiRefused, readBackDiffers);
  }

  public EnrollmentState withFresh(FreshDevice f) {
    // A new device starts with no refused codes.
    return new EnrollmentState(
        target, device, storedSeed, Optional.of(f), Optional.empty(), 0, rootApiRefused, false);
  }

  /** The fresh seed was written; it now waits for its read-back. */
  public EnrollmentState seedWritten() {
    return new EnrollmentState(
        target, device, storedSeed, Optional.empty(), fresh, enableAttempts, rootApiRefused, false);
  }

  /**
   * The result of reading the written seed back: confirmed when it is the same device, enrollment
   * and seed, otherwise recorded as a difference (and never enabled on).
   */
  public EnrollmentState readBack(StoredSeed back) {
    FreshDevice w = written.orElseThrow(() -> new IllegalStateException("no seed was written"));
    boolean same =
        back.deviceSerial().equals(w.serialNumber())
            && back.enrollmentId().equals(w.enrollmentId())
            && back.seed().sameAs(w.seed());
    return same
        ? seedConfirmed(back)
        : new EnrollmentState(
            target,
            device,
            Optional.of(back),
            fresh,
            written,
            enableAttempts,
            rootApiRefused,
            true);
  }

  /** The read-back matched: the seed is durable. */
  public EnrollmentState seedConfirmed(StoredSeed readBack) {
    return new EnrollmentState(
        target,
        device,
        Optional.of(readBack),
        Optional.empty(),
        Optional.empty(),
        enableAttempts,
        rootApiRefused,
        readBackDiffers);
  }

  public EnrollmentState codeRefused() {
    return new EnrollmentState(
        target,
        device,
        storedSeed,
        fresh,
        written,
        enableAttempts + 1,
        rootApiRefused,
        readBackDiffers);
  }

  public EnrollmentState rootRefused() {
    return new EnrollmentState(
        target, device, storedSeed, fresh, written, enableAttempts, true, readBackDiffers);
  }
}
