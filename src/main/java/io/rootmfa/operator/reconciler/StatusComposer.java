package io.rootmfa.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.rootmfa.operator.api.DeviceStatus;
import io.rootmfa.operator.api.RootMfaPolicyStatus;
import io.rootmfa.operator.api.SeedStatus;
import io.rootmfa.operator.workflow.BreakGlassWindow;
import io.rootmfa.operator.workflow.Reason;
import io.rootmfa.operator.workflow.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the next status from a verdict, following the Kubernetes API conventions: every condition
 * carries type, status, CamelCase reason, message and observedGeneration, and keeps its
 * lastTransitionTime unless its status flips. lastCheckedAt moves only when something else changes,
 * or when it is older than the refresh period, so that a reconcile that changes nothing writes
 * nothing.
 */
final class StatusComposer {
  static final String READY = "Ready";
  static final String MFA_ENABLED = "MfaEnabled";
  static final String SEED_STORED = "SeedStored";
  static final String BREAK_GLASS_ACTIVE = "BreakGlassActive";
  static final String RECONCILING = "Reconciling";
  static final String STALLED = "Stalled";

  private final Duration refresh;

  StatusComposer(Duration refresh) {
    this.refresh = refresh;
  }

  /** What the reconcile found, beyond the verdict. */
  record Findings(
      String target,
      Optional<DeviceStatus> device,
      Optional<SeedStatus> seed,
      Optional<BreakGlassWindow> window) {}

  RootMfaPolicyStatus compose(
      RootMfaPolicyStatus previous, long generation, Verdict verdict, Findings found, Instant now) {
    RootMfaPolicyStatus prev = previous == null ? new RootMfaPolicyStatus() : previous;
    RootMfaPolicyStatus next = new RootMfaPolicyStatus();
    next.setObservedGeneration(generation);
    next.setTarget(found.target());
    next.setMfaEnabled(verdict.mfaEnabled());
    next.setDevice(verdict.mfaEnabled() ? found.device().orElse(null) : null);
    next.setSeed(found.seed().orElse(null));
    String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
    List<Condition> conditions = new ArrayList<>();
    conditions.add(
        condition(
            prev,
            READY,
            verdict.ready(),
            verdict.reason().name(),
            verdict.message(),
            generation,
            at));
    conditions.add(mfaCondition(prev, verdict, generation, at));
    conditions.add(seedCondition(prev, found.seed(), generation, at));
    conditions.add(windowCondition(prev, found.window(), now, generation, at));
    conditions.add(
        condition(
            prev,
            RECONCILING,
            verdict.reconciling(),
            verdict.reconciling() ? verdict.reason().name() : "ReconcileComplete",
            verdict.reconciling() ? verdict.message() : "no enrollment in flight",
            generation,
            at));
    conditions.add(
        condition(
            prev,
            STALLED,
            stalled(verdict),
            stalled(verdict) ? verdict.reason().name() : "Progressing",
            stalled(verdict) ? verdict.message() : "not stalled",
            generation,
            at));
    next.setConditions(conditions);

    next.setLastCheckedAt(prev.getLastCheckedAt());
    boolean changed = !Objects.equals(withoutCheckTime(next), withoutCheckTime(prev));
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

  private static RootMfaPolicyStatus withoutCheckTime(RootMfaPolicyStatus s) {
    RootMfaPolicyStatus c = new RootMfaPolicyStatus();
    c.setObservedGeneration(s.getObservedGeneration());
    c.setTarget(s.getTarget());
    c.setMfaEnabled(s.getMfaEnabled());
    c.setDevice(s.getDevice());
    c.setSeed(s.getSeed());
    c.setConditions(s.getConditions());
    return c;
  }

  private static Condition mfaCondition(RootMfaPolicyStatus prev, Verdict v, long gen, String at) {
    if (v.mfaEnabled()) {
      return condition(prev, MFA_ENABLED, true, "MfaEnabled", "AWS reports MFA enabled", gen, at);
    }
    if (v.reason() == Reason.NotApplicable) {
      return condition(
          prev, MFA_ENABLED, false, "NotApplicable", "root has no credentials to protect", gen, at);
    }
    return condition(
        prev,
        MFA_ENABLED,
        false,
        "MfaNotEnabled",
        "AWS reports no MFA device for the target",
        gen,
        at);
  }

  private static Condition seedCondition(
      RootMfaPolicyStatus prev, Optional<SeedStatus> seed, long gen, String at) {
    return seed.map(
            s ->
                condition(
                    prev,
                    SEED_STORED,
                    true,
                    "SeedStored",
                    "the seed is kept in Secrets Manager secret "
                        + s.getSecretArn()
                        + " version "
                        + s.getVersionId(),
                    gen,
                    at))
        .orElseGet(
            () ->
                condition(
                    prev,
                    SEED_STORED,
                    false,
                    "NoSeedStored",
                    "the operator holds no seed for this target",
                    gen,
                    at));
  }

  private static Condition windowCondition(
      RootMfaPolicyStatus prev,
      Optional<BreakGlassWindow> window,
      Instant now,
      long gen,
      String at) {
    if (window.isEmpty()) {
      return condition(
          prev, BREAK_GLASS_ACTIVE, false, "NoWindow", "spec.breakGlass is not set", gen, at);
    }
    BreakGlassWindow w = window.get();
    return w.isOpenAt(now)
        ? condition(
            prev,
            BREAK_GLASS_ACTIVE,
            true,
            "WindowOpen",
            "ticket " + w.ticket() + " approved by " + w.approvedBy() + " until " + w.expiresAt(),
            gen,
            at)
        : condition(
            prev,
            BREAK_GLASS_ACTIVE,
            false,
            "WindowExpired",
            "the window of ticket " + w.ticket() + " expired at " + w.expiresAt(),
            gen,
            at);
  }

  private static Condition condition(
      RootMfaPolicyStatus prev,
      String type,
      boolean status,
      String reason,
      String message,
      long generation,
      String at) {
    String s = status ? "True" : "False";
    String since =
        prev.getConditions() == null
            ? at
            : prev.getConditions().stream()
                .filter(
                    c ->
                        type.equals(c.getType())
                            && s.equals(c.getStatus())
                            && c.getLastTransitionTime() != null)
                .map(Condition::getLastTransitionTime)
                .findFirst()
                .orElse(at);
    return new ConditionBuilder()
        .withType(type)
        .withStatus(s)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }
}
