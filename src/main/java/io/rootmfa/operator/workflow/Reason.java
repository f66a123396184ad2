package io.rootmfa.operator.workflow;

/** Why a policy is, or is not, Ready: the CamelCase reason of the Ready condition. */
public enum Reason {
  /** MFA is enabled for the target. */
  Compliant(true),
  /**
   * Root has no password and no access keys: nobody can sign in as root, which AWS judges
   * compliant.
   */
  NotApplicable(true),
  /** Audit mode found no MFA. */
  NonCompliant(false),
  /** Enforce found no MFA and there is no open break-glass window. */
  AwaitingBreakGlass(false),
  /**
   * Enforce root by console (spec.target.root.enrollment Console), window open, no MFA yet: waits
   * for a person to run {@code rootmfa console-enroll}; the operator makes no IAM write.
   */
  AwaitingConsoleEnrollment(false),
  /**
   * Root by console, window open, no MFA, but the seed belongs in a custody account, which {@code
   * rootmfa console-enroll} does not reach: nothing is written until a person decides.
   */
  ConsoleCustodyUnsupported(false),
  /**
   * MFA is enabled, but the seed of the enabled device is not in the operator's custody (a phone, a
   * hardware key); not Ready only with spec.requireCustody.
   */
  SeedNotInCustody(false),
  /** An enrollment is in flight and will continue on the next reconcile. */
  Enrolling(false),
  /** AWS refused to enable MFA for root through the API, as it documents. */
  RootApiEnrollmentUnsupported(false),
  /** The device name the policy asks for is taken by a device this operator did not create. */
  DeviceNameTaken(false),
  /**
   * The seed secret holds the custody of another device (another policy's, another target's, or an
   * enabled device's): nothing is written.
   */
  SeedSecretInUse(false),
  /**
   * An older policy protects the same account and target, or keeps its seed in the same secret:
   * this one makes no AWS write.
   */
  DuplicatePolicy(false),
  /**
   * The policy names a custody account the operator is not configured for (or not in the policy's
   * region): no AWS call is made.
   */
  CustodyAccountNotConfigured(false),
  /**
   * The policy or its custody account requires a customer-managed KMS key and none (or the
   * aws/secretsmanager key) is named: nothing is written.
   */
  CustomerManagedKeyRequired(false),
  /**
   * No RootMfaAccountBinding permits the policy's namespace to target its account with its
   * credential kind: no AWS call is made until the platform team binds it.
   */
  AccountNotPermitted(false),
  /** AWS denied an action to the operator's identity. */
  AccessDenied(false),
  /** The spec names something that does not exist or cannot be used. */
  InvalidSpec(false),
  /** AWS could not be reached or kept failing; retried with backoff. */
  AwsUnavailable(false);

  private final boolean ready;

  Reason(boolean ready) {
    this.ready = ready;
  }

  public boolean ready() {
    return ready;
  }

  /**
   * Only a person can move a policy with this reason on: its Stalled condition is True (kstatus
   * Failed, Argo CD Degraded), as hack/kstatus/verdicts.txt says. An Audit policy without MFA
   * ({@code NonCompliant}) is among them, since Audit never enrolls.
   */
  public boolean stalled() {
    return switch (this) {
      case Compliant,
          NotApplicable,
          AwaitingBreakGlass,
          AwaitingConsoleEnrollment,
          Enrolling,
          AwsUnavailable ->
          false;
      case NonCompliant,
          ConsoleCustodyUnsupported,
          SeedNotInCustody,
          RootApiEnrollmentUnsupported,
          DeviceNameTaken,
          SeedSecretInUse,
          DuplicatePolicy,
          CustodyAccountNotConfigured,
          CustomerManagedKeyRequired,
          AccountNotPermitted,
          AccessDenied,
          InvalidSpec ->
          true;
    };
  }

  /**
   * The policy waits, on purpose, for an approved break-glass window or a person's console
   * enrollment: not stalled, not in progress (Argo CD Suspended, kstatus InProgress).
   */
  public boolean awaitsEnrollment() {
    return this == AwaitingBreakGlass || this == AwaitingConsoleEnrollment;
  }
}
