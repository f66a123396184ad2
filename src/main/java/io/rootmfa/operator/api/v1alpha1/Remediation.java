package io.rootmfa.operator.api.v1alpha1;

/** What the operator may change in AWS, besides enrolling MFA, to make a policy compliant. */
public enum Remediation {
  /**
   * Delete the member account root user's password, access keys and signing certificates through
   * {@code sts:AssumeRoot} with {@code IAMDeleteRootUserCredentials}, one at a time, inside an open
   * break-glass window. MFA devices are never deactivated or deleted.
   */
  RemoveRootCredentials
}
