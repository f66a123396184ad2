package io.rootmfa.operator.emulator;

/**
 * Who is calling: the account's root user, an IAM user, or an assumed-role session.
 *
 * @param kind what kind of principal
 * @param accountId the 12-digit account the principal acts in
 * @param arn the caller ARN as {@code GetCallerIdentity} reports it
 * @param userId the caller user id as {@code GetCallerIdentity} reports it
 * @param name user name, role name, or {@code null} for root
 */
public record Principal(Kind kind, String accountId, String arn, String userId, String name) {

  /** Principal kinds. */
  public enum Kind {
    ROOT,
    IAM_USER,
    ASSUMED_ROLE
  }

  static Principal root(String accountId) {
    return new Principal(
        Kind.ROOT, accountId, "arn:aws:iam::" + accountId + ":root", accountId, null);
  }

  /** True for the account's root user. */
  public boolean isRoot() {
    return kind == Kind.ROOT;
  }
}
