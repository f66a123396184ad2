package io.rootmfa.operator.workflow;

import java.util.Optional;

/**
 * Everything the enrollment decides on, observed afresh before each step.
 *
 * @param owner the policy enrolling; devices and documents must be its own
 * @param accountId the policy's account
 * @param target root or an IAM user
 * @param device the device at our deterministic serial, if IAM lists one
 * @param storedSeed the custody document last read from the vault, if there is one
 * @param fresh a device created in this reconcile whose seed is not yet written
 * @param written a seed written in this reconcile and not yet confirmed by a read-back
 * @param enableAttempts how many times EnableMFADevice was refused for a bad code for this device
 * @param rootApiRefused AWS refused to enable MFA for root through the API in this reconcile
 * @param readBackDiffers the read-back of the written seed returned something else than what was
 *     written
 */
public record EnrollmentState(
    PolicyRef owner,
    String accountId,
    TargetRef target,
    Optional<VirtualDevice> device,
    Optional<StoredSeed> storedSeed,
    Optional<FreshDevice> fresh,
    Optional<FreshDevice> written,
    int enableAttempts,
    boolean rootApiRefused,
    boolean readBackDiffers) {

  public static EnrollmentState initial(
      PolicyRef owner,
      String accountId,
      TargetRef target,
      Optional<VirtualDevice> device,
      Optional<StoredSeed> storedSeed) {
    return new EnrollmentState(
        owner,
        accountId,
        target,
        device,
        storedSeed,
        Optional.empty(),
        Optional.empty(),
        0,
        false,
        false);
  }

  /** What the ownership rule says about writing over the current document. */
  public Custody.Judgement custody() {
    boolean documentDeviceEnabled =
        storedSeed.isPresent()
            && device
                .filter(VirtualDevice::isAssigned)
                .map(d -> storedSeed.get().names(d.serialNumber()))
                .orElse(false);
    return Custody.judge(
        storedSeed.map(StoredSeed::document), owner, accountId, target, documentDeviceEnabled);
  }

  public EnrollmentState withDevice(Optional<VirtualDevice> d) {
    return new EnrollmentState(
        owner,
        accountId,
        target,
        d,
        storedSeed,
        fresh,
        written,
        enableAttempts,
        rootApiRefused,
        readBackDiffers);
  }

  public EnrollmentState withStoredSeed(Optional<StoredSeed> s) {
    return new EnrollmentState(
        owner,
        accountId,
        target,
        device,
        s,
        fresh,
        written,
        enableAttempts,
        rootApiRefused,
        readBackDiffers);
  }

  /** Refused codes remembered from earlier reconciles of the same device. */
  public EnrollmentState withEnableAttempts(int attempts) {
    return new EnrollmentState(
        owner,
        accountId,
        target,
        device,
        storedSeed,
        fresh,
        written,
        attempts,
        rootApiRefused,
        readBackDiffers);
  }

  public EnrollmentState withFresh(FreshDevice f) {
    // A new device starts with no refused codes.
    return new EnrollmentState(
        owner,
        accountId,
        target,
        device,
        storedSeed,
        Optional.of(f),
        Optional.empty(),
        0,
        rootApiRefused,
        false);
  }

  /** The fresh seed was written; it now waits for its read-back. */
  public EnrollmentState seedWritten() {
    return new EnrollmentState(
        owner,
        accountId,
        target,
        device,
        storedSeed,
        Optional.empty(),
        fresh,
        enableAttempts,
        rootApiRefused,
        false);
  }

  /**
   * The secret was created by someone else between our read and our write, and re-reading it found
   * a document this policy may not write over: the fresh seed is dropped (never written), so the
   * fresh device is an unassigned device of ours without a seed, and the custody check halts the
   * enrollment.
   */
  public EnrollmentState custodyTaken(StoredSeed current) {
    return new EnrollmentState(
        owner,
        accountId,
        target,
        device,
        Optional.of(current),
        Optional.empty(),
        Optional.empty(),
        enableAttempts,
        rootApiRefused,
        false);
  }

  /**
   * The result of reading the written seed back: confirmed when it is the same device, enrollment
   * and seed, otherwise recorded as a difference (and never enabled on).
   */
  public EnrollmentState readBack(StoredSeed back) {
    FreshDevice w = written.orElseThrow(() -> new IllegalStateException("no seed was written"));
    boolean same =
        back.names(w.serialNumber())
            && back.enrollmentId().equals(w.enrollmentId())
            && back.document().owner().map(owner::isSamePolicy).orElse(false)
            && back.seed().sameAs(w.seed());
    return same
        ? seedConfirmed(back)
        : new EnrollmentState(
            owner,
            accountId,
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
        owner,
        accountId,
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
    return withEnableAttempts(enableAttempts + 1);
  }

  public EnrollmentState rootRefused() {
    return new EnrollmentState(
        owner,
        accountId,
        target,
        device,
        storedSeed,
        fresh,
        written,
        enableAttempts,
        true,
        readBackDiffers);
  }
}
