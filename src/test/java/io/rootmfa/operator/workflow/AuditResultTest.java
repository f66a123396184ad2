package io.rootmfa.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.workflow.AuditResult.AssignedDevice;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditResultTest {

  private static final AssignedDevice FIRST =
      new AssignedDevice(
          "arn:aws:iam::123456789012:mfa/first",
          Optional.of(Instant.parse("2026-01-01T00:00:00Z")));
  private static final AssignedDevice SECOND =
      new AssignedDevice("arn:aws:iam::123456789012:mfa/second", Optional.empty());

  @Test
  void rootWithNeitherPasswordNorKeysIsNotApplicableAndCompliant() {
    AuditResult audit = AuditResult.ofRoot(new AccountSummary(false, false, false));

    assertThat(audit.notApplicable()).isTrue();
    assertThat(audit.mfaEnabled()).isFalse();
    assertThat(audit.compliant()).isTrue();
  }

  @Test
  void rootWithAPasswordAndNoMfaIsNonCompliant() {
    AuditResult audit = AuditResult.ofRoot(new AccountSummary(false, true, false));

    assertThat(audit.notApplicable()).isFalse();
    assertThat(audit.compliant()).isFalse();
  }

  @Test
  void rootWithOnlyAccessKeysAndNoMfaIsNonCompliant() {
    AuditResult audit = AuditResult.ofRoot(new AccountSummary(false, false, true));

    assertThat(audit.notApplicable()).isFalse();
    assertThat(audit.compliant()).isFalse();
  }

  @Test
  void rootWithMfaIsCompliantBecauseOfMfaNotAsNotApplicable() {
    AuditResult audit = AuditResult.ofRoot(new AccountSummary(true, false, false));

    assertThat(audit.mfaEnabled()).isTrue();
    assertThat(audit.notApplicable()).isFalse();
    assertThat(audit.compliant()).isTrue();
  }

  @Test
  void rootIsJudgedBySummaryAloneAndNamesNoDevice() {
    assertThat(AuditResult.ofRoot(new AccountSummary(true, true, true)).device()).isEmpty();
  }

  @Test
  void anIamUserWithoutDevicesIsNonCompliantAndNeverNotApplicable() {
    AuditResult audit = AuditResult.ofIamUser(List.of());

    assertThat(audit.compliant()).isFalse();
    assertThat(audit.notApplicable()).isFalse();
    assertThat(audit.device()).isEmpty();
  }

  @Test
  void anIamUserWithDevicesIsCompliantAndNamesTheFirst() {
    AuditResult audit = AuditResult.ofIamUser(List.of(FIRST, SECOND));

    assertThat(audit.compliant()).isTrue();
    assertThat(audit.device()).contains(FIRST);
  }

  @Test
  void namingTheDeviceKeepsTheJudgement() {
    AuditResult named =
        AuditResult.ofRoot(new AccountSummary(false, false, false)).withDevice(Optional.of(SECOND));

    assertThat(named).isEqualTo(new AuditResult(false, true, Optional.of(SECOND)));
  }
}
