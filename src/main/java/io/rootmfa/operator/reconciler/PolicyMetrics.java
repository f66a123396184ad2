package io.rootmfa.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicyStatus;
import io.rootmfa.operator.workflow.Reason;
import java.time.Duration;
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
 * rootmfa_enrollments_total{outcome}}, {@code rootmfa_enrollment_duration_seconds}. AWS calls are
 * counted where they happen, in the AWS adapter.
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
      Optional<Condition> mfa = condition(status, StatusComposer.MFA_ENABLED);
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

  private record Observed(String readyReason, boolean stalled, MfaState mfa, Tags policyTags) {}

  private final MeterRegistry meters;
  private final Map<String, Observed> policies = new ConcurrentHashMap<>();
  private final Map<String, List<Meter>> mfaGauges = new ConcurrentHashMap<>();

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
    Observed now =
        new Observed(
            condition(status, StatusComposer.READY).map(Condition::getReason).orElse(""),
            condition(status, StatusComposer.STALLED)
                .map(c -> "True".equals(c.getStatus()))
                .orElse(false),
            MfaState.of(status),
            policyTags);
    Observed before = policies.put(key, now);
    if (before == null || !before.policyTags().equals(policyTags)) {
      removeMfaGauges(key);
      mfaGauges.put(
          key, Arrays.stream(MfaState.values()).map(s -> mfaGauge(key, policyTags, s)).toList());
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
    removeMfaGauges(policy);
  }

  private void removeMfaGauges(String policy) {
    Optional.ofNullable(mfaGauges.remove(policy))
        .ifPresent(gauges -> gauges.forEach(meters::remove));
  }

  private static Optional<Condition> condition(RootMfaPolicyStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  void enrollmentSucceeded(Duration took) {
    meters.counter("rootmfa.enrollments", "outcome", "succeeded").increment();
    meters.timer("rootmfa.enrollment.duration").record(took);
  }

  void enrollmentFailed() {
    meters.counter("rootmfa.enrollments", "outcome", "failed").increment();
  }
}
