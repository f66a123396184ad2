package io.rootmfa.operator.emulator;

/**
 * How the emulator treats {@code EnableMFADevice} aimed at the account's root user (a call without
 * {@code UserName}).
 *
 * <p>{@link #REFUSED} is what AWS documents today: MFA for the root user can only be enabled in the
 * console, and {@code EnableMFADevice} requires {@code UserName}. The emulator then answers exactly
 * like AWS answers a missing required member: {@code ValidationError}, HTTP 400, Query fault type
 * {@code Sender}, with AWS's validation wording followed by a short explanation:
 *
 * <pre>{@value #REFUSED_MESSAGE}</pre>
 *
 * No state changes; {@code AccountMFAEnabled} stays 0.
 *
 * <p>{@link #ALLOWED} models the design's hypothetical API enrollment: a call without {@code
 * UserName} made with any credentials acting in the account (root, IAM user, or assumed role)
 * targets the root user, and a valid code pair assigns the device to {@code
 * arn:aws:iam::<account>:root}.
 */
public enum RootApiMode {
  /** A call without {@code UserName} assigns the device to the root user. */
  ALLOWED,
  /**
   * A call without {@code UserName} fails with {@code ValidationError} (AWS's documented reality).
   */
  REFUSED;

  /** The exact message returned in {@link #REFUSED} mode. */
  public static final String REFUSED_MESSAGE =
      "1 validation error detected: Value null at 'userName' failed to "
          + "satisfy constraint: Member must not be null (MFA for the root user can only be enabled in the "
          + "AWS Management Console)";
}
