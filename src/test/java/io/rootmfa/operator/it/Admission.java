package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import org.assertj.core.api.AbstractThrowableAssert;

/**
 * RootMfaPolicy manifests sent to the real API server, in a namespace of their own, to see what
 * admission (the CRD's schema and CEL rules) says. Manifests name the policy {@code NAME}.
 */
final class Admission {
  private final TestCluster cluster = TestCluster.get();
  private final String namespace;

  Admission(String namespacePrefix) {
    namespace = cluster.newNamespace(namespacePrefix);
  }

  /** The namespace of its own, unique on the cluster (also a prefix for cluster-scoped names). */
  String namespace() {
    return namespace;
  }

  /** Creates the policy of {@code yaml} as {@code name}, as {@code kubectl create} would. */
  GenericKubernetesResource create(String name, String yaml) {
    GenericKubernetesResource r =
        Serialization.unmarshal(yaml.replace("NAME", name), GenericKubernetesResource.class);
    return cluster
        .admin()
        .genericKubernetesResources("rootmfa.io/v1alpha1", "RootMfaPolicy")
        .inNamespace(namespace)
        .resource(r)
        .create();
  }

  /** The stored policy, as the operator would read it; null when there is none. */
  RootMfaPolicy read(String name) {
    return cluster
        .admin()
        .resources(RootMfaPolicy.class)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  /**
   * The API server refuses the policy as invalid (HTTP 422) and stores nothing; the returned
   * assertion is on the refusal, for its message.
   */
  AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String name, String yaml) {
    AbstractThrowableAssert<?, ? extends Throwable> refusal =
        assertThatThrownBy(() -> create(name, yaml))
            .isInstanceOf(KubernetesClientException.class)
            .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422));
    assertThat(read(name)).isNull();
    return refusal;
  }
}
