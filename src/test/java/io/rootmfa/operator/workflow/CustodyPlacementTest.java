package io.rootmfa.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CustodyPlacementTest {
  private static final String CUSTODY = "777788889999";
  private static final CustodyAccount ACCOUNT =
      new CustodyAccount(
          CUSTODY,
          "arn:aws:iam::777788889999:role/RootMfaSeedCustodian",
          Optional.empty(),
          "arn:aws:iam::777788889999:role/RootMfaBreakGlass",
          Optional.of("alias/rootmfa-seed"),
          false,
          List.of("us-east-1"));
  private static final CustodyPlacement.Accounts CONFIGURED =
      new CustodyPlacement.Accounts(Map.of(CUSTODY, ACCOUNT), Optional.empty());

  private static CustodyPlacement.Placement place(
      CustodyPlacement.Accounts accounts,
      Optional<String> requested,
      String region,
      Optional<String> key,
      boolean requireKey) {
    return CustodyPlacement.place(accounts, requested, region, key, requireKey);
  }

  private static Verdict refused(CustodyPlacement.Placement p) {
    assertThat(p).isInstanceOf(CustodyPlacement.Refused.class);
    Verdict v = ((CustodyPlacement.Refused) p).verdict();
    assertThat(v.stalled()).isTrue();
    assertThat(v.observed()).as("nothing was asked of AWS").isFalse();
    return v;
  }

  @Test
  void withoutACustodyAccountTheSeedStaysInThePolicysAccount() {
    assertThat(place(CONFIGURED, Optional.empty(), "us-east-1", Optional.of("k"), false))
        .isEqualTo(new CustodyPlacement.MemberAccount(Optional.of("k")));
  }

  @Test
  void aConfiguredCustodyAccountIsUsedWithItsKeyUnlessThePolicyNamesOne() {
    assertThat(place(CONFIGURED, Optional.of(CUSTODY), "us-east-1", Optional.empty(), false))
        .isEqualTo(new CustodyPlacement.Custody(ACCOUNT, Optional.of("alias/rootmfa-seed")));
    assertThat(place(CONFIGURED, Optional.of(CUSTODY), "us-east-1", Optional.of("mrk-1"), false))
        .isEqualTo(new CustodyPlacement.Custody(ACCOUNT, Optional.of("mrk-1")));
  }

  @Test
  void theDefaultCustodyAccountAppliesToPoliciesThatNameNone() {
    var withDefault = new CustodyPlacement.Accounts(Map.of(CUSTODY, ACCOUNT), Optional.of(CUSTODY));
    assertThat(place(withDefault, Optional.empty(), "us-east-1", Optional.empty(), false))
        .isInstanceOf(CustodyPlacement.Custody.class);
  }

  @Test
  void anAccountThePlatformDidNotConfigureIsRefused() {
    Verdict v =
        refused(
            place(CONFIGURED, Optional.of("123456789012"), "us-east-1", Optional.empty(), false));
    assertThat(v.reason()).isEqualTo(Reason.CustodyAccountNotConfigured);
    assertThat(v.message()).contains("123456789012").contains(CUSTODY);
  }

  @Test
  void aRegionTheCustodyAccountIsNotConfiguredForIsRefused() {
    Verdict v =
        refused(place(CONFIGURED, Optional.of(CUSTODY), "eu-west-1", Optional.empty(), false));
    assertThat(v.reason()).isEqualTo(Reason.CustodyAccountNotConfigured);
    assertThat(v.message()).contains("eu-west-1");
  }

  @Test
  void aRequiredCustomerManagedKeyIsNeverTheAwsManagedOne() {
    assertThat(
            refused(place(CONFIGURED, Optional.empty(), "us-east-1", Optional.empty(), true))
                .reason())
        .isEqualTo(Reason.CustomerManagedKeyRequired);
    assertThat(
            refused(
                    place(
                        CONFIGURED,
                        Optional.of(CUSTODY),
                        "us-east-1",
                        Optional.of("alias/aws/secretsmanager"),
                        true))
                .reason())
        .isEqualTo(Reason.CustomerManagedKeyRequired);
    var strict =
        new CustodyAccount(
            CUSTODY,
            ACCOUNT.roleArn(),
            Optional.empty(),
            ACCOUNT.readerRoleArn(),
            Optional.empty(),
            true,
            List.of());
    assertThat(
            refused(
                    place(
                        new CustodyPlacement.Accounts(Map.of(CUSTODY, strict), Optional.empty()),
                        Optional.of(CUSTODY),
                        "us-east-1",
                        Optional.empty(),
                        false))
                .reason())
        .isEqualTo(Reason.CustomerManagedKeyRequired);
  }

  @Test
  void aCustodyRoleOfAnotherAccountOrAnUnknownDefaultIsAConfigurationError() {
    assertThatThrownBy(
            () ->
                new CustodyAccount(
                    CUSTODY,
                    "arn:aws:iam::444455556666:role/Elsewhere",
                    Optional.empty(),
                    ACCOUNT.readerRoleArn(),
                    Optional.empty(),
                    false,
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CustodyPlacement.Accounts(Map.of(), Optional.of(CUSTODY)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
