package io.rootmfa.operator.workflow;

/**
 * The outcome of one reconcile, as the status will tell it.
 *
 * @param reason the Ready condition's reason
 * @param message a sentence for people; never a secret
 * @param mfaEnabled whether AWS said MFA is enabled for the target (meaningful only when observed)
 * @param stalled true when progress needs a person (kstatus Stalled)
 * @param reconciling true while a multi-step enrollment is in flight (kstatus Reconciling)
 * @param observed true when AWS answered for the target in this reconcile; false when it could not
 *     be asked (an error, missing credentials, an overlapping policy), so the status keeps what it
 *     last observed and the conditions that depend on it become Unknown
 */
public record Verdict(
    Reason reason,
    String message,
    boolean mfaEnabled,
    boolean stalled,
    boolean reconciling,
    boolean observed) {

  public boolean ready() {
    return reason.ready();
  }

  public static Verdict settled(Reason reason, String message, boolean mfaEnabled) {
    return new Verdict(reason, message, mfaEnabled, false, false, true);
  }

  /** The one Compliant verdict, whether found by an audit or reached by an enrollment. */
  public static Verdict compliant(TargetRef target) {
    return settled(Reason.Compliant, "MFA is enabled for " + target.describe(), true);
  }

  public static Verdict stalled(Reason reason, String message) {
    return new Verdict(reason, message, false, true, false, true);
  }

  public static Verdict inFlight(Reason reason, String message) {
    return new Verdict(reason, message, false, false, true, true);
  }

  /**
   * AWS could not be asked about the target: nothing is known about MFA in this reconcile. Stalled
   * when a person must act, otherwise retried (Reconciling).
   */
  public static Verdict unobserved(Reason reason, String message, boolean stalled) {
    return new Verdict(reason, message, false, stalled, !stalled, false);
  }
}
