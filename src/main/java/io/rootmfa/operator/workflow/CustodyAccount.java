package io.rootmfa.operator.workflow;

import java.util.List;
import java.util.Optional;

/**
 * A custody account configured by the platform team (rootmfa.custody.accounts), never by a tenant:
 * a security account that keeps the seeds of member accounts out of their administrators' reach. A
 * tenant only picks one by id (spec.seedStore.secretsManager.custodyAccount), so a policy cannot
 * point the operator's custody role at an account or role of its choosing.
 *
 * @param accountId the custody account
 * @param roleArn the role the operator assumes there to write and read seeds (the enroller)
 * @param externalId the external id that role's trust requires, if any
 * @param readerRoleArn the break-glass reader: the only other principal the secret's resource
 *     policy lets read a seed
 * @param kmsKeyId the customer-managed KMS key of the seeds there, when a policy names none
 * @param requireCustomerManagedKey refuse to store a seed there with the aws/secretsmanager key
 * @param regions the regions seeds may be kept in; empty means any
 */
public record CustodyAccount(
    String accountId,
    String roleArn,
    Optional<String> externalId,
    String readerRoleArn,
    Optional<String> kmsKeyId,
    boolean requireCustomerManagedKey,
    List<String> regions) {

  public CustodyAccount {
    if (!accountId.matches("[0-9]{12}")) {
      throw new IllegalArgumentException("a custody account id must be 12 digits: " + accountId);
    }
    if (!roleArn.startsWith("arn:aws:iam::" + accountId + ":role/")) {
      throw new IllegalArgumentException(
          "the custody role of account " + accountId + " must be a role of that account");
    }
    if (!readerRoleArn.matches("arn:aws:iam::[0-9]{12}:role/.+")) {
      throw new IllegalArgumentException(
          "the break-glass reader of custody account " + accountId + " must be a role ARN");
    }
    regions = List.copyOf(regions);
  }
}
