package io.rootmfa.operator.workflow;

/**
 * One action of the enrollment. The reconciler performs it, observes again, and asks for the next.
 * The interface is sealed: an interpreter dispatches with a pattern {@code switch}, which does not
 * compile until it handles every step.
 */
public sealed interface EnrollmentStep {

  /**
   * No device at our serial: create one (tagged with a new enrollment id and this policy). Its seed
   * exists only in memory.
   */
  record CreateDevice() implements EnrollmentStep {}

  /**
   * Write the fresh device's seed to the vault: the only Secrets Manager write of an enrollment.
   */
  record StoreSeed(FreshDevice device) implements EnrollmentStep {}

  /** Read the seed back from the vault; nothing is enabled on a seed that was not read back. */
  record ReadBackSeed(FreshDevice written) implements EnrollmentStep {}

  /** Enable the device with two consecutive codes generated from the stored, read-back seed. */
  record Enable(VirtualDevice device, StoredSeed seed) implements EnrollmentStep {}

  /**
   * Delete an unassigned device of ours: an orphan without a stored seed, or one AWS refused to
   * enable.
   */
  record DeleteDevice(String serialNumber, String why) implements EnrollmentStep {}

  /** The device is enabled for the target: audit once more to confirm what AWS now reports. */
  record Verify() implements EnrollmentStep {}

  /**
   * Stop this reconcile and report; the verdict says whether it will retry by itself or needs a
   * person.
   */
  record Halt(Verdict verdict) implements EnrollmentStep {}
}
