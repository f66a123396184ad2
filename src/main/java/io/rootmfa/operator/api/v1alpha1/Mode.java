package io.rootmfa.operator.api.v1alpha1;

/** What the operator may do in the account. */
public enum Mode {
  /** Read-only: report compliance, never write to AWS. */
  Audit,
  /** Audit, and enroll a virtual MFA device inside an approved break-glass window. */
  Enforce
}
