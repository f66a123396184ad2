package io.rootmfa.operator;

import io.rootmfa.operator.workflow.CustodyAccount;
import io.rootmfa.operator.workflow.CustodyPlacement;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The custody accounts the platform team configures (chart value {@code custody}), e.g.
 *
 * <pre>
 * rootmfa.custody.accounts."777788889999".role-arn=arn:aws:iam::777788889999:role/RootMfaSeedCustodian
 * rootmfa.custody.accounts."777788889999".reader-role-arn=arn:aws:iam::777788889999:role/RootMfaBreakGlass
 * rootmfa.custody.accounts."777788889999".kms-key-id=alias/rootmfa-seed
 * rootmfa.custody.accounts."777788889999".require-customer-managed-key=true
 * rootmfa.custody.default-account=777788889999
 * </pre>
 *
 * Tenants pick one by id; they never name a role (docs/design.md §3.5).
 */
@ConfigMapping(prefix = "rootmfa.custody")
public interface CustodyConfig {

  /** Custody accounts by 12-digit account id. */
  Map<String, Account> accounts();

  /** The custody account of every policy that names none. */
  Optional<String> defaultAccount();

  /** One custody account. */
  interface Account {
    /** The role the operator assumes there (the enroller of the secrets' resource policy). */
    String roleArn();

    /** The external id that role's trust requires, if any. */
    Optional<String> externalId();

    /** The break-glass reader role, the only other principal that may read a seed. */
    String readerRoleArn();

    /** The customer-managed KMS key of the seeds there, for policies that name none. */
    Optional<String> kmsKeyId();

    /** Refuse to store a seed there with the aws/secretsmanager key. */
    @WithDefault("false")
    boolean requireCustomerManagedKey();

    /** The regions seeds may be kept in there; absent means any. */
    Optional<List<String>> regions();
  }

  /** The configuration as the workflow reads it; fails at startup when it is inconsistent. */
  default CustodyPlacement.Accounts toAccounts() {
    return new CustodyPlacement.Accounts(
        accounts().entrySet().stream()
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey,
                    e ->
                        new CustodyAccount(
                            e.getKey(),
                            e.getValue().roleArn(),
                            e.getValue().externalId(),
                            e.getValue().readerRoleArn(),
                            e.getValue().kmsKeyId(),
                            e.getValue().requireCustomerManagedKey(),
                            e.getValue().regions().orElse(List.of())))),
        defaultAccount());
  }
}
