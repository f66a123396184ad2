package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

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
  private static Admission admission;

  @BeforeAll
  static void namespace() {
    admission = new Admission("partition");
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

  @Test
  void theAwsPartitionIsAdmitted() {
    admission.create("aws", POLICY);
    assertThat(admission.read("aws")).isNotNull();
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
    admission
        .assertRefused("single-region-key", withKey("1234abcd-12ab-34cd-56ef-1234567890ab"))
        .hasMessageContaining(expected);
    admission
        .assertRefused(
            "key-arn",
            withKey("arn:aws:kms:us-east-1:444455556666:key/mrk-1234abcd12ab34cd56ef1234567890ab"))
        .hasMessageContaining(expected);
    admission.create("multi-region-key", withKey("mrk-1234abcd12ab34cd56ef1234567890ab"));
    admission.create(
        "no-replica",
        withKey("1234abcd-12ab-34cd-56ef-1234567890ab")
            .replace("replicaRegions: [us-west-2]", "tags: {}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherPartitions")
  void otherPartitionsAreRefusedSayingWhy(String name, String yaml, String expected) {
    admission
        .assertRefused(name, yaml)
        .hasMessageContaining(expected)
        .hasMessageContaining("the operator calls IAM at the aws-global endpoint");
  }
}
