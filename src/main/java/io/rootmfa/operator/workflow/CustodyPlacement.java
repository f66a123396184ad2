package io.rootmfa.operator.workflow;

import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Where a policy's seed is kept, and with which key: the policy's own account, or a custody account
 * the platform configured. Pure. A policy names a custody account only by id; an id the platform
 * did not configure (or not for the policy's region) is refused before any AWS call, because
 * letting a tenant name the account or the role would let it borrow the operator's custody role (a
 * confused deputy). A seed that must be encrypted with a customer-managed key is never stored with
 * the aws/secretsmanager key.
 */
public final class CustodyPlacement {

  /** The AWS managed key Secrets Manager uses when no key is named. */
  static final String AWS_MANAGED_KEY = "alias/aws/secretsmanager";

  private CustodyPlacement() {}

  /** The answer of {@link #place}. */
  public sealed interface Placement {}

  /** In the policy's own account (no custody account requested or configured by default). */
  public record MemberAccount(Optional<String> kmsKeyId) implements Placement {}

  /** In a configured custody account, with this key (empty: aws/secretsmanager). */
  public record Custody(CustodyAccount account, Optional<String> kmsKeyId) implements Placement {}

  /** Nowhere: a person must fix the spec or the operator's configuration; nothing is called. */
  public record Refused(Verdict verdict) implements Placement {}

  /** The platform's configuration: the custody accounts, and the default one if any. */
  public record Accounts(Map<String, CustodyAccount> byId, Optional<String> defaultAccount) {
    public Accounts {
      byId = Map.copyOf(byId);
      if (defaultAccount.isPresent() && !byId.containsKey(defaultAccount.get())) {
        throw new IllegalArgumentException(
            "the default custody account " + defaultAccount.get() + " is not configured");
      }
    }

    public static Accounts none() {
      return new Accounts(Map.of(), Optional.empty());
    }
  }

  /**
   * @param accounts what the platform configured
   * @param requested spec.seedStore.secretsManager.custodyAccount
   * @param region the region the seed is written in
   * @param kmsKeyId spec.seedStore.secretsManager.kmsKeyId
   * @param requireCustomerManagedKey spec.seedStore.secretsManager.requireCustomerManagedKey
   */
  public static Placement place(
      Accounts accounts,
      Optional<String> requested,
      String region,
      Optional<String> kmsKeyId,
      boolean requireCustomerManagedKey) {
    Optional<String> chosen = requested.or(accounts::defaultAccount);
    if (chosen.isEmpty()) {
      return refusedKey(kmsKeyId, requireCustomerManagedKey, "the policy")
          .<Placement>map(Refused::new)
          .orElseGet(() -> new MemberAccount(kmsKeyId));
    }
    CustodyAccount account = accounts.byId().get(chosen.get());
    if (account == null) {
      return new Refused(
          Verdict.unobserved(
              Reason.CustodyAccountNotConfigured,
              "custody account "
                  + chosen.get()
                  + " is not one the operator is configured for ("
                  + (accounts.byId().isEmpty()
                      ? "none are"
                      : "configured: " + String.join(", ", new TreeSet<>(accounts.byId().keySet())))
                  + "); nothing was called. Name a configured account in"
                  + " spec.seedStore.secretsManager.custodyAccount, or ask the platform team to add"
                  + " it to rootmfa.custody.accounts",
              true));
    }
    if (!account.regions().isEmpty() && !account.regions().contains(region)) {
      return new Refused(
          Verdict.unobserved(
              Reason.CustodyAccountNotConfigured,
              "custody account "
                  + account.accountId()
                  + " is configured for regions "
                  + account.regions()
                  + ", not "
                  + region
                  + "; nothing was called",
              true));
    }
    Optional<String> key = kmsKeyId.or(account::kmsKeyId);
    return refusedKey(
            key,
            requireCustomerManagedKey || account.requireCustomerManagedKey(),
            "custody account " + account.accountId())
        .<Placement>map(Refused::new)
        .orElseGet(() -> new Custody(account, key));
  }

  private static Optional<Verdict> refusedKey(
      Optional<String> key, boolean customerManagedRequired, String who) {
    if (!customerManagedRequired || key.filter(k -> !isAwsManaged(k)).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        Verdict.unobserved(
            Reason.CustomerManagedKeyRequired,
            who
                + " requires the seed to be encrypted with a customer-managed KMS key, and "
                + key.map(k -> k + " is the AWS managed key").orElse("no key is named")
                + "; nothing was written. Set spec.seedStore.secretsManager.kmsKeyId (e.g."
                + " alias/rootmfa-seed), or configure the custody account's key",
            true));
  }

  /** True for the AWS managed key of Secrets Manager, by alias or alias ARN. */
  static boolean isAwsManaged(String kmsKeyId) {
    return kmsKeyId.equals(AWS_MANAGED_KEY) || kmsKeyId.endsWith(":" + AWS_MANAGED_KEY);
  }
}
