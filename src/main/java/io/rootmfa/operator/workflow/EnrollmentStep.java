package io.rootmfa.operator.workflow;

/**
 * One action of the enrollment. The reconciler performs it, observes again, and asks for the next.
 * Dispatch is through {@link Visitor}: a new step does not compile until every interpreter handles
 * it.
 */
public sealed interface EnrollmentStep {

  <R> R accept(Visitor<R> visitor) throws InterruptedException;

  /** Handles every step; one method per kind. */
  interface Visitor<R> {
    R createDevice(CreateDevice step) throws InterruptedException;

    R storeSeed(StoreSeed step) throws InterruptedException;

    R readBackSeed(ReadBackSeed step) throws InterruptedException;

    R enable(Enable step) throws InterruptedException;

    R deleteDevice(DeleteDevice step) throws InterruptedException;

    R verify(Verify step) throws InterruptedException;

    R halt(Halt step) throws InterruptedException;
  }

  /**
   * No device at our serial: create one (tagged with a new enrollment id and this policy). Its seed
   * exists only in memory.
   */
  record CreateDevice() implements EnrollmentStep {
    @Override
    public <R> R accept(Visitor<R> v) throws InterruptedException {
      return v.createDevice(this);
    }
  }

  /**
   * Write the fresh device's seed to the vault: the only Secrets Manager write of an enrollment.
   */
  record StoreSeed(FreshDevice device) implements EnrollmentStep {
    @Override
    public <R> R accept(Visitor<R> v) throws InterruptedException {
      return v.storeSeed(this);
    }
  }

  /** Read the seed back from the vault; nothing is enabled on a seed that was not read back. */
  record ReadBackSeed(FreshDevice written) implements EnrollmentStep {
    @Override
    public <R> R accept(Visitor<R> v) throws InterruptedException {
      return v.readBackSeed(this);
    }
  }

  /** Enable the device with two consecutive codes generated from the stored, read-back seed. */
  record Enable(VirtualDevice device, StoredSeed seed) implements EnrollmentStep {
    @Override
    public <R> R accept(Visitor<R> v) throws InterruptedException {
      return v.enable(this);
    }
  }

  /**
   * Delete an unassigned device of ours: an orphan without a stored seed, or one AWS refused to
   * enable.
   */
  record DeleteDevice(String serialNumber, String why) implements EnrollmentStep {
    @Override
    public <R> R accept(Visitor<R> v) throws InterruptedException {
      return v.deleteDevice(this);
    }
  }

  /** The device is enabled for the target: audit once more to confirm what AWS now reports. */
  record Verify() implements EnrollmentStep {
    @Override
    public <R> R accept(Visitor<R> v) throws InterruptedException {
      return v.verify(this);
    }
  }

  /**
   * Stop this reconcile and report; the verdict says whether it will retry by itself or needs a
   * person.
   */
  record Halt(Verdict verdict) implements EnrollmentStep {
    @Override
    public <R> R accept(Visitor<R> v) throws InterruptedException {
      return v.halt(this);
    }
  }
}
