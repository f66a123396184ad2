package io.rootmfa.operator.reconciler;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.rootmfa.operator.workflow.Reason;
import io.rootmfa.operator.workflow.Verdict;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics of the policies: {@code rootmfa_policies{reason,ready}}, {@code
 * rootmfa_policies_stalled}, {@code rootmfa_enrollments_total{outcome}}, {@code
 * rootmfa_enrollment_duration_seconds}. AWS calls are counted where they happen, in the AWS
 * adapter.
 */
final class PolicyMetrics {
  private final MeterRegistry meters;
  private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();

  PolicyMetrics(MeterRegistry meters) {
    this.meters = meters;
    for (Reason r : Reason.values()) {
      Gauge.builder(
              "rootmfa.policies",
              verdicts,
              v -> v.values().stream().filter(x -> x.reason() == r).count())
          .tag("reason", r.name())
          .tag("ready", String.valueOf(r.ready()))
          .description("Policies by the reason of their Ready condition")
          .register(meters);
    }
    Gauge.builder(
            "rootmfa.policies.stalled",
            verdicts,
            v -> v.values().stream().filter(Verdict::stalled).count())
        .description("Policies that cannot progress without a person")
        .register(meters);
  }

  void observed(String policy, Verdict verdict) {
    verdicts.put(policy, verdict);
  }

  void forget(String policy) {
    verdicts.remove(policy);
  }

  void enrollmentSucceeded(Duration took) {
    meters.counter("rootmfa.enrollments", "outcome", "succeeded").increment();
    meters.timer("rootmfa.enrollment.duration").record(took);
  }

  void enrollmentFailed() {
    meters.counter("rootmfa.enrollments", "outcome", "failed").increment();
  }
}
