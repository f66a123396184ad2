package io.rootmfa.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicyStatus;
import io.rootmfa.operator.api.v1alpha1.SeedStatus;
import io.rootmfa.operator.it.Policies;
import io.rootmfa.operator.reconciler.PolicyView;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The CLI learns that a seed lives in the platform's default custody account (which only the
 * operator's configuration names) from where the operator stored it, and refuses to look for it in
 * the member account.
 */
class StoredElsewhereTest {
  private static final String MEMBER = "111111111111";

  private static RootMfaPolicy storedAt(String secretArn) {
    RootMfaPolicy p =
        Serialization.unmarshal(
            Policies.enforce("bg", MEMBER, Policies.iamUser("breakglass"), "keys", Policies.OPEN),
            RootMfaPolicy.class);
    p.getMetadata().setNamespace("team-a");
    if (secretArn != null) {
      SeedStatus seed = new SeedStatus();
      seed.setSecretArn(secretArn);
      RootMfaPolicyStatus status = new RootMfaPolicyStatus();
      status.setSeed(seed);
      p.setStatus(status);
    }
    return p;
  }

  private static Optional<String> elsewhere(RootMfaPolicy p) {
    return PolicyOptions.storedElsewhere(p, PolicyView.of(p));
  }

  @Test
  void aSeedStoredInAnotherAccountNamesThatAccount() {
    assertThat(
            elsewhere(
                storedAt(
                    "arn:aws:secretsmanager:us-east-1:777788889999:secret:rootmfa/111111111111/bg-AbCdEf")))
        .contains("777788889999");
  }

  @Test
  void aSeedInTheMemberAccountOrNotYetStoredIsNotElsewhere() {
    assertThat(
            elsewhere(
                storedAt(
                    "arn:aws:secretsmanager:us-east-1:" + MEMBER + ":secret:rootmfa/x/bg-AbCdEf")))
        .isEmpty();
    assertThat(elsewhere(storedAt(null))).isEmpty();
    assertThat(elsewhere(storedAt("not-an-arn"))).isEmpty();
  }
}
