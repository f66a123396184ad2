package io.rootmfa.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicyStatus;
import io.rootmfa.operator.organization.OrganizationRootMfaPolicyReconciler;
import io.rootmfa.operator.workflow.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics of the policies, read from the status each reconcile composes, so that they
 * say what the status says: {@code rootmfa_policies{reason,ready}}, {@code
 * rootmfa_policies_stalled}, {@code rootmfa_policy_mfa{namespace,name,account,target,state}} (1 for
 * the policy's current MFA state, 0 for the others; removed with the policy), {@code
 * rootmfa_policy_ready{namespace,name,account,target,organizational_unit,organization_policy,
 * reason,stalled}} (one series per policy, 1 while Ready=True; its reason and stalled labels move
 * with the conditions; the OU and organization policy are the labels the organization policy puts
 * on its children, empty for other policies), {@code rootmfa_enrollments_total{outcome}}, {@code
 * rootmfa_enrollment_duration_seconds}. AWS calls are counted where they happen, in the AWS
 * adapter.
 */
final class PolicyMetrics {
  /** What the MfaEnabled condition says, one series each. */
  enum MfaState {
    /** AWS reports MFA for the target. */
    Enabled,
    /** AWS reports no MFA for a target that can sign in. */
    Disabled,
    /** Root has no password and no access keys: nobody can sign in. */
    NotApplicable,
    /** The last reconcile could not observe it. */
    Unknown;

    static MfaState of(RootMfaPolicyStatus status) {
      Optional<Condition> mfa = status.condition(StatusComposer.MFA_ENABLED);
      if (mfa.isEmpty()) {
        return Unknown;
      }
      return switch (mfa.get().getStatus()) {
        case "True" -> Enabled;
        case "False" ->
            Reason.NotApplicable.name().equals(mfa.get().getReason()) ? NotApplicable : Disabled;
        default -> Unknown;
      };
    }
  }

  private record Observed(
      String readyReason, boolean ready, boolean stalled, MfaState mfa, Tags policyTags) {
    /** The tags of the policy's Ready series: its own, where it sits, and its conditions. */
    Tags readyTags(RootMfaPolicy policy) {
      Map<String, String> labels =
          Optional.ofNullable(policy.getMetadata().getLabels()).orElse(Map.of());
      return policyTags.and(
          Tags.of(
              "organizational_unit",
              labels.getOrDefault(OrganizationRootMfaPolicyReconciler.UNIT_LABEL, ""),
              "organization_policy",
              labels.getOrDefault(OrganizationRootMfaPolicyReconciler.PARENT_LABEL, ""),
              "reason",
              readyReason,
              "stalled",
              String.valueOf(stalled)));
    }
  }

  private final MeterRegistry meters;
  private final Map<String, Observed> policies = new ConcurrentHashMap<>();

  /** Each policy's own series and the tags of its Ready series, replaced when tags change. */
  private final Map<String, PolicySeries> series = new ConcurrentHashMap<>();

  private record PolicySeries(Tags readyTags, List<Meter> gauges) {}

  PolicyMetrics(MeterRegistry meters) {
    this.meters = meters;
    for (Reason r : Reason.values()) {
      Gauge.builder(
              "rootmfa.policies",
              policies,
              p -> p.values().stream().filter(o -> r.name().equals(o.readyReason())).count())
          .tag("reason", r.name())
          .tag("ready", String.valueOf(r.ready()))
          .description("Policies by the reason of their Ready condition")
          .register(meters);
    }
    Gauge.builder(
            "rootmfa.policies.stalled",
            policies,
            p -> p.values().stream().filter(Observed::stalled).count())
        .description("Policies with Stalled=True: they cannot progress without a person")
        .register(meters);
  }

  /** Records the status just composed for a policy (whether or not it is written). */
  void observed(String key, RootMfaPolicy policy, RootMfaPolicyStatus status) {
    Tags policyTags =
        Tags.of(
            "namespace", policy.getMetadata().getNamespace(),
            "name", policy.getMetadata().getName(),
            "account",
                policy.getSpec() == null
                    ? ""
                    : Objects.toString(policy.getSpec().getAccountId(), ""),
            "target", Objects.toString(status.getTarget(), ""));
    Optional<Condition> ready = status.condition(StatusComposer.READY);
    Observed now =
        new Observed(
            ready.map(Condition::getReason).orElse(""),
            ready.map(c -> "True".equals(c.getStatus())).orElse(false),
            status
                .condition(StatusComposer.STALLED)
                .map(c -> "True".equals(c.getStatus()))
                .orElse(false),
            MfaState.of(status),
            policyTags);
    policies.put(key, now);
    Tags readyTags = now.readyTags(policy);
    PolicySeries before = series.get(key);
    if (before == null || !before.readyTags().equals(readyTags)) {
      removeGauges(key);
      List<Meter> gauges = new ArrayList<>();
      Arrays.stream(MfaState.values()).forEach(s -> gauges.add(mfaGauge(key, policyTags, s)));
      gauges.add(
          Gauge.builder(
                  "rootmfa.policy.ready",
                  policies,
                  p -> Optional.ofNullable(p.get(key)).filter(Observed::ready).isPresent() ? 1 : 0)
              .tags(readyTags)
              .description(
                  "1 while the policy is Ready, 0 otherwise; labelled with its Ready reason,"
                      + " Stalled, OU and organization policy")
              .register(meters));
      series.put(key, new PolicySeries(readyTags, gauges));
    }
  }

  /** 1 while the policy's MFA state is {@code state}, 0 otherwise. */
  private Meter mfaGauge(String key, Tags policyTags, MfaState state) {
    return Gauge.builder(
            "rootmfa.policy.mfa",
            policies,
            p -> Optional.ofNullable(p.get(key)).filter(o -> o.mfa() == state).isPresent() ? 1 : 0)
        .tags(policyTags.and("state", state.name()))
        .description(
            "1 for the policy's MFA state (what its MfaEnabled condition says), 0 for the others")
        .register(meters);
  }

  void forget(String policy) {
    policies.remove(policy);
    removeGauges(policy);
  }

  private void removeGauges(String policy) {
    Optional.ofNullable(series.remove(policy)).ifPresent(s -> s.gauges().forEach(meters::remove));
  }

  void enrollmentSucceeded(Duration took) {
    meters.counter("rootmfa.enrollments", "outcome", "succeeded").increment();
    meters.timer("rootmfa.enrollment.duration").record(took);
  }

  void enrollmentFailed() {
    meters.counter("rootmfa.enrollments", "outcome", "failed").increment();
  }
}
