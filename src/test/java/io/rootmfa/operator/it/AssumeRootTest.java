package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.CallRecord;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.EmulatedOrganization;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Policies with {@code credentials.assumeRoot} on the real API server against the emulator's
 * organization: the operator's identity lives in the management account, audits each member's root
 * through IAMAuditRootUserCredentials with reads only, and removes root credentials through
 * IAMDeleteRootUserCredentials only inside a window, never an MFA device, never in the management
 * account.
 */
@Integration
class AssumeRootTest {
  static final String MANAGEMENT = "900000000000";
  static final Set<String> AUDIT_SESSION_CALLS =
      Set.of(
          "GetCallerIdentity",
          "GetLoginProfile",
          "ListAccessKeys",
          "ListSigningCertificates",
          "ListMFADevices");
  static final Set<String> WRITES = CallRecord.WRITE_OPERATIONS;
  static AwsEmulator aws;
  static EmulatedOrganization org;
  static OperatorRig rig;

  @BeforeAll
  static void start() {
    aws = AwsEmulator.start();
    org = aws.createOrganization(MANAGEMENT).setCentralizedRootAccess(true);
    rig =
        OperatorRig.builder()
            .emulator(aws)
            .namespacePrefix("assume-root")
            .operatorUser(aws.account(MANAGEMENT))
            .start();
  }

  @AfterAll
  static void stop() {
    rig.close();
    aws.close();
  }

  private static EmulatedAccount member(String accountId) {
    return org.addAccount(accountId, org.rootId(), "member-" + accountId);
  }

  private static List<CallRecord> callsIn(String accountId) {
    return aws.calls().matching(c -> accountId.equals(c.accountId()));
  }

