package io.rootmfa.operator.reconciler;

import static io.rootmfa.operator.reconciler.StatusConditions.condition;

import io.fabric8.kubernetes.api.model.Condition;
import io.rootmfa.operator.api.v1alpha1.DeviceStatus;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicyStatus;
import io.rootmfa.operator.api.v1alpha1.SeedStatus;
import io.rootmfa.operator.workflow.AuditResult;
import io.rootmfa.operator.workflow.BreakGlassWindow;
import io.rootmfa.operator.workflow.Reason;
import io.rootmfa.operator.workflow.StoredSeed;
import io.rootmfa.operator.workflow.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Builds the next status from a verdict, following the Kubernetes API conventions: every condition
 * carries type, status, CamelCase reason, message and observedGeneration, and keeps its
 * lastTransitionTime unless its status flips. lastCheckedAt moves only when something else changes,
 * or when it is older than the refresh period, so that a reconcile that changes nothing writes
 * nothing.
 */
final class StatusComposer {
  static final String READY = StatusConditions.READY;
  static final String MFA_ENABLED = "MfaEnabled";
  static final String SEED_STORED = "SeedStored";
  static final String BREAK_GLASS_ACTIVE = "BreakGlassActive";

  /** The BreakGlassActive reason (and Event) of a window longer than the cluster allows. */
  static final String WINDOW_TOO_LONG = "BreakGlassWindowTooLong";

  static final String RECONCILING = StatusConditions.RECONCILING;
  static final String STALLED = StatusConditions.STALLED;
  private static final String UNKNOWN = "Unknown";

  private final Duration refresh;

  StatusComposer(Duration refresh) {
    this.refresh = refresh;
  }

  /**
   * What the reconcile found, beyond the verdict. When the verdict is unobserved, {@code device}
   * and {@code seed} are what the previous status held.
   *
   * @param orphanDevice an unassigned device of this policy left by an interrupted enrollment
   */
  record Findings(
      @Nullable String target,
      Optional<DeviceStatus> device,
      Optional<SeedStatus> seed,
      Optional<BreakGlassWindow> window,
      Optional<String> orphanDevice,
      Optional<Instant> awsTime) {

    /** Without AWS's time: the window is judged at the reconcile's local time. */
    Findings(
        @Nullable String target,
        Optional<DeviceStatus> device,
        Optional<SeedStatus> seed,
        Optional<BreakGlassWindow> window,
        Optional<String> orphanDevice) {
      this(target, device, seed, window, orphanDevice, Optional.empty());
    }
  }

  /** The one mapping from an audited device to its status. */
  static DeviceStatus deviceStatus(AuditResult.AssignedDevice d) {
    return new DeviceStatus(d.serialNumber(), d.enabledAt().map(Object::toString).orElse(null));
  }

  /** The one mapping from a read custody document to its status: where, when, for which device. */
  static SeedStatus seedStatus(StoredSeed s) {
    return new SeedStatus(
        s.secretArn(),
        s.versionId(),
        s.storedAt().toString(),
        s.document().deviceSerial().orElse(null));
  }

  RootMfaPolicyStatus compose(
      RootMfaPolicyStatus previous, long generation, Verdict verdict, Findings found, Instant now) {
    RootMfaPolicyStatus prev = previous == null ? new RootMfaPolicyStatus() : previous;
    RootMfaPolicyStatus next = new RootMfaPolicyStatus();
    next.setObservedGeneration(generation);
    next.setTarget(found.target());
    // What could not be observed keeps its last observed value; the conditions say Unknown.
    boolean observed = verdict.observed();
    next.setMfaEnabled(observed ? Boolean.valueOf(verdict.mfaEnabled()) : prev.getMfaEnabled());
    Optional<DeviceStatus> device =
        observed && !verdict.mfaEnabled() ? Optional.empty() : found.device();
    next.setDevice(device.orElse(null));
    next.setSeed(found.seed().orElse(null));
    next.setOrphanDevice(found.orphanDevice().orElse(null));
    String at = StatusConditions.at(now);
    List<Condition> conditions = new ArrayList<>();
    conditions.add(
        condition(
            prev.getConditions(),
            READY,
            verdict.ready(),
            verdict.reason().name(),
            verdict.message()
                + found
                    .orphanDevice()
                    .map(
                        d ->
                            ". An unassigned device "
                                + d
                                + " of this policy was left by an interrupted enrollment; it is "
                                + "removed inside the next open break-glass window")
                    .orElse(""),
            generation,
            at));
    if (observed) {
      conditions.add(mfa(verdict).as(prev, MFA_ENABLED, generation, at));
      conditions.add(
          seed(found.seed(), device, verdict.mfaEnabled()).as(prev, SEED_STORED, generation, at));
    } else {
      String why = "AWS could not be asked (" + verdict.reason() + "); last observed value kept";
      for (String type : List.of(MFA_ENABLED, SEED_STORED)) {
        conditions.add(
            condition(
                prev.getConditions(), type, UNKNOWN, verdict.reason().name(), why, generation, at));
      }
    }
    // The window is judged at AWS's time when AWS answered, as the decision and every write were.
    conditions.add(
        window(found.window(), found.awsTime().orElse(now))
            .as(prev, BREAK_GLASS_ACTIVE, generation, at));
    conditions.add(
        StatusConditions.reconciling(
            prev.getConditions(),
            verdict.reconciling(),
            verdict.reason().name(),
            verdict.message(),
            "no enrollment in flight",
            generation,
            at));
    conditions.add(
        StatusConditions.stalled(
            prev.getConditions(),
            stalled(verdict),
            verdict.reason().name(),
            verdict.message(),
            generation,
            at));
    next.setConditions(conditions);

    // next carries prev's check time here, so equality compares everything else.
    next.setLastCheckedAt(prev.getLastCheckedAt());
    boolean changed = !next.equals(prev);
    boolean stale =
        prev.getLastCheckedAt() == null
            || Instant.parse(prev.getLastCheckedAt()).plus(refresh).isBefore(now);
    if (changed || stale) {
      next.setLastCheckedAt(at);
    }
    return next;
  }

