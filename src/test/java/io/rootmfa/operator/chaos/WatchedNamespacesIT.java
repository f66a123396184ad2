package io.rootmfa.operator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.chaos.ChaosWorld.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The operator watching a list of namespaces (the chart's {@code watchNamespaces}) keeps every
 * namespace's policies: each namespace has its own informer, and one namespace's list must not drop
 * another's policies from the cache. Policies exist before the operator starts, so every informer's
 * first list happens while the others already hold policies.
 */
class WatchedNamespacesIT extends AgainstOperatorProcesses {

  @Test
  void everyWatchedNamespacesPoliciesAreReconciled() throws Exception {
    List<Target> targets =
        List.of(
            world.newTarget("watched-a", false),
            world.newTarget("watched-b", false),
            world.newTarget("watched-c", false));
    String emptyNamespace = world.cluster.newNamespace("watched-empty");
    OperatorProcess operator =
        world.startOperator(
            "watched",
            List.of(
                targets.get(0).namespace(),
                emptyNamespace,
                targets.get(1).namespace(),
                targets.get(2).namespace()),
            Map.of());
    Awaitility.await("every watched namespace's policy enrolled")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                targets.stream()
                    .allMatch(t -> world.readyReason(t).equals(Optional.of("Compliant"))));
    for (Target t : targets) {
      assertThat(world.check(t).all()).as("invariants of %s", t.namespace()).isEmpty();
    }
    assertThat(operator.log())
        .as("no informer reported a watched policy deleted")
        .doesNotContain("action: DELETED");
    assertThat(operator.stop()).isTrue();
  }

  /**
   * An organization policy's children already exist when the operator starts (a restart): the
   * children's informers of the other watched namespaces list nothing, and the parent still finds
   * its child (it neither counts it missing nor creates it again).
   */
  @Test
  void anOrganizationPolicyFindsItsChildrenAfterARestart() throws Exception {
    ChaosWorld.OrganizationPolicy organization = world.newOrganizationPolicy("watched");
    Target child = organization.child();
    String namespace = organization.namespace();
    List<String> watched =
        List.of(
            world.cluster.newNamespace("watched-x"),
            namespace,
            world.cluster.newNamespace("watched-y"),
            world.cluster.newNamespace("watched-z"));

    OperatorProcess first =
        world.startOperator("watched-org-1", watched, world.managementIdentity());
    Awaitility.await("the child is created and audited")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> world.readyReason(child).equals(Optional.of("NotApplicable")));
    assertThat(first.stop()).isTrue();

    OperatorProcess second =
        world.startOperator("watched-org-2", watched, world.managementIdentity());
    String pass = namespace + "/members: 1 selected, ";
    Awaitility.await("the restarted operator's first pass over the parent")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> second.log().contains(pass));
    assertThat(second.log())
        .as("the restarted operator found the existing child")
        .contains(pass + "0 created")
        .doesNotContain(pass + "1 created");
    assertThat(second.stop()).isTrue();
  }
}
