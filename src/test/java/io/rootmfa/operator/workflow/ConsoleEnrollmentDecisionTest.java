package io.rootmfa.operator.workflow;

import static io.rootmfa.operator.workflow.WorkflowFixtures.BREAKGLASS_USER;
import static io.rootmfa.operator.workflow.WorkflowFixtures.NOW;
import static io.rootmfa.operator.workflow.WorkflowFixtures.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.api.v1alpha1.Mode;
import io.rootmfa.operator.api.v1alpha1.RootEnrollment;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Root by console: the decision never enrolls, and names the command a person runs. */
class ConsoleEnrollmentDecisionTest {
  private static final PolicyRef POLICY = new PolicyRef("team-a", "prod-root", "uid-1");
  private static final BreakGlassWindow OPEN =
      WorkflowFixtures.windowUntil("SEC-1234", "ciso", NOW.plus(Duration.ofHours(1)));
  private static final BreakGlassWindow EXPIRED =
      WorkflowFixtures.windowUntil("SEC-1234", "ciso", NOW.minusSeconds(1));
  private static final AuditResult NO_MFA =
      AuditResult.ofRoot(new AccountSummary(false, true, false));

  private static PolicyFacts facts(
      TargetRef target, Optional<BreakGlassWindow> window, RootEnrollment enrollment) {
    return new PolicyFacts(
        Mode.Enforce, target, window, true, false, enrollment, POLICY, Optional.empty());
  }

  private static Verdict reported(PolicyDecision d) {
    assertThat(d).isInstanceOf(PolicyDecision.Report.class);
    return ((PolicyDecision.Report) d).verdict();
  }

  @Test
  void rootByConsoleInAnOpenWindowAwaitsThePersonWithTheExactCommand() {
    Verdict v =
        reported(
            PolicyDecision.decide(
                facts(ROOT, Optional.of(OPEN), RootEnrollment.Console), NO_MFA, NOW));

    assertThat(v.reason()).isEqualTo(Reason.AwaitingConsoleEnrollment);
    assertThat(v.ready()).isFalse();
    assertThat(v.stalled()).isFalse();
    assertThat(v.reconciling()).isFalse();
    assertThat(v.observed()).isTrue();
    assertThat(v.message())
        .contains("`rootmfa console-enroll -n team-a prod-root`")
        .contains("SEC-1234")
        .contains(OPEN.expiresAt().toString());
  }

  @Test
  void rootByConsoleOutsideAWindowAwaitsTheWindowAsBefore() {
    assertThat(
            reported(
                    PolicyDecision.decide(
                        facts(ROOT, Optional.of(EXPIRED), RootEnrollment.Console), NO_MFA, NOW))
                .reason())
        .isEqualTo(Reason.AwaitingBreakGlass);
    assertThat(
            reported(
                    PolicyDecision.decide(
                        facts(ROOT, Optional.empty(), RootEnrollment.Console), NO_MFA, NOW))
                .reason())
        .isEqualTo(Reason.AwaitingBreakGlass);
  }

  @Test
  void rootByApiStillEnrolls() {
    assertThat(
            PolicyDecision.decide(facts(ROOT, Optional.of(OPEN), RootEnrollment.Api), NO_MFA, NOW))
        .isInstanceOf(PolicyDecision.Enroll.class);
  }

  @Test
  void anIamUserIsEnrolledByTheOperatorWhateverTheRootSetting() {
    assertThat(
            PolicyDecision.decide(
                facts(BREAKGLASS_USER, Optional.of(OPEN), RootEnrollment.Console),
                AuditResult.ofIamUser(List.of()),
                NOW))
        .isInstanceOf(PolicyDecision.Enroll.class);
  }

  @Test
  void rootWithMfaIsCompliantWhicheverPath() {
    AuditResult enabled = AuditResult.ofRoot(new AccountSummary(true, true, false));
    assertThat(
            reported(
                    PolicyDecision.decide(
                        facts(ROOT, Optional.of(OPEN), RootEnrollment.Console), enabled, NOW))
                .reason())
        .isEqualTo(Reason.Compliant);
  }

  private static PolicyFacts inCustody(AuditResult audit) {
    return new PolicyFacts(
        Mode.Enforce,
        ROOT,
        Optional.of(OPEN),
        true,
        false,
        RootEnrollment.Console,
        POLICY,
        Optional.of("777788889999"));
  }

  @Test
  void rootByConsoleWhoseSeedBelongsInACustodyAccountIsStalledNotSentToTheCommand() {
    Verdict v = reported(PolicyDecision.decide(inCustody(NO_MFA), NO_MFA, NOW));

    assertThat(v.reason()).isEqualTo(Reason.ConsoleCustodyUnsupported);
    assertThat(v.stalled()).isTrue();
    assertThat(v.observed()).isTrue();
    assertThat(v.message())
        .contains("custody account 777788889999")
        .contains("Nothing was written");
  }

  @Test
  void rootWithMfaIsCompliantAlsoWhenItsSeedBelongsInACustodyAccount() {
    AuditResult enabled = AuditResult.ofRoot(new AccountSummary(true, true, false));
    assertThat(reported(PolicyDecision.decide(inCustody(enabled), enabled, NOW)).reason())
        .isEqualTo(Reason.Compliant);
  }
}
