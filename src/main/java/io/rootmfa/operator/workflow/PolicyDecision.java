package io.rootmfa.operator.workflow;

import io.rootmfa.operator.api.Mode;
import java.time.Instant;

/**
 * The first decision of every reconcile: is the target compliant, and if not, may the operator act?
 */
public sealed interface PolicyDecision {

  /** Nothing to do but report. */
  record Report(Verdict verdict) implements PolicyDecision {}

  /** Enforce, MFA missing, window open: run the enrollment. */
  record Enroll() implements PolicyDecision {}

  static PolicyDecision decide(PolicyFacts policy, AuditResult audit, Instant now) {
    if (audit.mfaEnabled()) {
      return new Report(Verdict.compliant(policy.target()));
    }
    if (audit.notApplicable()) {
      return new Report(
          Verdict.settled(
              Reason.NotApplicable,
              "root has no password and no access keys, so it cannot sign in; compliant as AWS Config judges it",
              false));
    }
    if (policy.mode() == Mode.Audit) {
      return new Report(
          Verdict.settled(
              Reason.NonCompliant,
              "MFA is not enabled for "
                  + policy.target().describe()
                  + " (mode Audit: reporting only)",
              false));
    }
    if (!policy.seedStoreConfigured()) {
      return new Report(
          Verdict.stalled(
              Reason.InvalidSpec,
              "mode Enforce requires spec.seedStore; refusing to enroll without a place to keep the seed"));
    }
    if (policy.window().isEmpty()) {
      return new Report(
          Verdict.settled(
              Reason.AwaitingBreakGlass,
              "MFA is not enabled for "
                  + policy.target().describe()
                  + "; enrollment waits for an approved spec.breakGlass window",
              false));
    }
    BreakGlassWindow window = policy.window().get();
    if (!window.isOpenAt(now)) {
      return new Report(
          Verdict.settled(
              Reason.AwaitingBreakGlass,
              "MFA is not enabled for "
                  + policy.target().describe()
                  + "; the break-glass window of ticket "
                  + window.ticket()
                  + " expired at "
                  + window.expiresAt(),
              false));
    }
    if (policy.target().isRoot() && policy.rootRefusedForThisGeneration()) {
      return new Report(Enrollment.rootRefusedVerdict());
    }
    return new Enroll();
  }
}
