package io.rootmfa.operator.workflow;

import io.rootmfa.operator.api.v1alpha1.Mode;
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
      return missing(policy, Reason.NonCompliant, " (mode Audit: reporting only)");
    }
    if (!policy.seedStoreConfigured()) {
      return new Report(
          Verdict.stalled(
              Reason.InvalidSpec,
              "mode Enforce requires spec.seedStore; refusing to enroll without a place to keep the seed"));
    }
    if (policy.window().isEmpty() || !policy.window().get().isOpenAt(now)) {
      return new Report(WriteGate.awaitingWindow(policy.target(), policy.window(), now));
    }
    BreakGlassWindow window = policy.window().get();
    if (policy.rootByConsole()) {
      return new Report(
          policy
              .seedCustodyAccount()
              .map(PolicyDecision::consoleCannotReachCustody)
              .orElseGet(() -> awaitingConsoleEnrollment(policy.policy(), window)));
    }
    if (policy.target().isRoot() && policy.rootRefusedForThisGeneration()) {
      return new Report(Enrollment.rootRefusedVerdict());
    }
    return new Enroll();
  }

  /** MFA is missing and the operator does not act on it now: a report that says why. */
  private static Report missing(PolicyFacts policy, Reason reason, String why) {
    return new Report(
        Verdict.settled(
            reason, "MFA is not enabled for " + policy.target().describe() + why, false));
  }

  /**
   * Root is enrolled by a person in the console (AWS allows nothing else): the operator writes
   * nothing and names the command that keeps the seed in custody.
   */
  static Verdict awaitingConsoleEnrollment(PolicyRef policy, BreakGlassWindow window) {
    return Verdict.settled(
        Reason.AwaitingConsoleEnrollment,
        "MFA is not enabled for root, and AWS enables root MFA only in the console: inside the "
            + "window of ticket "
            + window.ticket()
            + " (until "
            + window.expiresAt()
            + "), sign in to the console as root and run `"
            + consoleEnrollCommand(policy)
            + "` next to it; it keeps the seed in custody and gives the two codes. The operator "
            + "makes no IAM write for root",
        false);
  }

  /**
   * Root is enrolled in the console, and its seed belongs in a custody account (named by the policy
   * or the platform's default), which the console-enrollment command does not reach: the seed would
   * land in the member account, where its administrators can read it. Nothing is written.
   */
  static Verdict consoleCannotReachCustody(String custodyAccount) {
    return Verdict.stalled(
        Reason.ConsoleCustodyUnsupported,
        "MFA is not enabled for root, and AWS enables root MFA only in the console, with the seed "
            + "kept by `rootmfa console-enroll`, which writes to the member account's Secrets "
            + "Manager only; this policy's seed belongs in custody account "
            + custodyAccount
            + ", which the command does not reach. Nothing was written; the platform team decides "
            + "where root's seed is kept (rootmfa.custody)");
  }

  /** The exact command a person runs for a console-assisted enrollment of this policy. */
  public static String consoleEnrollCommand(PolicyRef policy) {
    return "rootmfa console-enroll -n " + policy.namespace() + " " + policy.name();
  }
}
