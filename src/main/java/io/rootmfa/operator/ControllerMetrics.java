package io.rootmfa.operator;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The operator SDK's own metrics ({@code operator_sdk_*}) per controller, not per policy: the
 * extension's default keeps several series for every policy, which at thousands of accounts costs
 * memory in the operator and megabytes per Prometheus scrape. Policies are counted by {@code
 * rootmfa_policies{reason}} instead.
 */
public class ControllerMetrics {

  @Produces
  @Singleton
  Metrics operatorSdkMetrics(MeterRegistry meters) {
    return MicrometerMetrics.withoutPerResourceMetrics(meters);
  }
}
