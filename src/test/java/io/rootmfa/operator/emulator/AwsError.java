package io.rootmfa.operator.emulator;

/**
 * An AWS service error as the emulator returns it. The protocol layer renders it as a Query {@code
 * <ErrorResponse>} or a JSON {@code __type} document. The message never contains secret material.
 */
public final class AwsError extends RuntimeException {

  private final String code;
  private final int status;

  /**
   * @param code the AWS error code, e.g. {@code NoSuchEntity}
   * @param status the HTTP status
   * @param message the human message, in AWS's wording where known
   */
  public AwsError(String code, int status, String message) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
  }

  /** The AWS error code. */
  public String code() {
    return code;
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** {@code Sender} for 4xx, {@code Receiver} for 5xx, as in Query error documents. */
  public String faultType() {
    return status >= 500 ? "Receiver" : "Sender";
  }

  static AwsError validation(String message) {
    return new AwsError("ValidationError", 400, message);
  }

  static AwsError noSuchEntity(String message) {
    return new AwsError("NoSuchEntity", 404, message);
  }
}
