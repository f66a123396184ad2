package io.rootmfa.operator.reconciler;

import io.rootmfa.operator.api.v1alpha1.DeviceStatus;
import io.rootmfa.operator.api.v1alpha1.Mode;
import io.rootmfa.operator.api.v1alpha1.Remediation;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.aws.AccountSession;
import io.rootmfa.operator.aws.AccountSessions;
import io.rootmfa.operator.aws.CredentialSource;
import io.rootmfa.operator.aws.RootSessionCredentials;
import io.rootmfa.operator.workflow.BreakGlassWindow;
import io.rootmfa.operator.workflow.RootCredentialRemoval;
import io.rootmfa.operator.workflow.RootCredentials;
import io.rootmfa.operator.workflow.TargetRef;
import io.rootmfa.operator.workflow.Verdict;
import io.rootmfa.operator.workflow.WriteGate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A policy with {@code credentials.assumeRoot}: audit the member account's root through a root
 * session scoped by IAMAuditRootUserCredentials (reads only), and, for {@code remediation:
 * RemoveRootCredentials} inside an open window, delete one credential at a time through a second
 * session scoped by IAMDeleteRootUserCredentials, re-auditing after every step. The decisions are
 * {@link RootCredentialRemoval}'s.
 */
final class AssumeRootPath {
  /** More steps than a root can have credentials for (1 password, 2 keys, 2 certificates). */
  private static final int MAX_STEPS = 16;

  private static final Duration ORGANIZATION_TTL = Duration.ofMinutes(10);

  /** What one reconcile through AssumeRoot found. */
  record Outcome(Verdict verdict, Optional<DeviceStatus> device) {}

  private final AccountSessions sessions;
  private final PolicyEvents events;
  private final Clock clock;
  private volatile @Nullable String managementAccountId;
  private volatile Instant managementAccountReadAt = Instant.MIN;

  AssumeRootPath(AccountSessions sessions, PolicyEvents events, Clock clock) {
    this.sessions = sessions;
    this.events = events;
    this.clock = clock;
  }

  static boolean applies(RootMfaPolicy policy) {
    return policy.getSpec() != null
        && policy.getSpec().getCredentials() != null
        && policy.getSpec().getCredentials().getAssumeRoot() != null;
  }

  /** The second session of a policy, for removals: its own key so the audit session stays open. */
  static String removalKey(String policyKey) {
    return policyKey + "#remove";
  }

  Outcome run(RootMfaPolicy policy, String policyKey, PolicyView view) {
    if (view.accountId().equals(managementAccountId())) {
      return new Outcome(
          RootCredentialRemoval.managementAccountRefused(view.accountId()), Optional.empty());
    }
    AccountSession audit = session(policyKey, view, RootSessionCredentials.AUDIT_TASK_POLICY);
    audit.verifyIdentity();
    RootCredentials root = audit.rootUser().credentials();
    boolean removal =
        view.mode() == Mode.Enforce
            && policy.getSpec().getRemediation() == Remediation.RemoveRootCredentials;
    AccountSession remover = null;
    for (int step = 0; step < MAX_STEPS; step++) {
      RootCredentialRemoval.Decision decision =
          RootCredentialRemoval.decide(
              view.accountId(), root, removal, view.window(), audit.clock().now());
      if (decision instanceof RootCredentialRemoval.Report report) {
        return new Outcome(report.verdict(), device(root));
      }
      RootCredentialRemoval.Step next = ((RootCredentialRemoval.Remove) decision).step();
      if (remover == null) {
        remover = session(removalKey(policyKey), view, RootSessionCredentials.DELETE_TASK_POLICY);
      }
      // Opening the removal session took time: the window is asked again right before the write.
      Optional<Verdict> closed =
          WriteGate.window(TargetRef.root(), view.window(), remover.clock()::now).refusal();
      if (closed.isPresent()) {
        return new Outcome(closed.get(), device(root));
      }
      remover.rootUser().delete(next);
      events.normal(
          policy,
          "RootCredentialDeleted",
          "deleted "
              + next.describe()
              + " in account "
              + view.accountId()
              + " ("
              + next.action()
              + " through sts:AssumeRoot, break-glass ticket "
              + view.window().map(BreakGlassWindow::ticket).orElse("?")
              + ")");
      root = remover.rootUser().credentials();
    }
    throw new IllegalStateException("root credential removal did not converge");
  }

  private AccountSession session(String key, PolicyView view, String taskPolicy) {
    return sessions.sessionFor(
        key,
        new AccountSessions.Key(
            view.accountId(), view.region(), new CredentialSource.RootSession(taskPolicy)),
        Optional.empty());
  }

  private static Optional<DeviceStatus> device(RootCredentials root) {
    return root.mfaDeviceSerials().stream().findFirst().map(s -> new DeviceStatus(s, null));
  }

  /** The organization's management account, read with the operator's identity, cached 10 min. */
  private String managementAccountId() {
    Instant now = clock.instant();
    if (managementAccountId == null
        || Duration.between(managementAccountReadAt, now).compareTo(ORGANIZATION_TTL) > 0) {
      managementAccountId = sessions.organizations().describeOrganization().managementAccountId();
      managementAccountReadAt = now;
    }
    return managementAccountId;
  }
}
