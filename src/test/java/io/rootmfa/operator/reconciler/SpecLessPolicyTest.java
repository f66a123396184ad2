package io.rootmfa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A policy without a spec (which the CRD now refuses, but an older CRD or a direct etcd write may
 * hold) becomes a Stalled InvalidSpec status; nothing is thrown to the framework, no AWS session is
 * asked for.
 */
class SpecLessPolicyTest {

  @Test
  void aPolicyWithoutSpecIsReportedNotThrown() throws Exception {
    // Events go to a closed port: recording them fails quietly, as on a broken API server.
    try (KubernetesClient unreachable =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:1")
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      RootMfaPolicyReconciler reconciler =
          new RootMfaPolicyReconciler(
              unreachable, null, new SimpleMeterRegistry(), Clock.systemUTC(), Duration.ofHours(1));
      RootMfaPolicy specless = new RootMfaPolicy();
      specless.setMetadata(
          new ObjectMetaBuilder().withNamespace("ns").withName("p").withGeneration(1L).build());
      specless.setStatus(null);

      UpdateControl<RootMfaPolicy> control = reconciler.reconcile(specless, null);

      assertThat(control.isPatchStatus()).isTrue();
      var status = control.getResource().orElseThrow().getStatus();
      assertThat(status.getConditions())
          .filteredOn(c -> c.getType().equals("Ready"))
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("InvalidSpec");
              });
      assertThat(status.getConditions())
          .filteredOn(c -> c.getType().equals("Stalled"))
          .singleElement()
          .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
      assertThat(status.getConditions())
          .filteredOn(c -> c.getType().equals("MfaEnabled"))
          .singleElement()
          .satisfies(c -> assertThat(c.getStatus()).isEqualTo("Unknown"));
      assertThat(control.getScheduleDelay()).isPresent();
    }
  }
}
