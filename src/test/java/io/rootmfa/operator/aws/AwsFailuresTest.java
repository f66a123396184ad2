package io.rootmfa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.workflow.MalformedSeedDocument;
import io.rootmfa.operator.workflow.Reason;
import io.rootmfa.operator.workflow.TargetRef;
import io.rootmfa.operator.workflow.Verdict;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** The classifier's table: typed SDK failures and own exceptions in, reason and stalled out. */
class AwsFailuresTest {
  private static final String ACCOUNT = "123456789012";
  private static final Optional<AwsFailures.Subject> USER =
      Optional.of(
          new AwsFailures.Subject(TargetRef.iamUser("alice"), "rootmfa-alice", "/rootmfa/"));

  private static SdkException iam(String code, int status) {
    return IamException.builder()
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m").build())
        .statusCode(status)
        .requestId("req-1")
        .build();
  }

  private static SdkException secrets(String code, int status) {
    return SecretsManagerException.builder()
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m").build())
        .statusCode(status)
        .build();
  }

  private static RuntimeException call(String operation, SdkException e) {
    return AwsCallException.of(ACCOUNT, operation, e);
  }

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(
            call("GetAccountSummary", iam("AccessDenied", 403)), Reason.AccessDenied, true),
        Arguments.of(
            call("GetSecretValue", secrets("AccessDeniedException", 400)),
            Reason.AccessDenied,
            true),
        Arguments.of(
            call("GetCallerIdentity", iam("InvalidClientTokenId", 403)), Reason.InvalidSpec, true),
        Arguments.of(call("GetCallerIdentity", iam("ExpiredToken", 403)), Reason.InvalidSpec, true),
        Arguments.of(call("ListMFADevices", iam("NoSuchEntity", 404)), Reason.InvalidSpec, true),
        Arguments.of(
            call("CreateSecret", secrets("KMSAccessDeniedException", 400)),
            Reason.AccessDenied,
            true),
        Arguments.of(
            call("CreateSecret", secrets("EncryptionFailure", 400)), Reason.AccessDenied, true),
        Arguments.of(
            call("CreateVirtualMFADevice", iam("EntityAlreadyExists", 409)),
            Reason.DeviceNameTaken,
            true),
        Arguments.of(call("ListMFADevices", iam("Throttling", 400)), Reason.AwsUnavailable, false),
        Arguments.of(
            call("GetSecretValue", secrets("ThrottlingException", 400)),
            Reason.AwsUnavailable,
            false),
        Arguments.of(
            call("ListMFADevices", iam("ServiceFailure", 500)), Reason.AwsUnavailable, false),
        Arguments.of(
            call("ListMFADevices", SdkClientException.create("connect timed out")),
            Reason.AwsUnavailable,
            false),
        Arguments.of(new WrongAccountException(ACCOUNT, "999999999999"), Reason.InvalidSpec, true),
        Arguments.of(
            new MalformedSeedDocument("secret arn:x is not JSON"), Reason.InvalidSpec, true),
        Arguments.of(
            new MalformedResponseException(ACCOUNT, "CreateVirtualMFADevice", "no seed"),
            Reason.AwsUnavailable,
            false));
  }

  @ParameterizedTest
  @MethodSource("table")
  void classifies(RuntimeException failure, Reason reason, boolean stalled) {
    Verdict v = AwsFailures.verdict(failure, USER).orElseThrow();
    assertThat(v.reason()).isEqualTo(reason);
    assertThat(v.stalled()).isEqualTo(stalled);
    assertThat(v.reconciling()).isEqualTo(!stalled);
    assertThat(v.observed()).as("a failure observes nothing about the target").isFalse();
    assertThat(v.message()).isNotBlank();
  }

  @ParameterizedTest
  @MethodSource("table")
  void namesWhatWasDeniedOrMissing(RuntimeException failure, Reason reason, boolean stalled) {
    String message = AwsFailures.verdict(failure, USER).orElseThrow().message();
    if (reason == Reason.AccessDenied && failure instanceof AwsCallException e) {
      assertThat(message).contains(e.operation());
    }
    if (reason == Reason.DeviceNameTaken) {
      assertThat(message).contains("rootmfa-alice");
    }
  }

  @org.junit.jupiter.api.Test
  void aBugIsNotAnAwsFailure() {
    assertThat(AwsFailures.verdict(new NullPointerException(), USER)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void throttlingIsReadFromTheTypedException() {
    AwsCallException e = AwsCallException.of(ACCOUNT, "ListMFADevices", iam("Throttling", 400));
    assertThat(e.retryable()).isTrue();
    assertThat(e.isTransient()).isTrue();
  }
}
