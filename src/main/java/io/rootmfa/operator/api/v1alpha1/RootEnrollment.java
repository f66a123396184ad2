package io.rootmfa.operator.api.v1alpha1;

/** How root's MFA device is enrolled in mode Enforce. */
public enum RootEnrollment {
  /**
   * A person enables root's MFA in the AWS console with {@code rootmfa console-enroll}, which keeps
   * the seed in custody; the operator makes no IAM write for root. The only path real AWS accepts.
   */
  Console,
  /**
   * The operator creates and enables the device through the IAM API. Only where AWS accepts an
   * {@code EnableMFADevice} for root (an emulator's {@code allowed} root mode); real AWS refuses
   * it.
   */
  Api
}
