package io.rootmfa.operator.emulator;

/**
 * Whom an MFA device is assigned to.
 *
 * @param label {@code root} or {@code iamUser/<name>} (the operator's target naming)
 * @param arn the user ARN ({@code arn:aws:iam::<acct>:root} for root)
 * @param userName the IAM user name, {@code null} for root
 */
public record MfaTarget(String label, String arn, String userName) {

  static MfaTarget root(String accountId) {
    return new MfaTarget("root", "arn:aws:iam::" + accountId + ":root", null);
  }

  static MfaTarget user(IamUser user) {
    return new MfaTarget("iamUser/" + user.userName(), user.arn(), user.userName());
  }

  /** True when the target is the root user. */
  public boolean isRoot() {
    return userName == null;
  }
}
