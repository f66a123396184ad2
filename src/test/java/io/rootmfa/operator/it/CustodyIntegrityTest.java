package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.CallRecord;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.EmulatorClients;
import io.rootmfa.operator.emulator.Invariants;
import io.rootmfa.operator.emulator.RootApiMode;
import io.rootmfa.operator.emulator.VirtualMfaDevice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Custody across policies, on the real API server and the emulator: a shared seed secret, two
 * policies for one target, truthful status when AWS cannot be asked, a device swapped by hand, root
 * refused.
 */
@Integration
class CustodyIntegrityTest {
  static AwsEmulator aws;
  static OperatorRig rig;

  @BeforeAll
  static void start() {
    aws = AwsEmulator.builder().rootApiMode(RootApiMode.ALLOWED).start();
    rig = OperatorRig.start(aws, "custody");
  }

  @AfterAll
  static void stop() {
    rig.close();
    aws.close();
  }

  /** An account whose enroller user {@code enroller} has keys in Secret {@code secret}. */
  private static EmulatedAccount account(String id, String... keySecrets) {
    EmulatedAccount account = aws.createAccount(id);
    for (String secret : keySecrets) {
      account.createUser(secret);
      rig.keysSecret(secret, account.createAccessKey(secret));
    }
    return account;
  }

