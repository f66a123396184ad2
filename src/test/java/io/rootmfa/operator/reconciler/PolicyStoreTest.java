package io.rootmfa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import org.junit.jupiter.api.Test;

/** The informer's cache of policies: what it drops and what it keeps once for all policies. */
class PolicyStoreTest {

  /** A child policy as the API server sends it in a watch event. */
  private static RootMfaPolicy fromWatch(String account) {
    return Serialization.unmarshal(
        """
        {"apiVersion": "rootmfa.io/v1alpha1", "kind": "RootMfaPolicy",
         "metadata": {"name": "org-%1$s", "namespace": "team", "uid": "uid-%1$s",
           "resourceVersion": "7", "finalizers": ["rootmfapolicies.rootmfa.io/finalizer"],
           "labels": {"rootmfa.io/account": "%1$s", "rootmfa.io/organization-policy": "org"},
           "managedFields": [{"manager": "rootmfa-operator", "operation": "Apply"}],
           "ownerReferences": [{"apiVersion": "rootmfa.io/v1alpha1",
             "kind": "OrganizationRootMfaPolicy", "name": "org", "uid": "parent", "controller": true}]},
         "spec": {"accountId": "%1$s", "mode": "Audit", "checkInterval": "10m"},
         "status": {"target": "root", "conditions": [
           {"type": "Ready", "status": "True", "reason": "NotApplicable",
            "message": "the root user of account %1$s cannot sign in",
            "lastTransitionTime": "2026-11-29T15:01:22Z"},
           {"type": "Stalled", "status": "False", "reason": "Progressing",
            "message": "not stalled", "lastTransitionTime": "2026-11-29T15:01:22Z"}]}}
        """
            .formatted(account),
        RootMfaPolicy.class);
  }

  @Test
  void dropsManagedFieldsAndKeepsOneCopyOfWhatPoliciesRepeat() {
    PolicyStore store = new PolicyStore();
    RootMfaPolicy first = fromWatch("200000000001");
    RootMfaPolicy second = fromWatch("200000000002");
    assertThat(first.getMetadata().getNamespace()).isNotSameAs(second.getMetadata().getNamespace());

    store.put(Cache.metaNamespaceKeyFunc(first), first);
    store.put(Cache.metaNamespaceKeyFunc(second), second);

    RootMfaPolicy a = store.get("team/org-200000000001");
    RootMfaPolicy b = store.get("team/org-200000000002");
    assertThat(a.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(a.getMetadata().getNamespace()).isSameAs(b.getMetadata().getNamespace());
    String parentLabel = "rootmfa.io/organization-policy";
    assertThat(a.getMetadata().getLabels().get(parentLabel))
        .isSameAs(b.getMetadata().getLabels().get(parentLabel));
    assertThat(a.getMetadata().getOwnerReferences().get(0).getName())
        .isSameAs(b.getMetadata().getOwnerReferences().get(0).getName());
    assertThat(a.getMetadata().getFinalizers().get(0))
        .isSameAs(b.getMetadata().getFinalizers().get(0));
    Condition stalledA = a.getStatus().getConditions().get(1);
    Condition stalledB = b.getStatus().getConditions().get(1);
    assertThat(stalledA.getMessage()).isEqualTo("not stalled").isSameAs(stalledB.getMessage());
    assertThat(stalledA.getReason()).isSameAs(stalledB.getReason());
    assertThat(stalledA.getLastTransitionTime()).isSameAs(stalledB.getLastTransitionTime());
    assertThat(a.getStatus().getTarget()).isSameAs(b.getStatus().getTarget());
    // What differs stays as it came.
    assertThat(a.getStatus().getConditions().get(0).getMessage())
        .isEqualTo("the root user of account 200000000001 cannot sign in");
    assertThat(a.getMetadata().getLabels())
        .containsEntry("rootmfa.io/account", "200000000001")
        .containsEntry(parentLabel, "org");
    assertThat(a.getSpec().getAccountId()).isEqualTo("200000000001");
    assertThat(a.getMetadata().getResourceVersion()).isEqualTo("7");
  }
}
