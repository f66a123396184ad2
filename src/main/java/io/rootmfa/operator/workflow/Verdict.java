package io.rootmfa.operator.workflow;

/**
 * The outcome of one reconcile, as the status will tell it.
 *
 * @param reason the Ready condition's reason
 * @param message a sentence for people; never a secret
 * @param mfaEnabled whether AWS said MFA is enabled for the target
 * @param stalled true when progress needs a person (kstatus Stalled)
 * @param reconciling true while a multi-step enrollment is in flight (kstatus Reconciling)
 */
public record Verdict(
    Reason reason, String message, boolean mfaEnabled, boolean stalled, boolean reconciling) {

  public boolean ready() {
    return reason.ready();
  }

  public static Verdict settled(Reason reason, String message, boolean mfaEnabled) {
    return new Verdict(reason, message, mfaEnabled, false, false);
  }

  /** The one Compliant verdict, whether found by an audit or reached by an enrollment. */
  public static Verdict compliant(TargetRef target) {
    return settled(Reason.Compliant, "MFA is enabled for " + target.describe(), true);
  }

  public static Verdict stalled(Reason reason, String message) {
    return new Verdict(reason, message, false, true, false);
  }

  public static Verdict inFlight(Reason reason, String message) {
    return new Verdict(reason, message, false, false, true);
  }
}