  /**
   * Waits until {@code winner} is Compliant and {@code loser} DuplicatePolicy; a timeout names both
   * policies' Ready reason and message.
   */
  private static void awaitCompliantAndDuplicate(String winner, String loser) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              assertThat(ready(winner)).as("Ready of %s", winner).startsWith("Compliant (");
              assertThat(ready(loser)).as("Ready of %s", loser).startsWith("DuplicatePolicy (");
            });
  }

  /** A policy's Ready condition as reason and message. */
  private static String ready(String name) {
    return Conditions.of(rig.get(name), "Ready")
        .map(c -> c.getReason() + " (" + c.getMessage() + ")")
        .orElse("absent");
  }

  private static String enforce(
      String name, String account, String target, String keys, String secretName) {
    return Policies.enforce(name, account, target, keys, Policies.OPEN)
        .replace("rootmfa/" + account + "/" + name, secretName);
  }

  private static List<CallRecord> callsBy(String accountId, String principal) {
    return aws.calls()
        .matching(c -> accountId.equals(c.accountId()) && c.principalArn().endsWith(principal));
  }

  private static List<String> writesBy(String accountId, String principal) {
    return callsBy(accountId, principal).stream()
        .filter(CallRecord::isWrite)
        .map(CallRecord::operation)
        .toList();
  }

  private static Invariants.AccountInvariants invariants(String accountId) {
    return aws.invariants().account(accountId).orElseThrow();
  }

  @Test
  void aSecondPolicyNamingAnotherTargetsSeedSecretWritesNothing() {
    String id = "300000000001";
    EmulatedAccount account = account(id, "keys-alice", "keys-bob");
    account.createUser("alice");
    account.createUser("bob");
    rig.apply(enforce("p-alice", id, Policies.iamUser("alice"), "keys-alice", "rootmfa/shared"));
    rig.awaitReason("p-alice", "Compliant");
    // p-alice goes (its device and seed are retained); then p-bob, copy-pasted, names its secret.
    rig.admin().resource(rig.get("p-alice")).delete();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> rig.get("p-alice") == null);
    rig.apply(enforce("p-bob", id, Policies.iamUser("bob"), "keys-bob", "rootmfa/shared"));

    RootMfaPolicy bob = rig.awaitReason("p-bob", "SeedSecretInUse");
    assertThat(Conditions.status(bob, "Stalled")).isEqualTo("True");
    assertThat(Conditions.of(bob, "Ready").orElseThrow().getMessage())
        .contains("iamUser/alice")
        .contains(rig.namespace + "/p-alice");
    assertThat(writesBy(id, "user/keys-bob")).isEmpty();
    assertThat(callsBy(id, "user/keys-bob")).extracting(CallRecord::operation).isNotEmpty();
    assertThat(account.devicesAssignedTo("iamUser/bob")).isEmpty();
    Invariants.TargetInvariants alice = invariants(id).target("iamUser/alice").orElseThrow();
    assertThat(alice.enabledDevices()).isEqualTo(1);
    assertThat(alice.assignedSeedMatchesStoredSecret()).isTrue();
    assertThat(invariants(id).targets())
        .filteredOn(t -> t.enabledDevices() > 0)
        .allSatisfy(t -> assertThat(t.assignedSeedMatchesStoredSecret()).isTrue());
  }

  @Test
  void twoLivePoliciesSharingASecretLetOnlyTheOlderOneAct() {
    String id = "300000000002";
    EmulatedAccount account = account(id, "keys-carol", "keys-dave");
    account.createUser("carol");
    account.createUser("dave");
    rig.apply(enforce("p-carol", id, Policies.iamUser("carol"), "keys-carol", "rootmfa/copied"));
    rig.awaitReason("p-carol", "Compliant");
    rig.apply(enforce("p-dave", id, Policies.iamUser("dave"), "keys-dave", "rootmfa/copied"));

    RootMfaPolicy dave = rig.awaitReason("p-dave", "DuplicatePolicy");
    assertThat(Conditions.status(dave, "Stalled")).isEqualTo("True");
    assertThat(Conditions.of(dave, "Ready").orElseThrow().getMessage())
        .contains(rig.namespace + "/p-carol");
    assertThat(Conditions.status(dave, "MfaEnabled")).isEqualTo("Unknown");
    assertThat(callsBy(id, "user/keys-dave")).isEmpty();
    assertThat(
            invariants(id).target("iamUser/carol").orElseThrow().assignedSeedMatchesStoredSecret())
        .isTrue();
  }

  @Test
  void twoPoliciesForOneTargetAppliedTogetherUnderLatencyEnrollOnce() {
    String id = "300000000003";
    EmulatedAccount account = account(id, "keys-first", "keys-second");
    account.createUser("erin");
    aws.faults().latency("*", Duration.ofMillis(150));
    String winner;
    String loser;
    try {
      rig.apply(enforce("p-erin-b", id, Policies.iamUser("erin"), "keys-second", "rootmfa/erin-b"));
      rig.apply(enforce("p-erin-a", id, Policies.iamUser("erin"), "keys-first", "rootmfa/erin-a"));
      // The older policy acts: creationTimestamp (whole seconds), then namespace/name. Both are
      // usually created in one second, and p-erin-a wins the tie; on a slow API server p-erin-b
      // can be created a second earlier, and then it wins.
      boolean bOlder =
          Instant.parse(rig.get("p-erin-b").getMetadata().getCreationTimestamp())
              .isBefore(Instant.parse(rig.get("p-erin-a").getMetadata().getCreationTimestamp()));
      winner = bOlder ? "p-erin-b" : "p-erin-a";
      loser = bOlder ? "p-erin-a" : "p-erin-b";
      awaitCompliantAndDuplicate(winner, loser);
    } finally {
      aws.faults().clear();
    }
    List<VirtualMfaDevice> devices = account.devices();
    assertThat(devices).hasSize(1);
    assertThat(account.devicesAssignedTo("iamUser/erin")).hasSize(1);
    Invariants.TargetInvariants erin = invariants(id).target("iamUser/erin").orElseThrow();
    assertThat(erin.secrets()).isEqualTo(1);
    assertThat(erin.assignedSeedMatchesStoredSecret()).isTrue();
    assertThat(erin.enableBeforeStoredSeed()).isZero();
    assertThat(writesBy(id, loser.equals("p-erin-b") ? "user/keys-second" : "user/keys-first"))
        .as("AWS writes with the keys of %s", loser)
        .isEmpty();
    assertThat(Conditions.of(rig.get(loser), "Ready").orElseThrow().getMessage())
        .contains(rig.namespace + "/" + winner);
  }

  @Test
  void accessDeniedAfterCompliantKeepsTheLastObservedMfa() {
    String id = "300000000004";
    EmulatedAccount account = account(id, "keys-frank");
    account.createUser("frank");
    rig.apply(enforce("p-frank", id, Policies.iamUser("frank"), "keys-frank", "rootmfa/frank"));
    RootMfaPolicy compliant = rig.awaitReason("p-frank", "Compliant");
    String serial = compliant.getStatus().getDevice().getSerialNumber();

    account.deny("iam:ListMFADevices");
    RootMfaPolicy denied = rig.awaitReason("p-frank", "AccessDenied");
    assertThat(denied.getStatus().getMfaEnabled()).isTrue();
    assertThat(Conditions.status(denied, "MfaEnabled")).isIn("True", "Unknown");
    assertThat(Conditions.status(denied, "MfaEnabled")).isNotEqualTo("False");
    assertThat(Conditions.status(denied, "SeedStored")).isNotEqualTo("False");
    assertThat(denied.getStatus().getDevice().getSerialNumber()).isEqualTo(serial);
    assertThat(Conditions.status(denied, "Stalled")).isEqualTo("True");

    account.allowAll();
    RootMfaPolicy back = rig.awaitReasonWithin("p-frank", "Compliant", Duration.ofSeconds(90));
    assertThat(Conditions.status(back, "SeedStored")).isEqualTo("True");
  }

  @Test
  void aDeviceSwappedByHandIsNotInCustody() {
    String id = "300000000005";
    EmulatedAccount account = account(id, "keys-grace", "keys-admin");
    account.createUser("grace");
    rig.apply(enforce("p-grace", id, Policies.iamUser("grace"), "keys-grace", "rootmfa/grace"));
    RootMfaPolicy before = rig.awaitReason("p-grace", "Compliant");
    assertThat(Conditions.status(before, "SeedStored")).isEqualTo("True");
    String ours = before.getStatus().getDevice().getSerialNumber();

    // A person replaces the operator's device with one of their own (the operator never would).
    AccessKey admin = account.createAccessKey("keys-admin");
    try (IamClient iam = EmulatorClients.iam(aws, admin)) {
      iam.deactivateMFADevice(b -> b.userName("grace").serialNumber(ours));
    }
    String theirs =
        EmulatorFixtures.enableVirtualMfa(aws, admin, Optional.of("grace"), "graces-phone");

    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> "False".equals(Conditions.status(rig.get("p-grace"), "SeedStored")));
    RootMfaPolicy after = rig.get("p-grace");
    assertThat(after.getStatus().getDevice().getSerialNumber()).isEqualTo(theirs);
    assertThat(Conditions.readyReason(after)).contains("Compliant");
    assertThat(Conditions.of(after, "SeedStored").orElseThrow().getReason())
        .isEqualTo("SeedOfAnotherDevice");
    assertThat(Conditions.of(after, "SeedStored").orElseThrow().getMessage())
        .contains(ours)
        .contains(theirs);
  }

  @Test
  void rootRefusedNeverClaimsCustody() {
    String id = "300000000006";
    EmulatedAccount account = account(id, "keys-root");
    account.setRootApiMode(RootApiMode.REFUSED);
    rig.apply(enforce("p-root", id, Policies.ROOT, "keys-root", "rootmfa/root"));
    RootMfaPolicy p = rig.awaitReason("p-root", "RootApiEnrollmentUnsupported");
    assertThat(Conditions.status(p, "SeedStored")).isNotEqualTo("True");
    assertThat(account.devices()).isEmpty();
    assertThat(p.getStatus().getMfaEnabled()).isFalse();
  }

  @Test
  void custodyChecksAddNoAwsCallToAnEnrollmentOrASteadyCheck() {
    String id = "300000000007";
    EmulatedAccount account = account(id, "keys-henry");
    account.createUser("henry");
    rig.apply(enforce("p-henry", id, Policies.iamUser("henry"), "keys-henry", "rootmfa/henry"));
    rig.awaitReason("p-henry", "Compliant");
    List<String> enrollment =
        callsBy(id, "user/keys-henry").stream().map(CallRecord::operation).toList();
    System.out.println("custody: AWS calls of one IAM-user enrollment: " + enrollment);
    assertThat(enrollment).hasSizeLessThanOrEqualTo(10);
    assertThat(enrollment).filteredOn("GetSecretValue"::equals).hasSize(2);

    // checkInterval is 10 s: two more checks, each one ListMFADevices, no secret read.
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> callsBy(id, "user/keys-henry").size() >= enrollment.size() + 2);
    List<String> steady =
        callsBy(id, "user/keys-henry").stream()
            .skip(enrollment.size())
            .map(CallRecord::operation)
            .toList();
    assertThat(steady).containsOnly("ListMFADevices");
  }

  @Test
  void aFailedReplicaIsReportedAndTheSteadyCheckStaysAtOneCall() {
    String id = "300000000011";
    EmulatedAccount account = account(id, "keys-judy");
    account.createUser("judy");
    aws.failReplication("eu-west-1", "Access to KMS is not allowed");
    rig.apply(
        enforce("p-judy", id, Policies.iamUser("judy"), "keys-judy", "rootmfa/judy")
            .replace(
                "secretName: \"rootmfa/judy\"",
                "secretName: \"rootmfa/judy\", kmsKeyId: alias/rootmfa-seed,"
                    + " replicaRegions: [eu-west-1, us-west-2]"));

    RootMfaPolicy judy = rig.awaitReason("p-judy", "Compliant");
    assertThat(account.secret("us-east-1", "rootmfa/judy").orElseThrow().replicaRegions())
        .containsExactly("eu-west-1", "us-west-2");
    // The primary holds the seed: SeedStored and Ready stay True, and the message names the
    // replica.
    assertThat(Conditions.status(judy, "SeedStored")).isEqualTo("True");
    assertThat(Conditions.status(judy, "Ready")).isEqualTo("True");
    assertThat(Conditions.of(judy, "SeedStored").orElseThrow().getMessage())
        .contains("its replica in eu-west-1 failed: Access to KMS is not allowed")
        .doesNotContain("us-west-2");
    assertThat(judy.getStatus().getSeed().getReplicaProblem()).contains("eu-west-1");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                rig.admin().v1().events().inNamespace(rig.namespace).list().getItems().stream()
                    .anyMatch(
                        e ->
                            e.getReason().equals("SeedReplicationFailed")
                                && e.getInvolvedObject().getName().equals("p-judy")
                                && e.getMessage().contains("rootmfa/judy")
                                && e.getMessage().contains("eu-west-1")
                                && e.getMessage().contains("Access to KMS is not allowed")));

    List<String> enrollment =
        callsBy(id, "user/keys-judy").stream().map(CallRecord::operation).toList();
    System.out.println("custody: AWS calls of one replicated enrollment: " + enrollment);
    assertThat(enrollment).contains("DescribeSecret");
    // checkInterval is 10 s: two more checks, each one ListMFADevices, no DescribeSecret.
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> callsBy(id, "user/keys-judy").size() >= enrollment.size() + 2);
    List<String> steady =
        callsBy(id, "user/keys-judy").stream()
            .skip(enrollment.size())
            .map(CallRecord::operation)
            .toList();
    assertThat(steady).containsOnly("ListMFADevices");
    assertThat(Conditions.of(rig.get("p-judy"), "SeedStored").orElseThrow().getMessage())
        .contains("its replica in eu-west-1 failed");
  }

  @Test
  void anOrphanIsReportedWhenTheWindowGoesAndHandledOnlyInTheNextWindow() {
    String id = "300000000008";
    EmulatedAccount account = account(id, "keys-ivan");
    account.createUser("ivan");
    account.deny("iam:EnableMFADevice");
    String target = Policies.iamUser("ivan");
    rig.apply(Policies.enforce("p-ivan", id, target, "keys-ivan", Policies.OPEN));
    rig.awaitReason("p-ivan", "AccessDenied");
    String orphan = account.devices().get(0).serialNumber();

    rig.apply(Policies.enforceWithoutWindow("p-ivan", id, target, "keys-ivan"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> orphan.equals(rig.get("p-ivan").getStatus().getOrphanDevice()));
    RootMfaPolicy waiting = rig.get("p-ivan");
    assertThat(Conditions.readyReason(waiting)).contains("AwaitingBreakGlass");
    assertThat(Conditions.of(waiting, "Ready").orElseThrow().getMessage())
        .contains(orphan)
        .contains("next open break-glass window");
    assertThat(rig.admin().v1().events().inNamespace(rig.namespace).list().getItems())
        .anyMatch(e -> e.getReason().equals("OrphanedDevice") && e.getMessage().contains(orphan));
    assertThat(account.device(orphan)).isPresent();

    account.allowAll();
    rig.apply(Policies.enforce("p-ivan", id, target, "keys-ivan", Policies.OPEN));
    RootMfaPolicy done = rig.awaitReasonWithin("p-ivan", "Compliant", Duration.ofSeconds(90));
    assertThat(done.getStatus().getOrphanDevice()).isNull();
    assertThat(account.devicesAssignedTo("iamUser/ivan"))
        .extracting(VirtualMfaDevice::serialNumber)
        .containsExactly(orphan);
    assertThat(
            invariants(id).target("iamUser/ivan").orElseThrow().assignedSeedMatchesStoredSecret())
        .isTrue();
  }
}
