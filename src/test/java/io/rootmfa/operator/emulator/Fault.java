package io.rootmfa.operator.emulator;

/** Injectable faults; see {@link Faults}. */
public enum Fault {
  /**
   * IAM/STS {@code Throttling} (400), Secrets Manager {@code ThrottlingException} (400), "Rate
   * exceeded".
   */
  THROTTLE,
  /**
   * HTTP 500: IAM {@code ServiceFailure}, STS {@code InternalFailure}, Secrets Manager {@code
   * InternalServiceError}.
   */
  SERVER_ERROR,
  /** HTTP 503 {@code ServiceUnavailable}. */
  UNAVAILABLE,
  /**
   * Hold the request for {@link Faults#timeoutHold()}, then close the connection without a
   * response.
   */
  TIMEOUT,
  /** HTTP 200 with a syntactically broken body. */
  MALFORMED
}
