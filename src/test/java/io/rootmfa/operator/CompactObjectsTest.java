package io.rootmfa.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import org.junit.jupiter.api.Test;

/** How the operator's client reads objects: what it drops and what it keeps once for all. */
class CompactObjectsTest {
  private static ObjectMapper compact() {
    ObjectMapper mapper = new ObjectMapper();
    new CompactObjects().customize(mapper);
    return mapper;
  }

  /** A child policy as the API server sends it in a watch event. */
  private static RootMfaPolicy fromWatch(ObjectMapper mapper, String account) throws Exception {
    return mapper.readValue(
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

  private static final String POLICY =
      """
      {"apiVersion":"rootmfa.io/v1alpha1","kind":"RootMfaPolicy",
       "metadata":{"name":"mfa","namespace":"team-a","uid":"u-1","resourceVersion":"7",
         "generation":2,"labels":{"team":"a"},"finalizers":["rootmfa.io/finalizer"],
         "managedFields":[{"manager":"kubectl","operation":"Apply","apiVersion":"rootmfa.io/v1alpha1",
           "fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:mode":{}}}}]},
       "spec":{"accountId":"111111111111","mode":"Audit"}}
      """;

  @Test
  void readsObjectsWithoutManagedFieldsAndKeepsTheRestOfTheirMetadata() throws Exception {
    ObjectMapper mapper = compact();

    RootMfaPolicy policy = mapper.readValue(POLICY, RootMfaPolicy.class);

    assertThat(policy.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(policy.getMetadata().getAdditionalProperties()).doesNotContainKey("managedFields");
    assertThat(policy.getMetadata().getName()).isEqualTo("mfa");
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(policy.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(policy.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(policy.getMetadata().getLabels()).containsEntry("team", "a");
    assertThat(policy.getMetadata().getFinalizers()).containsExactly("rootmfa.io/finalizer");
    assertThat(policy.getSpec().getAccountId()).isEqualTo("111111111111");
  }

  @Test
  void withoutTheCustomizerTheManagedFieldsAreRead() throws Exception {
    RootMfaPolicy policy = new ObjectMapper().readValue(POLICY, RootMfaPolicy.class);

    assertThat(policy.getMetadata().getManagedFields()).hasSize(1);
  }

  @Test
  void keepsOneCopyOfWhatPoliciesRepeat() throws Exception {
    ObjectMapper mapper = compact();
    RootMfaPolicy a = fromWatch(mapper, "200000000001");
    RootMfaPolicy b = fromWatch(mapper, "200000000002");
    RootMfaPolicy plainA = fromWatch(new ObjectMapper(), "200000000001");
    RootMfaPolicy plainB = fromWatch(new ObjectMapper(), "200000000002");
    assertThat(plainA.getMetadata().getNamespace())
        .as("a plain read keeps a copy each")
        .isNotSameAs(plainB.getMetadata().getNamespace());

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
