package io.rootmfa.operator.api.v1alpha1;

/**
 * The CEL rules of the API's string formats, one home each, with the message a person reads when a
 * value is refused at admission. (Annotation values must be constants, so they are strings here
 * rather than methods.) The aws-partition rules are in {@link AwsPartition}.
 */
final class Formats {
  private Formats() {}

  /**
   * A duration of whole units, e.g. 90s, 10m, 1h30m: what CEL's {@code duration()} and the operator
   * both parse. A field adds its own minimum with {@code && duration(self) >= ...}.
   */
  static final String DURATION = "self.matches('^([0-9]+(ms|s|m|h))+$')";

  /** An AWS region name, e.g. us-east-1 (its partition is {@link AwsPartition#REGION}'s). */
  static final String REGION = "self.matches('^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$')";

  static final String REGION_MESSAGE = "region must be an AWS region name such as us-east-1";

  /** An IAM path: begins and ends with '/', printable ASCII between (AWS's path pattern). */
  static final String IAM_PATH = "self.matches('^/([\\\\x21-\\\\x7E]*/)?$')";

  static final String IAM_PATH_MESSAGE = "device.path must begin and end with '/', e.g. /rootmfa/";
}
