package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicyStatus;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.Invariants;
import io.rootmfa.operator.emulator.RootApiMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes misbehaving around an enrollment: other writers racing the operator on the same
 * object, and a policy deleted while its enrollment is in flight. (Two replicas with leader
 * election: LeaderElectionIT.)
 */
@Integration
class KubernetesFaultsTest {
  private static AwsEmulator aws;
  private static OperatorRig rig;

  @BeforeAll
  static void start() {
    aws = AwsEmulator.builder().rootApiMode(RootApiMode.ALLOWED).start();
    rig = OperatorRig.start(aws, "kubefaults");
  }

  @AfterAll
  static void stop() {
    rig.close();
    aws.close();
  }

  private static EmulatedAccount account(String id, String secret) {
    EmulatedAccount account = aws.createAccount(id);
    account.createUser("enroller");
    rig.keysSecret(secret, account.createAccessKey("enroller"));
    return account;
  }

  @Test
  void concurrentWritersOnMetadataAndStatusDoNotStopTheEnrollment() throws Exception {
    account("500000000001", "keys-1");
    aws.faults().latency("*", Duration.ofMillis(150));
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger foreignWrites = new AtomicInteger();
    List<Throwable> unexpected = new ArrayList<>();
    rig.apply(Policies.enforce("raced", "500000000001", Policies.ROOT, "keys-1", Policies.OPEN));
    // Another controller keeps bumping the resourceVersion: an annotation on metadata and a
    // condition of its own
    // in the status, each write based on the version it just read (so the operator's writes meet
    // moved versions).
    Thread racer =
        new Thread(
            () -> {
              int i = 0;
              while (running.get()) {
                try {
                  rig.admin()
                      .resources(RootMfaPolicy.class)
                      .inNamespace(rig.namespace)
                      .withName("raced")
                      .edit(
                          p -> {
                            p.getMetadata()
                                .setAnnotations(
                                    Map.of(
                                        "example.com/touched", String.valueOf(System.nanoTime())));
                            return p;
                          });
                  RootMfaPolicy current = rig.get("raced");
                  RootMfaPolicyStatus status =
                      current.getStatus() == null ? new RootMfaPolicyStatus() : current.getStatus();
                  List<Condition> conditions =
                      new ArrayList<>(
                          status.getConditions() == null
                              ? List.of()
                              : status.getConditions().stream()
                                  .filter(c -> !c.getType().equals("ExampleAudited"))
                                  .toList());
                  conditions.add(
                      new ConditionBuilder()
                          .withType("ExampleAudited")
                          .withStatus("True")
                          .withReason("Touched")
                          .withMessage("touch " + (i++))
                          .withLastTransitionTime("2026-01-01T00:00:00Z")
                          .build());
                  status.setConditions(conditions);
                  current.setStatus(status);
                  rig.admin().resource(current).updateStatus();
                  foreignWrites.incrementAndGet();
                } catch (KubernetesClientException e) {
                  if (e.getCode() != 409) {
                    synchronized (unexpected) {
                      unexpected.add(e);
                    }
                  }
                }
              }
            },
            "racing-writer");
    racer.start();
    try {
      Awaitility.await("Compliant despite the racing writer")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Conditions.readyReason(rig.get("raced")).equals(Optional.of("Compliant")));
    } finally {
      running.set(false);
      racer.join();
      aws.faults().clear();
    }
    assertThat(foreignWrites.get()).as("the racer really wrote").isGreaterThan(5);
    assertThat(unexpected).isEmpty();
    Invariants.TargetInvariants root =
        aws.invariants().account("500000000001").orElseThrow().target("root").orElseThrow();
    assertThat(root.enabledDevices()).isEqualTo(1);
    assertThat(root.secrets()).isEqualTo(1);
    assertThat(root.assignedSeedMatchesStoredSecret()).isTrue();
    // The status converges to the operator's truth once the racer stops: it is reconciled again at
    // checkInterval.
    RootMfaPolicy p = rig.get("raced");
    assertThat(p.getStatus().getMfaEnabled()).isTrue();
    assertThat(p.getStatus().getDevice().getSerialNumber()).endsWith(":mfa/rootmfa/rootmfa-root");
  }

  /**
   * The reconcile that is enrolling is not interrupted: it finishes the enrollment it began (the
   * device is enabled with its stored seed), then the finalizer runs, records an Event "Retained"
   * and lets the policy go. Nothing is disarmed and nothing is left half-done: no unassigned
   * device, one seed secret.
   */
  @Test
  void aPolicyDeletedMidEnrollmentFinishesOrLeavesNothingAndRecordsRetained() {
    EmulatedAccount account = account("500000000002", "keys-2");
    aws.faults()
        .latency("CreateSecret", Duration.ofSeconds(2))
        .latency("EnableMFADevice", Duration.ofSeconds(2));
    rig.apply(Policies.enforce("deleted", "500000000002", Policies.ROOT, "keys-2", Policies.OPEN));
    Awaitility.await("device created")
        .atMost(Duration.ofSeconds(60))
        .until(() -> !account.devices().isEmpty());
    rig.admin()
        .resources(RootMfaPolicy.class)
        .inNamespace(rig.namespace)
        .withName("deleted")
        .delete();

    Awaitility.await("policy gone")
        .atMost(Duration.ofSeconds(60))
        .until(() -> rig.get("deleted") == null);
    aws.faults().clear();
    assertThat(rig.admin().v1().events().inNamespace(rig.namespace).list().getItems())
        .anyMatch(
            e ->
                e.getReason().equals("Retained")
                    && e.getInvolvedObject().getName().equals("deleted"));
    Invariants.AccountInvariants inv = aws.invariants().account("500000000002").orElseThrow();
    assertThat(inv.unassignedRootmfaDevices()).as("no orphan").isZero();
    Invariants.TargetInvariants root = inv.target("root").orElseThrow();
    assertThat(root.enabledDevices()).isEqualTo(1);
    assertThat(root.assignedSeedMatchesStoredSecret()).isTrue();
    assertThat(root.secrets()).isEqualTo(1);
    assertThat(root.enableBeforeStoredSeed()).isZero();
  }
}
