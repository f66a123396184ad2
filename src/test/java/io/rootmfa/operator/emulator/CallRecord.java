package io.rootmfa.operator.emulator;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One AWS API call as the emulator saw it. Holds only safe parameters: never a seed, an
 * authentication code, a secret value, an external id, a secret key or a session token.
 *
 * @param time emulator time when the call arrived
 * @param requestId the {@code x-amzn-RequestId} returned
 * @param service {@code iam}, {@code sts} or {@code secretsmanager}
 * @param operation the operation name, e.g. {@code EnableMFADevice}
 * @param accountId the caller's account, or {@code null} if authentication failed
 * @param region the SigV4 scope region
 * @param principalArn the caller, or {@code null} if authentication failed
 * @param outcome {@code OK}, an AWS error code, or for faults applied before the effect the
 *     injected error code / {@code TIMEOUT} / {@code MALFORMED}
 * @param fault the fault injected into this call, or {@code null}
 * @param params safe request parameters ({@link CallLog#SAFE_PARAMETERS})
 */
public record CallRecord(
    Instant time,
    String requestId,
    String service,
    String operation,
    String accountId,
    String region,
    String principalArn,
    String outcome,
    Fault fault,
    Map<String, String> params) {

  /**
   * The operations that change IAM (root's credentials included) or Secrets Manager, the ones
   * Audit, losing policies and closed windows never call.
   */
  public static final Set<String> WRITE_OPERATIONS =
      Set.of(
          "DeleteLoginProfile",
          "DeleteAccessKey",
          "DeleteSigningCertificate",
          "CreateVirtualMFADevice",
          "EnableMFADevice",
          "DeactivateMFADevice",
          "DeleteVirtualMFADevice",
          "CreateSecret",
          "PutSecretValue",
          "UpdateSecret",
          "TagResource",
          "DeleteSecret",
          "PutResourcePolicy",
          "DeleteResourcePolicy");

  /** True for an operation that changes IAM or Secrets Manager. */
  public boolean isWrite() {
    return WRITE_OPERATIONS.contains(operation);
  }

  /** True when AWS applied the operation's effect (the outcome is {@code OK}). */
  public boolean succeeded() {
    return "OK".equals(outcome);
  }

  /** A safe parameter, or {@code null}. */
  public String param(String name) {
    return params.get(name);
  }
}