  private static List<String> eventReasons(String policy) {
    return rig.admin().v1().events().inNamespace(rig.namespace).list().getItems().stream()
        .filter(e -> policy.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }

  @Test
  void auditThroughAssumeRootReadsOnlyWhatTheAuditTaskPolicyAllows() {
    EmulatedAccount account = member("200000000001");
    account.createRootAccessKey();
    account.uploadRootSigningCertificate();

    RootMfaPolicy p = rig.apply(Policies.assumeRootAudit("audit-member", "200000000001"));
    p = rig.awaitReason("audit-member", "NonCompliant");

    assertThat(Conditions.of(p, "Ready").orElseThrow().getMessage())
        .contains("has a password, 1 access key and 1 signing certificate and no MFA");
    assertThat(callsIn("200000000001"))
        .extracting(CallRecord::operation)
        .isNotEmpty()
        .allMatch(AUDIT_SESSION_CALLS::contains);
    assertThat(callsIn("200000000001")).extracting(CallRecord::outcome).containsOnly("OK");
    assertThat(aws.calls().of("AssumeRoot"))
        .filteredOn(c -> "200000000001".equals(c.params().get("TargetPrincipal")))
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(c.params())
                  .containsEntry(
                      "TaskPolicyArn.arn",
                      "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials")
                  .containsEntry("DurationSeconds", "900");
              assertThat(c.accountId()).isEqualTo(MANAGEMENT);
            });
  }

  @Test
  void aRootWithoutCredentialsIsNotApplicable() {
    member("200000000002").setRootPasswordPresent(false);

    RootMfaPolicy p = rig.apply(Policies.assumeRootAudit("no-credentials", "200000000002"));
    p = rig.awaitReason("no-credentials", "NotApplicable");

    assertThat(Conditions.status(p, "Ready")).isEqualTo("True");
    assertThat(Conditions.of(p, "Ready").orElseThrow().getMessage())
        .contains("cannot sign in")
        .contains("cannot sign in or perform password recovery");
  }

  @Test
  void removalInsideAWindowDeletesPasswordKeysAndCertificatesButNeverMfa() {
    EmulatedAccount account = member("200000000003");
    account.createRootAccessKey();
    account.createRootAccessKey();
    account.uploadRootSigningCertificate();
    String serial = EmulatorFixtures.enableRootMfa(aws, account);
    EmulatedAccount bare = member("200000000004");
    bare.createRootAccessKey();

    rig.apply(Policies.removeRootCredentials("remove-with-mfa", "200000000003", Policies.OPEN));
    rig.apply(Policies.removeRootCredentials("remove-bare", "200000000004", Policies.OPEN));
    RootMfaPolicy withMfa = rig.awaitReason("remove-with-mfa", "Compliant");
    RootMfaPolicy withoutMfa = rig.awaitReason("remove-bare", "NotApplicable");

    assertThat(account.rootPasswordPresent()).isFalse();
    assertThat(account.rootAccessKeysPresent()).isFalse();
    assertThat(account.rootSigningCertificates()).isEmpty();
    assertThat(account.devicesAssignedTo("root"))
        .extracting(d -> d.serialNumber())
        .containsExactly(serial);
    assertThat(withMfa.getStatus().getDevice().getSerialNumber()).isEqualTo(serial);
    assertThat(bare.rootPasswordPresent()).isFalse();
    assertThat(bare.rootAccessKeysPresent()).isFalse();
    assertThat(Conditions.of(withoutMfa, "Ready").orElseThrow().getMessage())
        .contains("IAMCreateRootUserPassword");
    assertThat(aws.calls().operations())
        .doesNotContain("DeactivateMFADevice", "DeleteVirtualMFADevice");
    assertThat(callsIn("200000000003"))
        .filteredOn(c -> c.operation().startsWith("Delete"))
        .extracting(CallRecord::operation)
        .containsExactly(
            "DeleteLoginProfile", "DeleteAccessKey", "DeleteAccessKey", "DeleteSigningCertificate");
    assertThat(eventReasons("remove-with-mfa"))
        .filteredOn("RootCredentialDeleted"::equals)
        .hasSize(4);
  }

  @Test
  void nothingIsRemovedOutsideAWindow() {
    EmulatedAccount account = member("200000000005");
    account.createRootAccessKey();

    RootMfaPolicy p =
        rig.apply(Policies.removeRootCredentials("expired", "200000000005", Policies.EXPIRED));
    p = rig.awaitReason("expired", "AwaitingBreakGlass");

    assertThat(account.rootPasswordPresent()).isTrue();
    assertThat(account.rootAccessKeysPresent()).isTrue();
    assertThat(callsIn("200000000005"))
        .extracting(CallRecord::operation)
        .doesNotContainAnyElementsOf(WRITES);
  }

  @Test
  void theManagementAccountIsRefusedWithAReason() {
    aws.account(MANAGEMENT).createRootAccessKey();

    RootMfaPolicy p =
        rig.apply(Policies.removeRootCredentials("management", MANAGEMENT, Policies.OPEN));
    p = rig.awaitReason("management", "InvalidSpec");

    assertThat(Conditions.status(p, "Stalled")).isEqualTo("True");
    assertThat(Conditions.of(p, "Ready").orElseThrow().getMessage())
        .contains(MANAGEMENT + " is the organization's management account");
    assertThat(aws.calls().of("AssumeRoot"))
        .noneMatch(c -> MANAGEMENT.equals(c.params().get("TargetPrincipal")));
    assertThat(aws.account(MANAGEMENT).rootAccessKeysPresent()).isTrue();
  }

  @Test
  void withCentralizedRootAccessOffThePolicyIsAccessDeniedNamingAssumeRoot() {
    member("200000000006");
    org.setCentralizedRootAccess(false);
    try {
      RootMfaPolicy p = rig.apply(Policies.assumeRootAudit("feature-off", "200000000006"));
      p = rig.awaitReason("feature-off", "AccessDenied");

      assertThat(Conditions.of(p, "Ready").orElseThrow().getMessage())
          .contains("AWS denied sts:AssumeRoot in account 200000000006")
          .contains("centralized root access is not enabled");
      assertThat(callsIn("200000000006")).isEmpty();
    } finally {
      org.setCentralizedRootAccess(true);
    }
  }
}
