package io.rootmfa.operator.workflow;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Asked immediately before every AWS write: may a write start now? The enrollment reaches AWS only
 * through ports wrapped by {@link #guard(MfaDevices)} and {@link #guard(SeedCustody)}, so every
 * write method of a port asks first and a new write cannot forget to; an adapter that waits before
 * it writes (Secrets Manager pacing) asks again after the wait. A refused write is not made: {@link
 * WriteRefused} carries the verdict to report instead.
 */
@FunctionalInterface
public interface WriteGate {

  /** Why no AWS write may start now; empty when one may. */
  Optional<Verdict> refusal();

  /** A gate that never refuses (audits, tests of other rules). */
  WriteGate OPEN = Optional::empty;

  /** Throws {@link WriteRefused} when a write may not start now. */
  default void check() {
    Optional<Verdict> refused = refusal();
    if (refused.isPresent()) {
      throw new WriteRefused(refused.get());
    }
  }

  /** Refuses when either gate refuses; this one is asked first. */
  default WriteGate and(WriteGate other) {
    return () -> refusal().or(other::refusal);
  }

  /**
   * The break-glass window, judged at {@code awsNow} each time it is asked: no write starts before
   * {@code startsAt}, at or after {@code expiresAt}, or in a window longer than the cluster allows.
   */
  static WriteGate window(
      TargetRef target, Optional<BreakGlassWindow> window, Supplier<Instant> awsNow) {
    return () -> {
      Instant now = awsNow.get();
      return window.isPresent() && window.get().isOpenAt(now)
          ? Optional.empty()
          : Optional.of(awaitingWindow(target, window, now));
    };
  }

  /** The verdict of an Enforce policy without MFA whose window is absent or not open. */
  static Verdict awaitingWindow(TargetRef target, Optional<BreakGlassWindow> window, Instant now) {
    return Verdict.settled(
        Reason.AwaitingBreakGlass,
        "MFA is not enabled for "
            + target.describe()
            + "; "
            + window
                .flatMap(w -> w.whyClosedAt(now))
                .orElse("enrollment waits for an approved spec.breakGlass window"),
        false);
  }

  /** The device port with every write asking this gate first; reads pass through. */
  default MfaDevices guard(MfaDevices devices) {
    WriteGate gate = this;
    return new MfaDevices() {
      @Override
      public AuditResult audit(TargetRef target, boolean nameDevice) {
        return devices.audit(target, nameDevice);
      }

      @Override
      public Optional<VirtualDevice> find(String path, String name) {
        return devices.find(path, name);
      }

      @Override
      public FreshDevice create(
          String path, String name, String enrollmentId, Map<String, String> tags) {
        gate.check();
        return devices.create(path, name, enrollmentId, tags);
      }

      @Override
      public EnableOutcome enable(
          TargetRef target, String serialNumber, String firstCode, String secondCode) {
        gate.check();
        return devices.enable(target, serialNumber, firstCode, secondCode);
      }

      @Override
      public void delete(String serialNumber) {
        gate.check();
        devices.delete(serialNumber);
      }
    };
  }

  /** The custody port with every write asking this gate first; reads pass through. */
  default SeedCustody guard(SeedCustody custody) {
    WriteGate gate = this;
    return new SeedCustody() {
      @Override
      public Contents observe() {
        return custody.observe();
      }

      @Override
      public StoredSeed readVersion(String versionId) {
        return custody.readVersion(versionId);
      }

      @Override
      public WriteOutcome write(SeedDocument document, boolean secretExists)
          throws InterruptedException {
        gate.check();
        return custody.write(document, secretExists);
      }
    };
  }

  /** A write that was not made, and the verdict to report. Carries no stack trace: not a bug. */
  final class WriteRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Verdict verdict;

    public WriteRefused(Verdict verdict) {
      super(verdict.reason().name(), null, false, false);
      this.verdict = verdict;
    }

    public Verdict verdict() {
      return verdict;
    }
  }
}
