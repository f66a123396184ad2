package io.rootmfa.operator.emulator;

import java.time.Instant;

/**
 * One authenticated AWS call.
 *
 * @param requestId the request id returned to the caller
 * @param service the service called
 * @param operation the operation name
 * @param region the SigV4 scope region
 * @param credentials the credentials that signed the request
 * @param account the account the caller acts in
 * @param emulator the emulator (for cross-account lookups)
 * @param now emulator time at arrival
 * @param taskPolicy the task policy scoping an {@code sts:AssumeRoot} session, else {@code null}
 */
record RequestContext(
    String requestId,
    Service service,
    String operation,
    String region,
    AccessKey credentials,
    EmulatedAccount account,
    AwsEmulator emulator,
    Instant now,
    RootTaskPolicy taskPolicy) {

  Principal caller() {
    return credentials.principal();
  }

  /**
   * Throws the service's access-denied error when a deny rule matches {@code action}, or when the
   * task policy of a root session does not allow it on {@code resource}.
   */
  void authorize(String action, String resource) {
    if (taskPolicy != null && !taskPolicy.allows(action, resource)) {
      String message =
          "User: "
              + caller().arn()
              + " is not authorized to perform: "
              + action
              + " on resource: "
              + resource
              + " with an explicit deny in a session policy";
      throw service.isQuery()
          ? new AwsError("AccessDenied", 403, message)
          : new AwsError("AccessDeniedException", 400, message);
    }
    if (account.isDenied(caller(), action)) {
      String message =
          "User: "
              + caller().arn()
              + " is not authorized to perform: "
              + action
              + " on resource: "
              + resource
              + " with an explicit deny in an identity-based policy";
      throw service.isQuery()
          ? new AwsError("AccessDenied", 403, message)
          : new AwsError("AccessDeniedException", 400, message);
    }
  }
}
