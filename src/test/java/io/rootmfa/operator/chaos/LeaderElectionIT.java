package io.rootmfa.operator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.rootmfa.operator.chaos.ChaosWorld.Target;
import io.rootmfa.operator.emulator.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two operator processes with leader election on one Lease: only the leader calls AWS; SIGKILL the
 * leader in the middle of an enrollment and the other takes the Lease over and finishes, with no
 * double enrollment.
 */
class LeaderElectionIT extends AgainstOperatorProcesses {
  private static final Map<String, String> LEADER_ELECTION =
      Map.of(
          "ROOTMFA_LEADER_ELECTION_ENABLED",
          "true",
          "ROOTMFA_LEADER_ELECTION_LEASE_NAME",
          "rootmfa-leader-it");

  @BeforeAll
  static void leaseNamespace() {
    world
        .cluster
        .admin()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("rootmfa-system")
                .endMetadata()
                .build())
        .serverSideApply();
  }

  @Test
  void onlyTheLeaderActsAndTheOtherTakesOverWhenItIsKilledMidEnrollment() throws Exception {
    Target t = world.newTarget("leader", false);
    // Hold the leader right after it created the device: its seed is only in the leader's memory.
    world.aws.faults().failNext("CreateSecret", 1, Fault.TIMEOUT);
    OperatorProcess a = world.startOperator("leader-a", List.of(t.namespace()), LEADER_ELECTION);
    OperatorProcess b = world.startOperator("leader-b", List.of(t.namespace()), LEADER_ELECTION);
    assertThat(
            ChaosWorld.await(
                () ->
                    !world
                        .calls(
                            t, c -> c.operation().equals("CreateVirtualMFADevice") && c.succeeded())
                        .isEmpty(),
                Duration.ofSeconds(90)))
        .isTrue();
    String awsCallsOf = "aws call account=" + t.accountId();
    // The call log line is written after the answer: wait for it rather than for a fixed time.
    assertThat(
            ChaosWorld.await(
                () -> logged(a, awsCallsOf) || logged(b, awsCallsOf), Duration.ofSeconds(10)))
        .isTrue();
    boolean aLeads = a.log().contains(awsCallsOf);
    OperatorProcess leader = aLeads ? a : b;
    OperatorProcess follower = aLeads ? b : a;
    assertThat(follower.log()).as("the follower made no AWS call").doesNotContain(awsCallsOf);
    assertThat(leader.log()).contains("New leader with identity");
    leader.kill();
    int followerLogAtKill = follower.log().length();
    world.aws.faults().clear();

    Awaitility.await("the follower takes over and enrolls")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> world.readyReason(t).equals(Optional.of("Compliant")));
    assertThat(follower.log().substring(followerLogAtKill)).contains(awsCallsOf);
    assertThat(world.check(t).all()).isEmpty();
    assertThat(world.calls(t, c -> c.operation().equals("CreateVirtualMFADevice") && c.succeeded()))
        .as("the leader's device and the follower's")
        .hasSize(2);
    assertThat(world.calls(t, c -> c.operation().equals("DeleteVirtualMFADevice") && c.succeeded()))
        .as("the leader's unstored device was deleted")
        .hasSize(1);
    assertThat(world.calls(t, c -> c.operation().equals("EnableMFADevice") && c.succeeded()))
        .hasSize(1);
    assertThat(follower.stop()).as("SIGTERM ends a leader promptly").isTrue();
  }

  private static boolean logged(OperatorProcess p, String text) {
    try {
      return p.log().contains(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
