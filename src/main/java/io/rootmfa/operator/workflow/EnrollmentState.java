package io.rootmfa.operator.workflow;

import java.util.Optional;
import lombok.With;

/**
 * Everything the enrollment decides on, observed afresh before each step. Immutable: Lombok's
 * {@code @With} writes one copy-with-one-change method per component ({@code withDevice}, {@code
 * withFresh}, …), and the transitions below say what happened in terms of them.
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
@With
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

  /** A device created in this reconcile, its seed only in memory; it has no refused codes yet. */
  public EnrollmentState deviceCreated(FreshDevice f) {
    return withFresh(Optional.of(f))
        .withWritten(Optional.empty())
        .withEnableAttempts(0)
        .withReadBackDiffers(false);
  }

  /** The fresh seed was written; it now waits for its read-back. */
  public EnrollmentState seedWritten() {
    return withWritten(fresh).withFresh(Optional.empty()).withReadBackDiffers(false);
  }

  /**
   * The secret was created by someone else between our read and our write, and re-reading it found
   * a document this policy may not write over: the fresh seed is dropped (never written), so the
   * fresh device is an unassigned device of ours without a seed, and the custody check halts the
   * enrollment.
   */
  public EnrollmentState custodyTaken(StoredSeed current) {
    return withStoredSeed(Optional.of(current))
        .withFresh(Optional.empty())
        .withWritten(Optional.empty())
        .withReadBackDiffers(false);
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
    return same ? seedConfirmed(back) : withStoredSeed(Optional.of(back)).withReadBackDiffers(true);
  }

  /** The read-back matched: the seed is durable. */
  public EnrollmentState seedConfirmed(StoredSeed readBack) {
    return withStoredSeed(Optional.of(readBack))
        .withFresh(Optional.empty())
        .withWritten(Optional.empty());
  }

  public EnrollmentState codeRefused() {
    return withEnableAttempts(enableAttempts + 1);
  }

  public EnrollmentState rootRefused() {
    return withRootApiRefused(true);
  }
}
