package io.rootmfa.operator.aws;

import lombok.AccessLevel;
import lombok.AllArgsConstructor;
import lombok.Getter;
import lombok.experimental.Accessors;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A failed AWS call, with the context a person needs (account, operation, AWS error code, request
 * id) and nothing that could be secret: messages are AWS's error messages, which never echo request
 * parameters such as codes.
 */
@Accessors(fluent = true)
@Getter
@AllArgsConstructor
public final class AwsCallException extends RuntimeException {
  private final String accountId;
  private final String operation;
  private final String errorCode;
  private final @Nullable String requestId;
  private final int statusCode;

  /** What the SDK said: throttling, a 5xx, a clock skew, a failed connection. */
  private final boolean retryable;

  /** AWS's own error message (or, for a client failure, the exception's kind). */
  @Getter(AccessLevel.NONE)
  private final @Nullable String awsMessage;

  @Override
  public String getMessage() {
    return operation
        + " in account "
        + accountId
        + " failed: "
        + errorCode
        + (awsMessage == null || awsMessage.isBlank() ? "" : " (" + awsMessage + ")")
        + (requestId == null ? "" : " [request id " + requestId + "]");
  }

  /**
   * Translates an SDK exception; the SDK's own message is not reused because it may quote the
   * request.
   */
  public static AwsCallException of(String accountId, String operation, SdkException e) {
    if (e.getCause() instanceof AwsCallException credentialsFailure) {
      // A failure to obtain credentials (sts:AssumeRoot), reported as that call, not as the one
      // that needed them.
      return credentialsFailure;
    }
    if (e instanceof AwsServiceException ase) {
      var details = ase.awsErrorDetails();
      String code =
          details == null || details.errorCode() == null ? "Unknown" : details.errorCode();
      String message = details == null ? null : details.errorMessage();
      return new AwsCallException(
          accountId,
          operation,
          code,
          ase.requestId(),
          ase.statusCode(),
          ase.retryable() || ase.isThrottlingException(),
          message);
    }
    String kind = e instanceof SdkClientException ? "ClientError" : "SdkError";
    return new AwsCallException(
        accountId,
        operation,
        kind,
        null,
        0,
        true,
        e.getClass().getSimpleName()
            + (e.getCause() == null
                ? ""
                : " caused by " + e.getCause().getClass().getSimpleName()));
  }

  /** Runs one SDK call, translating its failure. */
  public static <T> T wrap(
      String accountId, String operation, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw of(accountId, operation, e);
    }
  }

  /** Throttling, 5xx, timeouts and connection failures: worth retrying later. */
  public boolean isTransient() {
    return retryable
        || statusCode >= 500
        || errorCode.equals("ClientError")
        || errorCode.equals("SdkError")
        || errorCode.equals("ServiceUnavailable")
        || errorCode.equals("InternalFailure")
        || errorCode.equals("RequestTimeout")
        || errorCode.equals("EntityTemporarilyUnmodifiable")
        || errorCode.equals("ConcurrentModification");
  }
}
