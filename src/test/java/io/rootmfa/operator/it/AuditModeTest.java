package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.CallRecord;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.RootApiMode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mode Audit on the real API server against the emulator: right conditions, and never a write call
 * to AWS.
 */
@Integration
class AuditModeTest {
  static final Set<String> WRITES = CallRecord.WRITE_OPERATIONS;
  static AwsEmulator aws;
  static OperatorRig rig;

  @BeforeAll
  static void start() {
    aws = AwsEmulator.builder().rootApiMode(RootApiMode.ALLOWED).start();
    rig = OperatorRig.start(aws, "audit");
  }

  @AfterAll
  static void stop() {
    rig.close();
    aws.close();
  }

  private AccessKey auditorKey(EmulatedAccount account) {
    account.createUser("auditor");
    return account.createAccessKey("auditor");
  }

  @Test
  void rootWithMfaIsCompliantAndNamesItsDevice() {
    EmulatedAccount account = aws.createAccount("100000000001");
    rig.keysSecret("keys-1", auditorKey(account));
    String serial = EmulatorFixtures.enableRootMfa(aws, account);

    RootMfaPolicy p =
        rig.apply(Policies.audit("compliant", "100000000001", Policies.ROOT, "keys-1"));
    p = rig.awaitReason("compliant", "Compliant");

    assertThat(Conditions.status(p, "Ready")).isEqualTo("True");
    assertThat(Conditions.status(p, "MfaEnabled")).isEqualTo("True");
    assertThat(p.getStatus().getMfaEnabled()).isTrue();
    assertThat(p.getStatus().getDevice().getSerialNumber()).isEqualTo(serial);
    assertNoWriteCalls("100000000001");
  }

  @Test
  void rootWithoutMfaIsNonCompliant() {
    EmulatedAccount account = aws.createAccount("100000000002");
    rig.keysSecret("keys-2", auditorKey(account));

    rig.apply(Policies.audit("noncompliant", "100000000002", Policies.ROOT, "keys-2"));
    RootMfaPolicy p = rig.awaitReason("noncompliant", "NonCompliant");

    assertThat(Conditions.status(p, "Ready")).isEqualTo("False");
    assertThat(Conditions.status(p, "MfaEnabled")).isEqualTo("False");
    // Audit never enrolls: a person must act, so kstatus computes Failed (Argo CD: Degraded).
    assertThat(Conditions.status(p, "Stalled")).isEqualTo("True");
    assertThat(Conditions.of(p, "Ready").orElseThrow().getMessage())
        .contains("MFA is not enabled for root");
    assertNoWriteCalls("100000000002");
  }

  @Test
  void rootWithoutPasswordOrKeysIsNotApplicableAndCompliant() {
    EmulatedAccount account = aws.createAccount("100000000003");
    account.setRootPasswordPresent(false);
    rig.keysSecret("keys-3", auditorKey(account));

    rig.apply(Policies.audit("not-applicable", "100000000003", Policies.ROOT, "keys-3"));
    RootMfaPolicy p = rig.awaitReason("not-applicable", "NotApplicable");

    assertThat(Conditions.status(p, "Ready")).isEqualTo("True");
    assertThat(Conditions.of(p, "MfaEnabled").orElseThrow().getReason()).isEqualTo("NotApplicable");
    assertNoWriteCalls("100000000003");
  }

  @Test
  void iamUserWithoutMfaIsNonCompliant() {
    EmulatedAccount account = aws.createAccount("100000000004");
    account.createUser("breakglass");
    rig.keysSecret("keys-4", auditorKey(account));

    rig.apply(Policies.audit("user", "100000000004", Policies.iamUser("breakglass"), "keys-4"));
    RootMfaPolicy p = rig.awaitReason("user", "NonCompliant");

    assertThat(p.getStatus().getTarget()).isEqualTo("iamUser/breakglass");
    assertNoWriteCalls("100000000004");
  }

  static void assertNoWriteCalls(String accountId) {
    assertNoWriteCallsBy(aws, accountId, "user/auditor");
  }

  /**
   * The operator's calls (it acts as {@code principal}; fixtures act as another user) include no
   * write.
   */
  static void assertNoWriteCallsBy(AwsEmulator aws, String accountId, String principal) {
    List<CallRecord> operatorCalls =
        aws.calls()
            .matching(c -> accountId.equals(c.accountId()) && c.principalArn().endsWith(principal));
    assertThat(operatorCalls)
        .extracting(CallRecord::operation)
        .isNotEmpty()
        .doesNotContainAnyElementsOf(WRITES);
  }
}
