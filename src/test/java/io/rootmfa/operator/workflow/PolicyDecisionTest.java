package io.rootmfa.operator.workflow;

import static io.rootmfa.operator.workflow.WorkflowFixtures.BREAKGLASS_USER;
import static io.rootmfa.operator.workflow.WorkflowFixtures.NOW;
import static io.rootmfa.operator.workflow.WorkflowFixtures.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.api.v1alpha1.Mode;
import io.rootmfa.operator.workflow.PolicyDecision.Enroll;
import io.rootmfa.operator.workflow.PolicyDecision.Report;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyDecisionTest {

  private static final BreakGlassWindow OPEN =
      WorkflowFixtures.windowUntil("SEC-1234", "ciso", NOW.plus(Duration.ofHours(1)));
  private static final BreakGlassWindow EXPIRED =
      WorkflowFixtures.windowUntil("SEC-1234", "ciso", NOW.minusSeconds(1));
  private static final AuditResult NO_MFA =
      AuditResult.ofRoot(new AccountSummary(false, true, false));

  private static PolicyFacts enforce(TargetRef target, Optional<BreakGlassWindow> window) {
    return new PolicyFacts(Mode.Enforce, target, window, true, false);
  }

  private static Verdict reported(PolicyDecision decision) {
    assertThat(decision).isInstanceOf(Report.class);
    return ((Report) decision).verdict();
  }

  @Test
  void reportsCompliantWhenAwsSaysMfaIsEnabled() {
    AuditResult enabled = AuditResult.ofRoot(new AccountSummary(true, true, true));

    Verdict verdict =
        reported(PolicyDecision.decide(enforce(ROOT, Optional.of(OPEN)), enabled, NOW));

    assertThat(verdict.reason()).isEqualTo(Reason.Compliant);
    assertThat(verdict.ready()).isTrue();
    assertThat(verdict.mfaEnabled()).isTrue();
  }

  @Test
  void aCompliantTargetNeedsNoWindowNorSeedStore() {
    PolicyFacts bare =
        new PolicyFacts(Mode.Enforce, BREAKGLASS_USER, Optional.empty(), false, false);
    AuditResult enabled =
        AuditResult.ofIamUser(
            List.of(
                new AuditResult.AssignedDevice(
                    "arn:aws:iam::123456789012:mfa/x", Optional.empty())));

    assertThat(reported(PolicyDecision.decide(bare, enabled, NOW)).reason())
        .isEqualTo(Reason.Compliant);
  }

  @Test
  void rootWithoutCredentialsIsNotApplicableAndReadyWithoutEnrolling() {
    AuditResult noCredentials = AuditResult.ofRoot(new AccountSummary(false, false, false));

    Verdict verdict =
        reported(PolicyDecision.decide(enforce(ROOT, Optional.of(OPEN)), noCredentials, NOW));

    assertThat(verdict.reason()).isEqualTo(Reason.NotApplicable);
    assertThat(verdict.ready()).isTrue();
    assertThat(verdict.mfaEnabled()).isFalse();
    assertThat(verdict.stalled()).isFalse();
  }

  @Test
  void auditNeverEnrolls() {
    PolicyFacts audit = new PolicyFacts(Mode.Audit, ROOT, Optional.of(OPEN), true, false);

    Verdict verdict = reported(PolicyDecision.decide(audit, NO_MFA, NOW));

    assertThat(verdict.reason()).isEqualTo(Reason.NonCompliant);
    assertThat(verdict.ready()).isFalse();
    assertThat(verdict.stalled()).isFalse();
    assertThat(verdict.reconciling()).isFalse();
  }

  @Test
  void enforceWithoutASeedStoreStallsAsInvalidSpec() {
    PolicyFacts noStore = new PolicyFacts(Mode.Enforce, ROOT, Optional.of(OPEN), false, false);

    Verdict verdict = reported(PolicyDecision.decide(noStore, NO_MFA, NOW));

    assertThat(verdict.reason()).isEqualTo(Reason.InvalidSpec);
    assertThat(verdict.stalled()).isTrue();
  }

  @Test
  void enforceWithoutAWindowAwaitsBreakGlass() {
    Verdict verdict = reported(PolicyDecision.decide(enforce(ROOT, Optional.empty()), NO_MFA, NOW));

    assertThat(verdict.reason()).isEqualTo(Reason.AwaitingBreakGlass);
    assertThat(verdict.stalled()).isFalse();
    assertThat(verdict.message()).contains("root");
  }

  @Test
  void expiredWindowAwaitsBreakGlass() {
    Verdict verdict =
        reported(PolicyDecision.decide(enforce(ROOT, Optional.of(EXPIRED)), NO_MFA, NOW));

    assertThat(verdict.reason()).isEqualTo(Reason.AwaitingBreakGlass);
    assertThat(verdict.message()).contains("SEC-1234").contains(EXPIRED.expiresAt().toString());
  }

  @Test
  void aWindowEndingThisInstantNoLongerAllowsEnrollment() {
    BreakGlassWindow endsNow = WorkflowFixtures.windowUntil("SEC-1234", "ciso", NOW);

    Verdict verdict =
        reported(PolicyDecision.decide(enforce(ROOT, Optional.of(endsNow)), NO_MFA, NOW));

    assertThat(verdict.reason()).isEqualTo(Reason.AwaitingBreakGlass);
  }

  @Test
  void rootRefusedForThisGenerationStallsInsteadOfCreatingAnotherDevice() {
    PolicyFacts refused = new PolicyFacts(Mode.Enforce, ROOT, Optional.of(OPEN), true, true);

    Verdict verdict = reported(PolicyDecision.decide(refused, NO_MFA, NOW));

    assertThat(verdict.reason()).isEqualTo(Reason.RootApiEnrollmentUnsupported);
    assertThat(verdict.stalled()).isTrue();
  }

  @Test
  void aRootRefusalDoesNotBlockAnIamUser() {
    PolicyFacts refused =
        new PolicyFacts(Mode.Enforce, BREAKGLASS_USER, Optional.of(OPEN), true, true);
    AuditResult noDevice = AuditResult.ofIamUser(List.of());

    assertThat(PolicyDecision.decide(refused, noDevice, NOW)).isInstanceOf(Enroll.class);
  }

  @Test
  void enforceEnrollsInsideAnOpenWindow() {
    assertThat(PolicyDecision.decide(enforce(ROOT, Optional.of(OPEN)), NO_MFA, NOW))
        .isInstanceOf(Enroll.class);
  }
}
