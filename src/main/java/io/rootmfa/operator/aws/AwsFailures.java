package io.rootmfa.operator.aws;

import io.rootmfa.operator.workflow.MalformedSeedDocument;
import io.rootmfa.operator.workflow.Reason;
import io.rootmfa.operator.workflow.TargetRef;
import io.rootmfa.operator.workflow.Verdict;
import java.util.Optional;
import java.util.Set;

/**
 * The one classifier from failures of AWS calls to the reason a person reads. Pure: it looks at the
 * exception's type and, for AWS's answers, at what the SDK reported (error code, HTTP status,
 * throttling, retryable). Every verdict is unobserved: AWS did not answer about the target, so the
 * status keeps what it last observed.
 */
public final class AwsFailures {
  private static final Set<String> ACCESS_DENIED =
      Set.of(
          "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError");
  private static final Set<String> CREDENTIALS_REFUSED =
      Set.of(
          "InvalidClientTokenId",
          "UnrecognizedClientException",
          "SignatureDoesNotMatch",
          "ExpiredToken");
  private static final Set<String> KMS_REFUSED = Set.of("EncryptionFailure", "DecryptionFailure");

  private AwsFailures() {}

  /** AWS refused the action to the caller's identity. */
  public static boolean isAccessDenied(AwsCallException e) {
    return ACCESS_DENIED.contains(e.errorCode());
  }

  /** The entity or resource the call names does not exist. */
  public static boolean isNotFound(AwsCallException e) {
    return e.errorCode().equals("NoSuchEntity")
        || e.errorCode().equals("ResourceNotFoundException");
  }

  /**
   * What the failing reconcile was about, for messages that name the device or the user.
   *
   * @param target the policy's target
   * @param deviceName the device name the policy asks for
   * @param devicePath its path
   */
  public record Subject(TargetRef target, String deviceName, String devicePath) {}

  /**
   * The verdict for a failure of an AWS call or of what it answered; empty when the exception is
   * none of those (a bug, reported as such by the caller).
   */
  public static Optional<Verdict> verdict(RuntimeException failure, Optional<Subject> subject) {
    if (failure instanceof WrongAccountException e) {
      return Optional.of(stalled(Reason.InvalidSpec, "spec.credentials: " + e.getMessage()));
    }
    if (failure instanceof MalformedSeedDocument e) {
      return Optional.of(
          stalled(
              Reason.InvalidSpec,
              e.getMessage()
                  + "; it is not a seed this operator wrote. Point "
                  + "spec.seedStore.secretsManager.secretName at another secret, or remove that one"));
    }
    if (failure instanceof MalformedResponseException e) {
      return Optional.of(retried(e.getMessage() + "; retrying with backoff"));
    }
    if (failure instanceof AwsCallException e) {
      return Optional.of(ofCall(e, subject));
    }
    return Optional.empty();
  }

  private static Verdict ofCall(AwsCallException e, Optional<Subject> subject) {
    String code = e.errorCode();
    if (ACCESS_DENIED.contains(code)) {
      return stalled(
          Reason.AccessDenied,
          "AWS denied "
              + action(e.operation())
              + " in account "
              + e.accountId()
              + ": "
              + e.getMessage()
              + ". Grant it to the operator's role (see deploy/aws/)");
    }
    if (CREDENTIALS_REFUSED.contains(code)) {
      return stalled(
          Reason.InvalidSpec,
          "AWS does not accept the credentials of spec.credentials: " + e.getMessage());
    }
    if (answered(e, "ListMFADevices", "NoSuchEntity") && subject.isPresent()) {
      return stalled(
          Reason.InvalidSpec,
          "IAM user "
              + subject.get().target().userName().orElse("?")
              + " does not exist in account "
              + e.accountId());
    }
    if (code.startsWith("KMS") || KMS_REFUSED.contains(code)) {
      return stalled(
          Reason.AccessDenied, "the KMS key of spec.seedStore cannot be used: " + e.getMessage());
    }
    if (answered(e, "CreateVirtualMFADevice", "EntityAlreadyExists") && subject.isPresent()) {
      // Device names are unique in an account whatever the path: ours was free at our path, so
      // another path has it.
      return stalled(
          Reason.DeviceNameTaken,
          "a virtual MFA device named "
              + subject.get().deviceName()
              + " already exists in account "
              + e.accountId()
              + " at another path than "
              + subject.get().devicePath()
              + "; it is left untouched: delete it or choose another spec.device.name");
    }
    if (e.isTransient()) {
      return retried("AWS is unavailable or throttling; retrying with backoff: " + e.getMessage());
    }
    return retried(java.util.Objects.requireNonNullElse(e.getMessage(), e.errorCode()));
  }

  /** AWS answered {@code operation} with the error {@code code}. */
  private static boolean answered(AwsCallException e, String operation, String code) {
    return e.operation().equals(operation) && e.errorCode().equals(code);
  }

  private static Verdict stalled(Reason reason, String message) {
    return Verdict.unobserved(reason, message, true);
  }

  private static Verdict retried(String message) {
    return Verdict.unobserved(Reason.AwsUnavailable, message, false);
  }

  private static String action(String operation) {
    return switch (operation) {
      case "GetSecretValue", "CreateSecret", "PutSecretValue", "DescribeSecret" ->
          "secretsmanager:" + operation;
      case "GetCallerIdentity", "AssumeRole", "AssumeRoot" -> "sts:" + operation;
      default -> "iam:" + operation;
    };
  }
}
