package io.rootmfa.operator.api.v1alpha1;

/**
 * The operator supports the {@code aws} partition only: it calls IAM at the {@code aws-global}
 * endpoint, which GovCloud ({@code aws-us-gov}), China ({@code aws-cn}) and the ISO partitions do
 * not serve. These CEL rules refuse their ARNs and regions at admission, so there is no silent
 * mismatch.
 */
final class AwsPartition {
  private AwsPartition() {}

  static final String WHY =
      "aws-us-gov, aws-cn and the ISO partitions are not supported, because the operator calls IAM"
          + " at the aws-global endpoint";

  /** A region of the aws partition (not us-gov-*, cn-*, *-iso*-*). */
  static final String REGION = "!self.matches('^(us-gov|cn)-') && !self.matches('-iso[a-z]?-')";

  static final String REGION_MESSAGE =
      "region must be in the aws partition (GovCloud us-gov-*, China cn-* and ISO regions are refused): "
          + WHY;

  /** Every region of a list is of the aws partition. */
  static final String REGIONS =
      "self.all(r, !r.matches('^(us-gov|cn)-') && !r.matches('-iso[a-z]?-'))";

  static final String REGIONS_MESSAGE =
      "seedStore.secretsManager.replicaRegions must be in the aws partition: " + WHY;

  /** An ARN of the aws partition. */
  static final String ARN = "self.startsWith('arn:aws:')";
}
