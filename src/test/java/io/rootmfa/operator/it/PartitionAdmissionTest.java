package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Only the aws partition is supported (IAM is called at the aws-global endpoint): the real API
 * server refuses GovCloud, China and ISO role ARNs, regions and KMS key ARNs at admission, with a
 * message that says why, and admits the same policy in the aws partition. With replicaRegions, the
 * seed key must be one that the same kmsKeyId names in every region (an alias or a multi-Region key
 * id).
 */
@Integration
class PartitionAdmissionTest {
  private static TestCluster cluster;
  private static String ns;

  @BeforeAll
  static void cluster() {
    cluster = TestCluster.get();
    ns = cluster.newNamespace("partition");
  }

  static final String POLICY =
      """
      apiVersion: rootmfa.io/v1alpha1
      kind: RootMfaPolicy
      metadata: {name: NAME}
      spec:
        accountId: "111122223333"
        mode: Enforce
        region: us-east-1
        target: {iamUser: {userName: breakglass-admin}}
        credentials:
          assumeRole: {roleArn: "arn:aws:iam::111122223333:role/RootMfaEnroller"}
        seedStore:
          secretsManager:
            secretName: rootmfa/111122223333/iamUser/breakglass-admin
            kmsKeyId: alias/rootmfa-seed
            replicaRegions: [us-west-2]
      """;

  private static GenericKubernetesResource create(String name, String yaml) {
    GenericKubernetesResource r =
        Serialization.unmarshal(yaml.replace("NAME", name), GenericKubernetesResource.class);
    return cluster
        .admin()
        .genericKubernetesResources("rootmfa.io/v1alpha1", "RootMfaPolicy")
        .inNamespace(ns)
        .resource(r)
        .create();
  }

  @Test
  void theAwsPartitionIsAdmitted() {
    create("aws", POLICY);
    assertThat(cluster.admin().resources(RootMfaPolicy.class).inNamespace(ns).withName("aws").get())
        .isNotNull();
  }

  static Stream<Arguments> otherPartitions() {
    return Stream.of(
        Arguments.of(
            "govcloud-role",
            POLICY.replace("arn:aws:iam::", "arn:aws-us-gov:iam::"),
            "assumeRole.roleArn must be in the aws partition"),
        Arguments.of(
            "china-role",
            POLICY.replace("arn:aws:iam::", "arn:aws-cn:iam::"),
            "assumeRole.roleArn must be in the aws partition"),
        Arguments.of(
            "govcloud-region",
            POLICY.replace("region: us-east-1", "region: us-gov-west-1"),
            "region must be in the aws partition"),
        Arguments.of(
            "china-region",
            POLICY.replace("region: us-east-1", "region: cn-north-1"),
            "region must be in the aws partition"),
        Arguments.of(
            "iso-region",
            POLICY.replace("region: us-east-1", "region: us-isob-east-1"),
            "region must be in the aws partition"),
        Arguments.of(
            "govcloud-replica",
            POLICY.replace("[us-west-2]", "[us-west-2, us-gov-east-1]"),
            "replicaRegions must be in the aws partition"),
        Arguments.of(
            "china-key",
            withKey(
                    "arn:aws-cn:kms:cn-north-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab")
                .replace("replicaRegions: [us-west-2]", "tags: {}"),
            "kmsKeyId must be a key id, an alias or an ARN of the aws partition"));
  }

  private static String withKey(String kmsKeyId) {
    return POLICY.replace("kmsKeyId: alias/rootmfa-seed", "kmsKeyId: " + kmsKeyId);
  }

  @Test
  void replicaRegionsNeedAKeyThatExistsInEveryRegion() {
    String expected = "with replicaRegions, seedStore.secretsManager.kmsKeyId must be an alias";
    assertThatThrownBy(
            () -> create("single-region-key", withKey("1234abcd-12ab-34cd-56ef-1234567890ab")))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(expected);
    assertThatThrownBy(
            () ->
                create(
                    "key-arn",
                    withKey(
                        "arn:aws:kms:us-east-1:444455556666:key/mrk-1234abcd12ab34cd56ef1234567890ab")))
        .hasMessageContaining(expected);
    create("multi-region-key", withKey("mrk-1234abcd12ab34cd56ef1234567890ab"));
    create(
        "no-replica",
        withKey("1234abcd-12ab-34cd-56ef-1234567890ab")
            .replace("replicaRegions: [us-west-2]", "tags: {}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherPartitions")
  void otherPartitionsAreRefusedSayingWhy(String name, String yaml, String expected) {
    assertThatThrownBy(() -> create(name, yaml))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(expected)
        .hasMessageContaining("the operator calls IAM at the aws-global endpoint");
    assertThat(cluster.admin().resources(RootMfaPolicy.class).inNamespace(ns).withName(name).get())
        .isNull();
  }
}
