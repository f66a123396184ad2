package io.rootmfa.operator.reconciler;

import io.rootmfa.operator.aws.AccountSession;
import io.rootmfa.operator.workflow.AuditResult;
import io.rootmfa.operator.workflow.TargetRef;

/**
 * The read-only audit: one IAM call in the steady state, one more to name root's device when asked.
 */
final class Auditor {

  AuditResult audit(AccountSession session, TargetRef target, boolean nameDevice) {
    if (target.isRoot()) {
      AuditResult r = AuditResult.ofRoot(session.iam().accountSummary());
      return r.mfaEnabled() && nameDevice ? r.withDevice(session.iam().rootVirtualDevice()) : r;
    }
    return AuditResult.ofIamUser(session.iam().mfaDevicesOf(target.userName().orElseThrow()));
  }
}
