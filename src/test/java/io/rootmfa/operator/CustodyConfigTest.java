package io.rootmfa.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.workflow.CustodyAccount;
import io.rootmfa.operator.workflow.CustodyPlacement;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The environment variables the chart renders from its custody values become the custody accounts
 * (a map key is quoted in an environment variable name by double underscores).
 */
class CustodyConfigTest {

  @Test
  void theChartsEnvironmentVariablesConfigureTheCustodyAccounts() {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(CustodyConfig.class)
            .withSources(
                new EnvConfigSource(
                    Map.of(
                        "ROOTMFA_CUSTODY_ACCOUNTS__777788889999__ROLE_ARN",
                        "arn:aws:iam::777788889999:role/RootMfaSeedCustodian",
                        "ROOTMFA_CUSTODY_ACCOUNTS__777788889999__READER_ROLE_ARN",
                        "arn:aws:iam::777788889999:role/RootMfaBreakGlass",
                        "ROOTMFA_CUSTODY_ACCOUNTS__777788889999__EXTERNAL_ID",
                        "rootmfa-custody",
                        "ROOTMFA_CUSTODY_ACCOUNTS__777788889999__KMS_KEY_ID",
                        "alias/rootmfa-seed",
                        "ROOTMFA_CUSTODY_ACCOUNTS__777788889999__REQUIRE_CUSTOMER_MANAGED_KEY",
                        "true",
                        "ROOTMFA_CUSTODY_ACCOUNTS__777788889999__REGIONS",
                        "us-east-1,us-west-2",
                        "ROOTMFA_CUSTODY_DEFAULT_ACCOUNT",
                        "777788889999"),
                    300))
            .build();

    CustodyPlacement.Accounts accounts = config.getConfigMapping(CustodyConfig.class).toAccounts();

    assertThat(accounts)
        .isEqualTo(
            new CustodyPlacement.Accounts(
                Map.of(
                    "777788889999",
                    new CustodyAccount(
                        "777788889999",
                        "arn:aws:iam::777788889999:role/RootMfaSeedCustodian",
                        Optional.of("rootmfa-custody"),
                        "arn:aws:iam::777788889999:role/RootMfaBreakGlass",
                        Optional.of("alias/rootmfa-seed"),
                        true,
                        List.of("us-east-1", "us-west-2"))),
                Optional.of("777788889999")));
  }

  @Test
  void withoutConfigurationThereIsNoCustodyAccount() {
    SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(CustodyConfig.class).build();
    assertThat(config.getConfigMapping(CustodyConfig.class).toAccounts())
        .isEqualTo(CustodyPlacement.Accounts.none());
  }
}
