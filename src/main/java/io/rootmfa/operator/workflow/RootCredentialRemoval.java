package io.rootmfa.operator.workflow;

import java.time.Instant;
import java.util.Optional;

/**
 * The decision of a policy that reaches root through {@code sts:AssumeRoot}: report, or remove the
 * next root credential. Removal ({@code remediation: RemoveRootCredentials}) happens only in
 * Enforce, only inside an open break-glass window, one credential per step — the password first,
 * then access keys, then signing certificates — and the caller re-audits before every step, so a
 * crash anywhere resumes from what AWS says is left. There is no step that touches an MFA device: a
 * device is never deactivated or deleted.
 */
public final class RootCredentialRemoval {

  /**
   * What AWS documents about password recovery once a member's root credentials are gone under
   * centralized root access (IAM User Guide, "Centralize root access for member accounts").
   */
  public static final String PASSWORD_RECOVERY =
      "Under centralized root access AWS documents that a member account's root user without "
          + "credentials cannot sign in or perform password recovery; to sign in as root again, the "
          + "management account or IAM's delegated administrator must allow password recovery "
          + "(sts:AssumeRoot with IAMCreateRootUserPassword), after which whoever reads the root "
          + "user's e-mail inbox can reset the password";

  private RootCredentialRemoval() {}

  /** One credential to delete, in the member account, with IAMDeleteRootUserCredentials. */
  public sealed interface Step {
    /** The IAM action the step calls, e.g. {@code iam:DeleteLoginProfile}. */
    String action();

    /** What the step removes, for Events. */
    String describe();
  }

  /** {@code iam:DeleteLoginProfile}: root's console password. */
  public record DeleteLoginProfile() implements Step {
    public String action() {
      return "iam:DeleteLoginProfile";
    }

    public String describe() {
      return "the root user's password";
    }
  }

  /** {@code iam:DeleteAccessKey}. */
  public record DeleteAccessKey(String accessKeyId) implements Step {
    public String action() {
      return "iam:DeleteAccessKey";
    }

    public String describe() {
      return "root access key " + accessKeyId;
    }
  }

  /** {@code iam:DeleteSigningCertificate}. */
  public record DeleteSigningCertificate(String certificateId) implements Step {
    public String action() {
      return "iam:DeleteSigningCertificate";
    }

    public String describe() {
      return "root signing certificate " + certificateId;
    }
  }

  /** The outcome of one decision. */
  public sealed interface Decision {}

  /** Nothing to remove now: report this verdict. */
  public record Report(Verdict verdict) implements Decision {}

  /** Remove this credential, then re-audit and decide again. */
  public record Remove(Step step) implements Decision {}

  /**
   * Decides for the member account's root.
   *
   * @param accountId the member account, for messages
   * @param root what the audit session found
   * @param removalRequested Enforce with {@code remediation: RemoveRootCredentials}
   * @param window the approved break-glass window, if any
   */
  public static Decision decide(
      String accountId,
      RootCredentials root,
      boolean removalRequested,
      Optional<BreakGlassWindow> window,
      Instant now) {
    boolean open = window.map(w -> w.isOpenAt(now)).orElse(false);
    if (removalRequested && open && !root.noneRemovable()) {
      return new Remove(nextStep(root));
    }
    if (root.mfaEnabled()) {
      return new Report(Verdict.compliant(TargetRef.root()));
    }
    if (root.cannotSignIn()) {
      return new Report(notApplicable(accountId, root));
    }
    if (!removalRequested) {
      return new Report(
          Verdict.settled(
              Reason.NonCompliant,
              "the root user of account "
                  + accountId
                  + " has "
                  + root.describeRemovable()
                  + " and no MFA (mode Audit: reporting only)",
              false));
    }
    return new Report(
        Verdict.settled(
            Reason.AwaitingBreakGlass,
            "the root user of account "
                + accountId
                + " has "
                + root.describeRemovable()
                + " and no MFA; removing them waits for an open spec.breakGlass window"
                + window.flatMap(w -> w.whyClosedAt(now)).map(why -> " (" + why + ")").orElse(""),
            false));
  }

  /** The management account's root is never reached through AssumeRoot, and never remediated. */
  public static Verdict managementAccountRefused(String accountId) {
    return Verdict.stalled(
        Reason.InvalidSpec,
        "account "
            + accountId
            + " is the organization's management account: sts:AssumeRoot cannot open root "
            + "sessions in it, and the operator never removes its root credentials; audit it with "
            + "credentials.assumeRole or secretRef instead");
  }

  private static Verdict notApplicable(String accountId, RootCredentials root) {
    String certificates =
        root.signingCertificateIds().isEmpty()
            ? "no password, access keys or signing certificates"
            : "no password or access keys ("
                + root.signingCertificateIds().size()
                + " signing certificate(s) remain)";
    return Verdict.settled(
        Reason.NotApplicable,
        "the root user of account "
            + accountId
            + " has "
            + certificates
            + ", so it cannot sign in; compliant as AWS Config judges it. "
            + PASSWORD_RECOVERY,
        false);
  }

  private static Step nextStep(RootCredentials root) {
    if (root.passwordPresent()) {
      return new DeleteLoginProfile();
    }
    if (!root.accessKeyIds().isEmpty()) {
      return new DeleteAccessKey(root.accessKeyIds().stream().sorted().findFirst().orElseThrow());
    }
    return new DeleteSigningCertificate(
        root.signingCertificateIds().stream().sorted().findFirst().orElseThrow());
  }
}
