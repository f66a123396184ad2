package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.CallRecord;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.RootApiMode;
import io.rootmfa.operator.emulator.Secret;
import io.rootmfa.operator.emulator.VirtualMfaDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mode Enforce on the real API server against the emulator: enrollment, windows, root refusal,
 * steady state.
 */
@Integration
class EnforceModeTest {
  static AwsEmulator aws;
  static OperatorRig rig;

  @BeforeAll
  static void start() {
    aws = AwsEmulator.builder().rootApiMode(RootApiMode.ALLOWED).start();
    rig = OperatorRig.start(aws, "enforce");
  }

  @AfterAll
  static void stop() {
    rig.close();
    aws.close();
  }

  private EmulatedAccount accountWithEnroller(String id, String secret) {
    EmulatedAccount account = aws.createAccount(id);
    account.createUser("enroller");
    AccessKey key = account.createAccessKey("enroller");
    rig.keysSecret(secret, key);
    return account;
  }

  @Test
  void enrollsRootInsideAWindowWithTheStoredSeed() throws Exception {
    EmulatedAccount account = accountWithEnroller("200000000001", "keys-1");
    rig.apply(Policies.enforce("root", "200000000001", Policies.ROOT, "keys-1", Policies.OPEN));
    RootMfaPolicy p = rig.awaitReason("root", "Compliant");

    assertThat(account.rootMfaEnabled()).isTrue();
    VirtualMfaDevice device = account.devicesAssignedTo("root").get(0);
    Secret secret = account.secret("us-east-1", "rootmfa/200000000001/root").orElseThrow();
    assertThat(secret.versions()).hasSize(1);
    String stored = secret.versionWithStage("AWSCURRENT").orElseThrow().secretStringForAssertions();
    assertThat(stored)
        .contains("\"seed\":\"" + device.seedForAssertions() + "\"")
        .contains("\"deviceSerial\":\"" + device.serialNumber() + "\"");
    assertThat(device.seedReadBackFromSecretsManager()).isTrue();
    assertThat(account.enableBeforeStoredSeed("root")).isZero();
    assertThat(aws.calls().count("EnableMFADevice", "OK")).isGreaterThanOrEqualTo(1);
    assertThat(
            aws.calls()
                .matching(
                    c ->
                        "200000000001".equals(c.accountId())
                            && c.operation().equals("EnableMFADevice")))
        .extracting(CallRecord::outcome)
        .containsExactly("OK");

    assertThat(p.getStatus().getDevice().getSerialNumber()).isEqualTo(device.serialNumber());
    assertThat(p.getStatus().getSeed().getSecretArn()).isEqualTo(secret.arn());
    assertThat(Conditions.status(p, "SeedStored")).isEqualTo("True");
    assertThat(Conditions.status(p, "BreakGlassActive")).isEqualTo("True");
    assertThat(Conditions.status(p, "Reconciling")).isEqualTo("False");
    String everything =
        Serialization.asYaml(p)
            + Serialization.asYaml(rig.admin().v1().events().inNamespace(rig.namespace).list());
    assertThat(everything).doesNotContain(device.seedForAssertions());

    assertThat(kubectlWaitReady("root")).isZero();
  }

  @Test
  void enrollsAnIamUser() {
    EmulatedAccount account = accountWithEnroller("200000000002", "keys-2");
    account.createUser("breakglass-admin");
    rig.apply(
        Policies.enforce(
            "user", "200000000002", Policies.iamUser("breakglass-admin"), "keys-2", Policies.OPEN));
    RootMfaPolicy p = rig.awaitReason("user", "Compliant");

    VirtualMfaDevice device = account.devicesAssignedTo("iamUser/breakglass-admin").get(0);
    assertThat(account.rootMfaEnabled()).isFalse();
    assertThat(device.serialNumber()).endsWith(":mfa/rootmfa/rootmfa-breakglass-admin");
    String stored =
        account
            .secret("us-east-1", "rootmfa/200000000002/user")
            .orElseThrow()
            .versionWithStage("AWSCURRENT")
            .orElseThrow()
            .secretStringForAssertions();
    assertThat(stored)
        .contains(device.seedForAssertions())
        .contains("\"target\":\"iamUser/breakglass-admin\"");
    assertThat(account.enableBeforeStoredSeed("iamUser/breakglass-admin")).isZero();
    assertThat(p.getStatus().getDevice().getSerialNumber()).isEqualTo(device.serialNumber());
  }

  @Test
  void withoutAWindowItWaitsAndWritesNothing() {
    accountWithEnroller("200000000003", "keys-3");
    rig.apply(Policies.enforceWithoutWindow("nowindow", "200000000003", Policies.ROOT, "keys-3"));
    RootMfaPolicy p = rig.awaitReason("nowindow", "AwaitingBreakGlass");
    assertThat(Conditions.of(p, "BreakGlassActive").orElseThrow().getReason())
        .isEqualTo("NoWindow");
    AuditModeTest.assertNoWriteCallsBy(aws, "200000000003", "user/enroller");
  }

