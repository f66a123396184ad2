package io.rootmfa.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import org.junit.jupiter.api.Test;

class WithoutManagedFieldsTest {
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
    ObjectMapper mapper = new ObjectMapper();
    new WithoutManagedFields().customize(mapper);

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
}
