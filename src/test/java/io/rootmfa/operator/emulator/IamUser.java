package io.rootmfa.operator.emulator;

import java.time.Instant;

/**
 * An IAM user.
 *
 * @param accountId owning account
 * @param userName the user name
 * @param userId {@code AIDA…}
 * @param arn {@code arn:aws:iam::<account>:user/<name>}
 * @param createDate creation time
 */
public record IamUser(
    String accountId, String userName, String userId, String arn, Instant createDate) {

  Principal principal() {
    return new Principal(Principal.Kind.IAM_USER, accountId, arn, userId, userName);
  }

  MfaTarget target() {
    return MfaTarget.user(this);
  }
}