  @Test
  void withAnExpiredWindowItWaitsAndWritesNothing() {
    accountWithEnroller("200000000004", "keys-4");
    rig.apply(
        Policies.enforce("expired", "200000000004", Policies.ROOT, "keys-4", Policies.EXPIRED));
    RootMfaPolicy p = rig.awaitReason("expired", "AwaitingBreakGlass");
    assertThat(Conditions.of(p, "BreakGlassActive").orElseThrow().getReason())
        .isEqualTo("WindowExpired");
    assertThat(Conditions.of(p, "Ready").orElseThrow().getMessage())
        .contains("SEC-1234")
        .contains("expired");
    AuditModeTest.assertNoWriteCallsBy(aws, "200000000004", "user/enroller");
  }

  @Test
  void rootRefusedByAwsIsReportedTruthfullyAndLeavesNoDevice() {
    EmulatedAccount account = accountWithEnroller("200000000005", "keys-5");
    account.setRootApiMode(RootApiMode.REFUSED);
    rig.apply(Policies.enforce("refused", "200000000005", Policies.ROOT, "keys-5", Policies.OPEN));
    RootMfaPolicy p = rig.awaitReason("refused", "RootApiEnrollmentUnsupported");

    assertThat(Conditions.status(p, "Stalled")).isEqualTo("True");
    assertThat(Conditions.status(p, "Ready")).isEqualTo("False");
    assertThat(Conditions.of(p, "Ready").orElseThrow().getMessage()).contains("console");
    assertThat(account.devices()).isEmpty();
    assertThat(account.rootMfaEnabled()).isFalse();
    assertThat(rig.admin().v1().events().inNamespace(rig.namespace).list().getItems())
        .anyMatch(
            e ->
                e.getReason().equals("RootApiEnrollmentUnsupported")
                    && e.getMessage().contains("console"));
    // It does not try again for the same generation: one create, one refused enable, one delete.
    int creates =
        aws.calls()
            .matching(
                c ->
                    "200000000005".equals(c.accountId())
                        && c.operation().equals("CreateVirtualMFADevice"))
            .size();
    Awaitility.await()
        .pollDelay(Duration.ofSeconds(12))
        .atMost(Duration.ofSeconds(20))
        .until(() -> true);
    assertThat(
            aws.calls()
                .matching(
                    c ->
                        "200000000005".equals(c.accountId())
                            && c.operation().equals("CreateVirtualMFADevice")))
        .hasSize(creates)
        .hasSize(1);
  }

  @Test
  void aSteadyRootReconcileMakesNoKubernetesWriteAndOneGetAccountSummary() {
    accountWithEnroller("200000000006", "keys-6");
    rig.apply(Policies.enforce("steady", "200000000006", Policies.ROOT, "keys-6", Policies.OPEN));
    assertSteadyReconcile("steady", "200000000006", "GetAccountSummary");
  }

  @Test
  void aSteadyIamUserReconcileMakesNoKubernetesWriteAndOneListMfaDevices() {
    EmulatedAccount account = accountWithEnroller("200000000007", "keys-7");
    account.createUser("steady-user");
    rig.apply(
        Policies.enforce(
            "steady-user",
            "200000000007",
            Policies.iamUser("steady-user"),
            "keys-7",
            Policies.OPEN));
    assertSteadyReconcile("steady-user", "200000000007", "ListMFADevices");
  }

  private void assertSteadyReconcile(String name, String accountId, String auditCall) {
    rig.awaitReason(name, "Compliant");
    // Let the enrollment's own follow-up reconcile (status change) pass, then watch one whole
    // checkInterval.
    Awaitility.await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
    int logBefore = TestCluster.WRITE_LOG.size();
    int callsBefore = aws.calls().matching(c -> accountId.equals(c.accountId())).size();
    Awaitility.await("one more scheduled check")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> aws.calls().matching(c -> accountId.equals(c.accountId())).size() > callsBefore);
    Awaitility.await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    List<CallRecord> after = aws.calls().matching(c -> accountId.equals(c.accountId()));
    assertThat(after.subList(callsBefore, after.size()))
        .extracting(CallRecord::operation)
        .containsExactly(auditCall);
    // No write at all: not for this policy, and not for the other settled policies reconciled
    // meanwhile.
    assertThat(List.copyOf(TestCluster.WRITE_LOG.subList(logBefore, TestCluster.WRITE_LOG.size())))
        .as("Kubernetes writes during a steady reconcile of %s", name)
        .isEmpty();
  }

  private int kubectlWaitReady(String name) throws Exception {
    Path kubectl =
        Path.of(
            System.getProperty(
                "kube.api.test.dir", System.getProperty("user.home") + "/.kubeapitest"),
            "k8s",
            TestCluster.KUBE_VERSION + "-linux-amd64",
            "kubectl");
    Path kubeconfig = rig.cluster.kubeconfigFile();
    Process proc =
        new ProcessBuilder(
                kubectl.toString(),
                "--kubeconfig",
                kubeconfig.toString(),
                "-n",
                rig.namespace,
                "wait",
                "--for=condition=Ready",
                "rootmfapolicy/" + name,
                "--timeout=30s")
            .redirectErrorStream(true)
            .start();
    String out = new String(proc.getInputStream().readAllBytes());
    assertThat(proc.waitFor(40, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("condition met");
    Files.deleteIfExists(kubeconfig);
    return proc.exitValue();
  }
}
