package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.CallRecord;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.EmulatorClients;
import io.rootmfa.operator.emulator.Fault;
import io.rootmfa.operator.emulator.Invariants;
import io.rootmfa.operator.emulator.RootApiMode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * AWS misbehaving per operation (throttling, 5xx, timeouts, latency, outages, skewed clocks,
 * denials, foreign devices, malformed answers): the operator reports each truthfully, never enables
 * a device whose seed is not stored, and recovers by itself once AWS does. Each test has its own
 * emulator and operator, so faults never cross tests.
 */
@Integration
class AwsFaultsTest {
  private static final String ACCOUNT = "300000000001";
  private AwsEmulator aws;
  private OperatorRig rig;
  private EmulatedAccount account;

  private void start(Clock operatorClock) {
    aws = AwsEmulator.builder().rootApiMode(RootApiMode.ALLOWED).start();
    rig =
        OperatorRig.builder().emulator(aws).namespacePrefix("faults").clock(operatorClock).start();
    account = aws.createAccount(ACCOUNT);
    account.createUser("enroller");
    rig.keysSecret("keys", account.createAccessKey("enroller"));
  }

  private void start() {
    start(Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    if (rig != null) {
      rig.close();
    }
    if (aws != null) {
      aws.close();
    }
  }

  private void applyEnforce() {
    rig.apply(Policies.enforce("p", ACCOUNT, Policies.ROOT, "keys", Policies.OPEN));
  }

  private RootMfaPolicy awaitReason(String reason, Duration atMost) {
    Awaitility.await("Ready reason " + reason)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Conditions.readyReason(rig.get("p")).equals(Optional.of(reason)));
    return rig.get("p");
  }

  private List<CallRecord> calls(String operation) {
    return aws.calls()
        .matching(c -> ACCOUNT.equals(c.accountId()) && c.operation().equals(operation));
  }

  /**
   * One enabled device with the stored seed, one secret, no orphan, nothing enabled before its seed
   * was read back.
   */
  private void assertEnrolledOnce() {
    Invariants.AccountInvariants inv = aws.invariants().account(ACCOUNT).orElseThrow();
    Invariants.TargetInvariants root = inv.target("root").orElseThrow();
    assertThat(root.enabledDevices()).isEqualTo(1);
    assertThat(root.assignedSeedMatchesStoredSecret()).isTrue();
    assertThat(root.secrets()).isEqualTo(1);
    assertThat(root.enableBeforeStoredSeed()).isZero();
    assertThat(inv.unassignedRootmfaDevices()).isZero();
  }

  @Test
  void throttlingBurstsOnEveryStepConvergeWithBackoff() {
    start();
    // Each burst outlasts the SDK's own retries (3 attempts in the rig), so the reconcile itself
    // must back off;
    // its backoff doubles with each failed reconcile (5 s base), hence the generous bound.
    for (String op : List.of("GetAccountSummary", "CreateSecret", "EnableMFADevice")) {
      aws.faults().failNext(op, 4, Fault.THROTTLE);
    }
    applyEnforce();
    awaitReason("Compliant", Duration.ofSeconds(240));
    assertEnrolledOnce();
    assertThat(calls("EnableMFADevice"))
        .extracting(CallRecord::outcome)
        .contains("Throttling")
        .endsWith("OK");
    assertThat(calls("CreateSecret"))
        .extracting(CallRecord::outcome)
        .contains("ThrottlingException");
  }

  @Test
  void serverErrorsTimeoutsAndLatencyConverge() {
    start();
    aws.faults().latency("*", Duration.ofMillis(300));
    aws.faults().timeoutHold(Duration.ofSeconds(6)); // longer than the rig's 5 s attempt timeout
    aws.faults()
        .failNext("CreateVirtualMFADevice", 2, Fault.SERVER_ERROR)
        .failNext("CreateSecret", 1, Fault.UNAVAILABLE)
        .failNext("GetSecretValue", 1, Fault.TIMEOUT)
        .failNext("EnableMFADevice", 1, Fault.SERVER_ERROR)
        .failNext("ListVirtualMFADevices", 1, Fault.TIMEOUT);
    applyEnforce();
    awaitReason("Compliant", Duration.ofSeconds(120));
    assertEnrolledOnce();
  }

  @Test
  void secretsManagerDownNeverEnablesAndResumesWhenItRecovers() {
    start();
    aws.faults()
        .failNext("CreateSecret", 10_000, Fault.UNAVAILABLE)
        .failNext("PutSecretValue", 10_000, Fault.UNAVAILABLE);
    applyEnforce();
    RootMfaPolicy p = awaitReason("AwsUnavailable", Duration.ofSeconds(60));
    assertThat(Conditions.status(p, "Ready")).isEqualTo("False");
    assertThat(Conditions.of(p, "Ready").orElseThrow().getMessage()).contains("CreateSecret");
    // Stay down across several reconciles.
    Awaitility.await("repeated store attempts")
        .atMost(Duration.ofSeconds(90))
        .until(() -> calls("CreateVirtualMFADevice").size() >= 3);
    assertThat(calls("EnableMFADevice")).as("never enabled without a stored seed").isEmpty();
    assertThat(account.devices())
        .as("at most the device of the attempt in flight, unassigned")
        .hasSizeLessThan(2)
        .allMatch(d -> d.assignedTo().isEmpty());
    assertThat(account.secrets()).isEmpty();

    aws.faults().clear();
    awaitReason("Compliant", Duration.ofSeconds(360));
    assertEnrolledOnce();
    assertThat(calls("DeleteVirtualMFADevice"))
        .as("each attempt's unstored device was deleted")
        .isNotEmpty();
  }