  /**
   * kstatus Stalled: progress needs a person. An Audit policy that found no MFA does too (it never
   * enrolls), so kstatus computes Failed for it, as Argo CD's health says Degraded.
   */
  static boolean stalled(Verdict verdict) {
    return verdict.stalled() || verdict.reason() == Reason.NonCompliant;
  }

  /** What one condition says: its status, reason and message. */
  private record Said(boolean status, String reason, String message) {
    Condition as(RootMfaPolicyStatus prev, String type, long gen, String at) {
      return condition(prev.getConditions(), type, status, reason, message, gen, at);
    }
  }

  private static Said mfa(Verdict v) {
    if (v.mfaEnabled()) {
      return new Said(true, "MfaEnabled", "AWS reports MFA enabled");
    }
    if (v.reason() == Reason.NotApplicable) {
      return new Said(false, "NotApplicable", "root has no credentials to protect");
    }
    return new Said(false, "MfaNotEnabled", "AWS reports no MFA device for the target");
  }

  /**
   * SeedStored is True only while the stored document names the device assigned to the target now:
   * a seed of a deleted or swapped-out device is no custody of anything.
   */
  private static Said seed(
      Optional<SeedStatus> seed, Optional<DeviceStatus> assigned, boolean mfaEnabled) {
    if (seed.isEmpty() && mfaEnabled) {
      return new Said(
          false,
          Reason.SeedNotInCustody.name(),
          "MFA is enabled for the target"
              + assigned.map(d -> " (device " + d.getSerialNumber() + ")").orElse("")
              + ", but its seed is not in the operator's custody (a phone or a hardware key?)");
    }
    if (seed.isEmpty()) {
      return new Said(false, "NoSeedStored", "the operator holds no seed for this target");
    }
    SeedStatus s = seed.get();
    String where =
        "the seed in Secrets Manager secret "
            + s.getSecretArn()
            + " version "
            + s.getVersionId()
            + " is for device "
            + s.getDeviceSerial();
    if (assigned.isEmpty()) {
      return new Said(
          false,
          "NoDeviceEnabled",
          where + ", and no device of the operator is enabled for the target");
    }
    if (s.getDeviceSerial() == null) {
      return new Said(
          false,
          Reason.SeedNotInCustody.name(),
          "the seed in Secrets Manager secret "
              + s.getSecretArn()
              + " is pending: a console enrollment stored it and has not yet named the device "
              + "enabled now, "
              + assigned.get().getSerialNumber());
    }
    if (!java.util.Objects.equals(assigned.get().getSerialNumber(), s.getDeviceSerial())) {
      return new Said(
          false,
          "SeedOfAnotherDevice",
          where + ", not for the device enabled now, " + assigned.get().getSerialNumber());
    }
    // The primary holds the seed: SeedStored stays True, and says which replica does not.
    String replicas =
        s.getReplicaProblem() == null
            ? ""
            : "; the seed is stored in the primary region but " + s.getReplicaProblem();
    return new Said(true, "SeedStored", where + ", enabled now" + replicas);
  }

  private static Said window(Optional<BreakGlassWindow> window, Instant now) {
    if (window.isEmpty()) {
      return new Said(false, "NoWindow", "spec.breakGlass is not set");
    }
    BreakGlassWindow w = window.get();
    BreakGlassWindow.State state = w.stateAt(now);
    return state == BreakGlassWindow.State.OPEN
        ? new Said(
            true,
            "WindowOpen",
            "ticket "
                + w.ticket()
                + " approved by "
                + w.approvedBy()
                + " from "
                + w.startsAt()
                + " until "
                + w.expiresAt())
        : new Said(false, windowReason(state), w.whyClosedAt(now).orElseThrow());
  }

  /** The BreakGlassActive reason of a window that is not open. */
  static String windowReason(BreakGlassWindow.State state) {
    return switch (state) {
      case OPEN -> "WindowOpen";
      case NOT_STARTED -> "WindowNotStarted";
      case EXPIRED -> "WindowExpired";
      case TOO_LONG -> WINDOW_TOO_LONG;
    };
  }
}
