package io.rootmfa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicySpec;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicyStatus;
import io.rootmfa.operator.workflow.Reason;
import io.rootmfa.operator.workflow.TargetRef;
import io.rootmfa.operator.workflow.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The metrics say what the composed status says, per policy and in total. */
class PolicyMetricsTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final PolicyMetrics metrics = new PolicyMetrics(meters);
  private final StatusComposer composer = new StatusComposer(Duration.ofHours(1));
  private final Instant t0 = Instant.parse("2026-11-28T10:00:00Z");

  private static RootMfaPolicy policy(String name, String account) {
    RootMfaPolicy p = new RootMfaPolicy();
    p.setMetadata(new ObjectMetaBuilder().withNamespace("team-a").withName(name).build());
    RootMfaPolicySpec spec = new RootMfaPolicySpec();
    spec.setAccountId(account);
    p.setSpec(spec);
    return p;
  }

  private RootMfaPolicyStatus status(Verdict verdict) {
    return composer.compose(
        null,
        1,
        verdict,
        new StatusComposer.Findings(
            "root", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
        t0);
  }

  private Map<String, Double> mfaStates(String name) {
    Map<String, Double> states = new TreeMap<>();
    for (Gauge g : meters.find("rootmfa.policy.mfa").tag("name", name).gauges()) {
      states.put(g.getId().getTag("state"), g.value());
    }
    return states;
  }

  private double gauge(String name, String... tags) {
    return meters.find(name).tags(tags).gauge().value();
  }

  @Test
  void eachPolicyHasOneSeriesPerMfaStateWithItsCurrentStateAtOne() {
    RootMfaPolicy p = policy("prod-root", "444455556666");
    metrics.observed("team-a/prod-root", p, status(Verdict.compliant(TargetRef.root())));
    assertThat(mfaStates("prod-root"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("Enabled", 1.0, "Disabled", 0.0, "NotApplicable", 0.0, "Unknown", 0.0));
    assertThat(meters.find("rootmfa.policy.mfa").tag("state", "Enabled").gauge().getId().getTags())
        .extracting(t -> t.getKey() + "=" + t.getValue())
        .contains("namespace=team-a", "name=prod-root", "account=444455556666", "target=root");

    // MFA removed by hand from an Enforce target: the reason is AwaitingBreakGlass, the state
    // Disabled.
    metrics.observed(
        "team-a/prod-root",
        p,
        status(Verdict.settled(Reason.AwaitingBreakGlass, "no MFA, no window", false)));
    assertThat(mfaStates("prod-root")).containsEntry("Disabled", 1.0).containsEntry("Enabled", 0.0);
  }

  @Test
  void notApplicableAndUnobservedAreNotDisabled() {
    RootMfaPolicy p = policy("sandbox", "777788889999");
    metrics.observed(
        "team-a/sandbox", p, status(Verdict.settled(Reason.NotApplicable, "no password", false)));
    assertThat(mfaStates("sandbox"))
        .containsEntry("NotApplicable", 1.0)
        .containsEntry("Disabled", 0.0);

    RootMfaPolicyStatus unobserved = status(Verdict.inFlight(Reason.AwsUnavailable, "throttled"));
    unobserved.getConditions().stream()
        .filter(c -> c.getType().equals("MfaEnabled"))
        .forEach(c -> c.setStatus("Unknown"));
    metrics.observed("team-a/sandbox", p, unobserved);
    assertThat(mfaStates("sandbox")).containsEntry("Unknown", 1.0).containsEntry("Disabled", 0.0);
  }

  @Test
  void reasonAndStalledCountsFollowTheConditionsAndForgetRemovesThePolicy() {
    RootMfaPolicy p = policy("audit", "444455556666");
    metrics.observed(
        "team-a/audit", p, status(Verdict.settled(Reason.NonCompliant, "no MFA", false)));
    assertThat(gauge("rootmfa.policies", "reason", "NonCompliant")).isEqualTo(1.0);
    assertThat(gauge("rootmfa.policies.stalled")).as("NonCompliant is Stalled=True").isEqualTo(1.0);

    metrics.forget("team-a/audit");
    assertThat(gauge("rootmfa.policies", "reason", "NonCompliant")).isZero();
    assertThat(gauge("rootmfa.policies.stalled")).isZero();
    assertThat(mfaStates("audit")).isEmpty();
  }

  @Test
  void aChangedAccountMovesTheSeriesInsteadOfLeavingTheOldOnes() {
    metrics.observed(
        "team-a/moved",
        policy("moved", "111111111111"),
        status(Verdict.compliant(TargetRef.root())));
    metrics.observed(
        "team-a/moved",
        policy("moved", "222222222222"),
        status(Verdict.compliant(TargetRef.root())));
    assertThat(meters.find("rootmfa.policy.mfa").tag("name", "moved").gauges())
        .hasSize(4)
        .allSatisfy(g -> assertThat(g.getId().getTag("account")).isEqualTo("222222222222"));
  }

  @Test
  void eachPolicyHasOneReadySeriesLabelledWithItsReasonAndTheOrganizationUnitOfAChild() {
    RootMfaPolicy child = policy("all-members-444455556666", "444455556666");
    child
        .getMetadata()
        .setLabels(
            Map.of(
                "rootmfa.io/organizational-unit", "ou-ab12-cd34ef56",
                "rootmfa.io/organization-policy", "all-members"));
    metrics.observed(
        "team-a/all-members-444455556666",
        child,
        status(Verdict.settled(Reason.NonCompliant, "root has a password", false)));
    Gauge ready =
        meters.find("rootmfa.policy.ready").tag("name", child.getMetadata().getName()).gauge();
    assertThat(ready.value()).isZero();
    Map<String, String> tags = new TreeMap<>();
    ready.getId().getTags().forEach(t -> tags.put(t.getKey(), t.getValue()));
    assertThat(tags)
        .containsAllEntriesOf(
            Map.of(
                "organizational_unit", "ou-ab12-cd34ef56",
                "organization_policy", "all-members",
                "account", "444455556666",
                "reason", "NonCompliant",
                "stalled", "true"));

    metrics.observed(
        "team-a/all-members-444455556666",
        child,
        status(Verdict.settled(Reason.NotApplicable, "root cannot sign in", false)));
    assertThat(meters.find("rootmfa.policy.ready").gauges())
        .as("the series moved to the new reason instead of adding one")
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.getId().getTag("reason")).isEqualTo("NotApplicable");
              assertThat(g.getId().getTag("stalled")).isEqualTo("false");
              assertThat(g.value()).isEqualTo(1.0);
            });

    RootMfaPolicy standalone = policy("prod-root", "111122223333");
    metrics.observed("team-a/prod-root", standalone, status(Verdict.compliant(TargetRef.root())));
    assertThat(
            meters
                .find("rootmfa.policy.ready")
                .tag("name", "prod-root")
                .gauge()
                .getId()
                .getTag("organizational_unit"))
        .isEmpty();

    metrics.forget("team-a/all-members-444455556666");
    metrics.forget("team-a/prod-root");
    assertThat(meters.find("rootmfa.policy.ready").gauges()).isEmpty();
  }
}