  /** The codes come from AWS's clock (the Date header), so AWS accepts the very first pair. */
  private void assertEnrollsWithTheFirstCodes() {
    applyEnforce();
    awaitReason("Compliant", Duration.ofSeconds(60));
    assertEnrolledOnce();
    assertThat(calls("EnableMFADevice")).extracting(CallRecord::outcome).containsExactly("OK");
  }

  @Test
  void aPodClockNinetySecondsAheadStillEnrollsOnTheFirstCodes() {
    start(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(90)));
    assertEnrollsWithTheFirstCodes();
  }

  @Test
  void aPodClockNinetySecondsBehindStillEnrollsOnTheFirstCodes() {
    start(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-90)));
    assertEnrollsWithTheFirstCodes();
  }

  @Test
  void awsClockSkewedAgainstThePodStillEnrolls() {
    start();
    aws.setClockOffset(Duration.ofSeconds(-90));
    assertEnrollsWithTheFirstCodes();
  }

  @Test
  void accessDeniedStallsNamingTheActionAndRecoversWhenGranted() {
    start();
    aws.deny(ACCOUNT, "iam:EnableMFADevice");
    applyEnforce();
    RootMfaPolicy p = awaitReason("AccessDenied", Duration.ofSeconds(60));
    assertThat(Conditions.status(p, "Stalled")).isEqualTo("True");
    assertThat(Conditions.of(p, "Stalled").orElseThrow().getMessage())
        .contains("iam:EnableMFADevice");
    assertThat(rig.admin().v1().events().inNamespace(rig.namespace).list().getItems())
        .anyMatch(
            e ->
                e.getReason().equals("AccessDenied")
                    && e.getMessage().contains("iam:EnableMFADevice"));
    assertThat(account.rootMfaEnabled()).isFalse();

    account.allowAll();
    awaitReason("Compliant", Duration.ofSeconds(360));
    assertEnrolledOnce();
    assertThat(calls("CreateVirtualMFADevice"))
        .as("the stored seed's device was kept and enabled")
        .hasSize(1);
  }

  @Test
  void aForeignDeviceAtOurNameIsReportedAndLeftAlone() {
    start();
    String serial = foreignDevice("/rootmfa/");
    applyEnforce();
    RootMfaPolicy p = awaitReason("DeviceNameTaken", Duration.ofSeconds(60));
    assertThat(Conditions.status(p, "Stalled")).isEqualTo("True");
    assertThat(Conditions.of(p, "Ready").orElseThrow().getMessage())
        .contains(serial)
        .contains("spec.device.name");
    assertForeignDeviceUntouched(serial);
  }

  @Test
  void aForeignDeviceWithOurNameAtAnotherPathIsReportedAndLeftAlone() {
    start();
    // IAM device names are unique in an account whatever the path: CreateVirtualMFADevice says
    // EntityAlreadyExists.
    String serial = foreignDevice("/");
    applyEnforce();
    RootMfaPolicy p = awaitReason("DeviceNameTaken", Duration.ofSeconds(60));
    assertThat(Conditions.status(p, "Stalled")).isEqualTo("True");
    assertThat(Conditions.of(p, "Ready").orElseThrow().getMessage())
        .contains("rootmfa-root")
        .contains("spec.device.name");
    assertForeignDeviceUntouched(serial);
  }

  private String foreignDevice(String path) {
    account.createUser("someone-else");
    AccessKey key = account.createAccessKey("someone-else");
    try (IamClient iam = EmulatorClients.iam(aws, key)) {
      return iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("rootmfa-root").path(path))
          .virtualMFADevice()
          .serialNumber();
    }
  }

  private void assertForeignDeviceUntouched(String serial) {
    assertThat(account.device(serial))
        .hasValueSatisfying(d -> assertThat(d.assignedTo()).isEmpty());
    assertThat(calls("DeleteVirtualMFADevice")).isEmpty();
    assertThat(calls("EnableMFADevice")).isEmpty();
    assertThat(account.secrets()).isEmpty();
  }

  @Test
  void malformedAnswersBecomeAnErrorConditionAndRecover() {
    start();
    aws.faults().failNext("ListVirtualMFADevices", 10_000, Fault.MALFORMED);
    applyEnforce();
    RootMfaPolicy p = awaitReason("AwsUnavailable", Duration.ofSeconds(60));
    assertThat(Conditions.status(p, "Ready")).isEqualTo("False");
    assertThat(calls("CreateVirtualMFADevice")).isEmpty();

    aws.faults().clear();
    // The device is created but its answer is spoiled: the seed is lost, so the device is an orphan
    // to delete.
    aws.faults().failNextAfterEffect("CreateVirtualMFADevice", 1, Fault.MALFORMED);
    awaitReason("Compliant", Duration.ofSeconds(360));
    assertEnrolledOnce();
    assertThat(calls("DeleteVirtualMFADevice"))
        .extracting(CallRecord::outcome)
        .containsExactly("OK");
  }
}
