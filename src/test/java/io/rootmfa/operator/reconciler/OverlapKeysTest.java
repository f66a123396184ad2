package io.rootmfa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.it.Policies;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where two Enforce policies' seeds would land in one secret, their overlap keys meet, so the older
 * one proceeds and the other is DuplicatePolicy before any write; that includes the custody account
 * the platform configured for every policy that names none.
 */
class OverlapKeysTest {
  private static final String CUSTODY = "999999999999";

  /** An Enforce policy in {@code account} whose seed secret is named {@code secret}. */
  private static RootMfaPolicy policy(String name, String account, String secret) {
    RootMfaPolicy p =
        Serialization.unmarshal(
            Policies.enforce(name, account, Policies.ROOT, "keys", Policies.OPEN)
                .replace("rootmfa/" + account + "/" + name, secret),
            RootMfaPolicy.class);
    p.getMetadata().setNamespace("team-a");
    return p;
  }

  @Test
  void twoMemberAccountsWithOneSecretNameMeetInTheDefaultCustodyAccount() {
    RootMfaPolicy a = policy("a", "111111111111", "rootmfa/shared");
    RootMfaPolicy b = policy("b", "222222222222", "rootmfa/shared");

    assertThat(PolicyView.overlapKeys(a, Optional.of(CUSTODY)))
        .containsAnyElementsOf(PolicyView.overlapKeys(b, Optional.of(CUSTODY)))
        .contains("secret:" + CUSTODY + "/us-east-1/rootmfa/shared");
  }

  @Test
  void withoutACustodyAccountEachSecretIsInItsOwnAccount() {
    RootMfaPolicy a = policy("a", "111111111111", "rootmfa/shared");
    RootMfaPolicy b = policy("b", "222222222222", "rootmfa/shared");

    assertThat(PolicyView.overlapKeys(a, Optional.empty()))
        .doesNotContainAnyElementsOf(PolicyView.overlapKeys(b, Optional.empty()))
        .contains("secret:111111111111/us-east-1/rootmfa/shared");
  }
}
