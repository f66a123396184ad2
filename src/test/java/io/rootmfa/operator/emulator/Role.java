package io.rootmfa.operator.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * An IAM role and its trust.
 *
 * @param accountId owning account
 * @param roleName the role name
 * @param roleId {@code AROA…}
 * @param arn {@code arn:aws:iam::<account>:role/<name>}
 * @param externalId the external id the trust policy requires, or {@code null} for none
 * @param trustedPrincipals principal ARNs allowed to assume; {@code arn:aws:iam::<acct>:root} means
 *     any principal of that account; empty means any principal the emulator knows
 * @param maxSessionDuration the role's maximum session duration
 * @param createDate creation time
 * @param allowsTagSession the trust policy also allows {@code sts:TagSession}, which AWS requires
 *     of an AssumeRole that passes session tags
 */
public record Role(
    String accountId,
    String roleName,
    String roleId,
    String arn,
    String externalId,
    Set<String> trustedPrincipals,
    Duration maxSessionDuration,
    Instant createDate,
    boolean allowsTagSession) {

  boolean trusts(Principal caller) {
    if (trustedPrincipals.isEmpty()) {
      return true;
    }
    String callerArn =
        caller.kind() == Principal.Kind.ASSUMED_ROLE
            ? "arn:aws:iam::" + caller.accountId() + ":role/" + caller.name()
            : caller.arn();
    return trustedPrincipals.contains(callerArn)
        || trustedPrincipals.contains("arn:aws:iam::" + caller.accountId() + ":root");
  }
}
