package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.CallRecord;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.EmulatorClients;
import io.rootmfa.operator.emulator.RootApiMode;
import io.rootmfa.operator.emulator.VirtualMfaDevice;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;

/** A policy's life after enrollment: assumed roles, drift, deletion, one seed write, metrics. */
@Integration
class LifecycleTest {
  static final String PLATFORM = "300000000000";
  static AwsEmulator aws;
  static OperatorRig rig;

  @BeforeAll
  static void start() {
    aws = AwsEmulator.builder().rootApiMode(RootApiMode.ALLOWED).start();
    rig =
        OperatorRig.builder()
            .emulator(aws)
            .namespacePrefix("lifecycle")
            .operatorUser(aws.createAccount(PLATFORM))
            .start();
  }

  @AfterAll
  static void stop() {
    rig.close();
    aws.close();
  }

  private EmulatedAccount account(String id, String secret) {
    EmulatedAccount a = aws.createAccount(id);
    a.createUser("enroller");
    rig.keysSecret(secret, a.createAccessKey("enroller"));
    return a;
  }

  @Test
  void enrollsThroughAnAssumedRoleWithExternalId() {
    EmulatedAccount target = aws.createAccount("300000000001");
    target.createUser("breakglass-admin");
    target.createRole("RootMfaEnroller", rig.externalId());
    rig.apply(
        """
        apiVersion: rootmfa.io/v1alpha1
        kind: RootMfaPolicy
        metadata: {name: assumed}
        spec:
          accountId: "300000000001"
          mode: Enforce
          target: {iamUser: {userName: breakglass-admin}}
          credentials: {assumeRole: {roleArn: "arn:aws:iam::300000000001:role/RootMfaEnroller"}}
          seedStore: {secretsManager: {secretName: rootmfa/300000000001/breakglass-admin}}
          breakGlass: {ticket: SEC-9, approvedBy: bob, %s}
        """
            .formatted(Policies.window(Policies.OPEN)));
    rig.awaitReason("assumed", "Compliant");
    assertThat(target.devicesAssignedTo("iamUser/breakglass-admin")).hasSize(1);
    assertThat(aws.calls().matching(c -> c.operation().equals("AssumeRole") && c.succeeded()))
        .isNotEmpty();
    assertThat(
            aws.calls()
                .matching(
                    c ->
                        "300000000001".equals(c.accountId())
                            && c.operation().equals("EnableMFADevice")))
        .allMatch(c -> c.principalArn().contains(":assumed-role/RootMfaEnroller/"));
  }

  @Test
  void aRoleTrustingAnotherExternalIdIsAccessDeniedNamingTheRole() {
    EmulatedAccount target = aws.createAccount("300000000002");
    // The role trusts another namespace's external id: this namespace's policy cannot borrow it.
    target.createRole("RootMfaEnroller", "rootmfa:team-b:team-b");
    rig.apply(
        """
        apiVersion: rootmfa.io/v1alpha1
        kind: RootMfaPolicy
        metadata: {name: wrong-external-id}
        spec:
          accountId: "300000000002"
          mode: Audit
          target: {root: {}}
          credentials: {assumeRole: {roleArn: "arn:aws:iam::300000000002:role/RootMfaEnroller"}}
        """);
    RootMfaPolicy p = rig.awaitReason("wrong-external-id", "AccessDenied");
    assertThat(Conditions.status(p, "Stalled")).isEqualTo("True");
    assertThat(Conditions.of(p, "Ready").orElseThrow().getMessage()).contains("AssumeRole");
  }

