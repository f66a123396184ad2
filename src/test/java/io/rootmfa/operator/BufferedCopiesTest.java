package io.rootmfa.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import org.junit.jupiter.api.Test;

/** The operator SDK's copy of a cached policy, through the token buffer. */
class BufferedCopiesTest {
  private static final String POLICY =
      """
      {"apiVersion":"rootmfa.io/v1alpha1","kind":"RootMfaPolicy",
       "metadata":{"name":"mfa","namespace":"team-a","uid":"u-1","resourceVersion":"7",
         "generation":2,"labels":{"team":"a"},"annotations":{"note":"x"},
         "finalizers":["rootmfa.io/finalizer"]},
       "spec":{"accountId":"111111111111","mode":"Enforce","checkInterval":"10m",
         "target":{"iamUser":{"userName":"ops"}},
         "credentials":{"assumeRole":{"roleArn":"arn:aws:iam::111111111111:role/r"}}},
       "status":{"observedGeneration":2,"mfaEnabled":true,"lastCheckedAt":"2026-11-29T15:01:22Z",
         "device":{"serialNumber":"arn:aws:iam::111111111111:mfa/ops"},
         "conditions":[{"type":"Ready","status":"True","reason":"Compliant",
           "message":"MFA is enabled","lastTransitionTime":"2026-11-29T15:01:22Z",
           "observedGeneration":2}]}}
      """;

  private static ObjectMapper mapper() {
    ObjectMapper mapper = new ObjectMapper();
    new CompactObjects().customize(mapper);
    return mapper;
  }

  @Test
  void copiesWhatTheJsonRoundTripCopies() throws Exception {
    ObjectMapper mapper = mapper();
    RootMfaPolicy cached = mapper.readValue(POLICY, RootMfaPolicy.class);

    RootMfaPolicy copy = new BufferedCopies.Serialization(mapper).clone(cached);
    RootMfaPolicy viaJson = new KubernetesSerialization(mapper, false).clone(cached);

    assertThat(copy).isNotSameAs(cached);
    assertThat(mapper.writeValueAsString(copy))
        .isEqualTo(mapper.writeValueAsString(viaJson))
        .isEqualTo(mapper.writeValueAsString(cached));
    assertThat(copy.getStatus()).isEqualTo(cached.getStatus());
  }

  @Test
  void theCopyIsDeep() throws Exception {
    ObjectMapper mapper = mapper();
    RootMfaPolicy cached = mapper.readValue(POLICY, RootMfaPolicy.class);

    RootMfaPolicy copy = new BufferedCopies.Serialization(mapper).clone(cached);
    copy.getMetadata().getLabels().put("team", "b");
    copy.getMetadata().getAnnotations().put("note", "y");
    copy.getSpec().setAccountId("222222222222");
    Condition ready = copy.getStatus().getConditions().get(0);
    ready.setReason("Drifted");
    copy.getStatus().setMfaEnabled(false);

    assertThat(cached.getMetadata()).isNotSameAs(copy.getMetadata());
    assertThat(cached.getMetadata().getLabels()).containsEntry("team", "a");
    assertThat(cached.getMetadata().getAnnotations()).containsEntry("note", "x");
    assertThat(cached.getSpec().getAccountId()).isEqualTo("111111111111");
    assertThat(cached.getStatus().getConditions().get(0).getReason()).isEqualTo("Compliant");
    assertThat(cached.getStatus().getMfaEnabled()).isTrue();
  }
}