  @Test
  void mfaRemovedOutOfBandIsReEnrolledFromTheStoredSeedWithoutANewDevice() {
    EmulatedAccount a = account("300000000003", "keys-3");
    rig.apply(Policies.enforce("drift", "300000000003", Policies.ROOT, "keys-3", Policies.OPEN));
    rig.awaitReason("drift", "Compliant");
    VirtualMfaDevice device = a.devicesAssignedTo("root").get(0);
    int writes = secretWrites("300000000003");

    // Someone signed in as root turns MFA off (a root caller names no user).
    try (IamClient iam = EmulatorClients.iam(aws, a.createRootAccessKey())) {
      iam.deactivateMFADevice(b -> b.serialNumber(device.serialNumber()));
    }
    assertThat(a.rootMfaEnabled()).isFalse();

    // AWS never accepts a code twice: a re-enable within a minute of the first waits for fresh time
    // steps.
    Awaitility.await("re-enrolled").atMost(Duration.ofSeconds(120)).until(a::rootMfaEnabled);
    rig.awaitReason("drift", "Compliant");
    assertThat(a.devices()).hasSize(1);
    assertThat(a.devicesAssignedTo("root").get(0).serialNumber()).isEqualTo(device.serialNumber());
    assertThat(secretWrites("300000000003")).isEqualTo(writes).isEqualTo(1);
  }

  @Test
  void auditReportsMfaRemovedOutOfBand() {
    EmulatedAccount a = aws.createAccount("300000000004");
    a.createUser("auditor");
    rig.keysSecret("keys-4", a.createAccessKey("auditor"));
    EmulatorFixtures.enableRootMfa(aws, a);
    rig.apply(Policies.audit("audit-drift", "300000000004", Policies.ROOT, "keys-4"));
    rig.awaitReason("audit-drift", "Compliant");

    String serial = a.devicesAssignedTo("root").get(0).serialNumber();
    try (IamClient iam = EmulatorClients.iam(aws, a.createRootAccessKey())) {
      iam.deactivateMFADevice(b -> b.serialNumber(serial));
    }
    RootMfaPolicy p = rig.awaitReason("audit-drift", "NonCompliant");
    assertThat(p.getStatus().getMfaEnabled()).isFalse();
    assertThat(p.getStatus().getDevice()).isNull();
  }

  @Test
  void deletingAPolicyRetainsDeviceAndSeedAndSaysSo() {
    EmulatedAccount a = account("300000000005", "keys-5");
    rig.apply(Policies.enforce("deleted", "300000000005", Policies.ROOT, "keys-5", Policies.OPEN));
    RootMfaPolicy p = rig.awaitReason("deleted", "Compliant");
    assertThat(p.getMetadata().getFinalizers()).isNotEmpty();

    rig.admin().resource(p).delete();
    Awaitility.await("policy gone")
        .atMost(Duration.ofSeconds(30))
        .until(() -> rig.get("deleted") == null);
    assertThat(a.rootMfaEnabled()).isTrue();
    assertThat(a.secret("us-east-1", "rootmfa/300000000005/deleted")).isPresent();
    assertThat(rig.admin().v1().events().inNamespace(rig.namespace).list().getItems())
        .anyMatch(
            e ->
                e.getReason().equals("Retained")
                    && e.getInvolvedObject().getName().equals("deleted")
                    && e.getMessage().contains("retained"));
    assertThat(
            aws.calls().matching(c -> "300000000005".equals(c.accountId())).stream()
                .map(CallRecord::operation))
        .doesNotContain("DeactivateMFADevice", "DeleteVirtualMFADevice", "DeleteSecret");
  }

  @Test
  void countsAwsCallsAndEnrollmentsInMetrics() {
    account("300000000006", "keys-6");
    rig.apply(Policies.enforce("metrics", "300000000006", Policies.ROOT, "keys-6", Policies.OPEN));
    rig.awaitReason("metrics", "Compliant");
    Counter enables =
        rig.meters
            .find("rootmfa.aws.calls")
            .tags("operation", "EnableMFADevice", "outcome", "OK")
            .counter();
    assertThat(enables).isNotNull();
    assertThat(enables.count()).isGreaterThanOrEqualTo(1);
    assertThat(
            rig.meters.find("rootmfa.enrollments").tags("outcome", "succeeded").counter().count())
        .isGreaterThanOrEqualTo(1);
    assertThat(rig.meters.find("rootmfa.policies").tags("reason", "Compliant").gauge().value())
        .isGreaterThanOrEqualTo(1);
  }

  private static int secretWrites(String account) {
    return aws.calls()
        .matching(
            c ->
                account.equals(c.accountId())
                    && c.succeeded()
                    && (c.operation().equals("CreateSecret")
                        || c.operation().equals("PutSecretValue")))
        .size();
  }
}
