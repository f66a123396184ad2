package io.rootmfa.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.workflow.RootCredentialRemoval.DeleteAccessKey;
import io.rootmfa.operator.workflow.RootCredentialRemoval.DeleteLoginProfile;
import io.rootmfa.operator.workflow.RootCredentialRemoval.DeleteSigningCertificate;
import io.rootmfa.operator.workflow.RootCredentialRemoval.Remove;
import io.rootmfa.operator.workflow.RootCredentialRemoval.Report;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RootCredentialRemovalTest {
  static final String ACCOUNT = "200000000001";
  static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  static final Optional<BreakGlassWindow> OPEN =
      Optional.of(WorkflowFixtures.windowUntil("SEC-9", "alice", NOW.plusSeconds(3600)));
  static final Optional<BreakGlassWindow> EXPIRED =
      Optional.of(WorkflowFixtures.windowUntil("SEC-8", "alice", NOW.minusSeconds(1)));

  static RootCredentials root(
      boolean password, List<String> keys, List<String> certificates, List<String> mfa) {
    return new RootCredentials(password, keys, certificates, mfa);
  }

  static final RootCredentials EVERYTHING =
      root(true, List.of("AKIAB", "AKIAA"), List.of("CERT1"), List.of());

  private static RootCredentialRemoval.Decision decide(
      RootCredentials r, boolean removal, Optional<BreakGlassWindow> window) {
    return RootCredentialRemoval.decide(ACCOUNT, r, removal, window, NOW);
  }

  private static Verdict verdict(RootCredentialRemoval.Decision d) {
    assertThat(d).isInstanceOf(Report.class);
    return ((Report) d).verdict();
  }

  @Test
  void removesThePasswordFirstThenAccessKeysThenSigningCertificates() {
    assertThat(decide(EVERYTHING, true, OPEN)).isEqualTo(new Remove(new DeleteLoginProfile()));
    assertThat(
            decide(root(false, List.of("AKIAB", "AKIAA"), List.of("CERT1"), List.of()), true, OPEN))
        .isEqualTo(new Remove(new DeleteAccessKey("AKIAA")));
    assertThat(decide(root(false, List.of(), List.of("CERT2", "CERT1"), List.of()), true, OPEN))
        .isEqualTo(new Remove(new DeleteSigningCertificate("CERT1")));
  }

  @Test
  void removesNothingOutsideAnOpenWindow() {
    Verdict noWindow = verdict(decide(EVERYTHING, true, Optional.empty()));
    assertThat(noWindow.reason()).isEqualTo(Reason.AwaitingBreakGlass);
    assertThat(noWindow.message()).contains("a password, 2 access keys and 1 signing certificate");
    Verdict expired = verdict(decide(EVERYTHING, true, EXPIRED));
    assertThat(expired.reason()).isEqualTo(Reason.AwaitingBreakGlass);
    assertThat(expired.message()).contains("SEC-8");
  }

  @Test
  void auditModeOnlyReports() {
    Verdict v = verdict(decide(EVERYTHING, false, OPEN));
    assertThat(v.reason()).isEqualTo(Reason.NonCompliant);
    assertThat(v.ready()).isFalse();
  }

  @Test
  void aRootWithoutCredentialsIsNotApplicableAndTheMessageSaysWhatAwsDocumentsAboutRecovery() {
    Verdict v = verdict(decide(root(false, List.of(), List.of(), List.of()), true, OPEN));
    assertThat(v.reason()).isEqualTo(Reason.NotApplicable);
    assertThat(v.ready()).isTrue();
    assertThat(v.message())
        .contains("no password, access keys or signing certificates, so it cannot sign in")
        .contains("cannot sign in or perform password recovery")
        .contains("IAMCreateRootUserPassword");
  }

  @Test
  void certificatesAloneDoNotLetRootSignInButAreStillRemovedInAWindow() {
    RootCredentials certificatesOnly = root(false, List.of(), List.of("CERT1"), List.of());
    assertThat(verdict(decide(certificatesOnly, false, OPEN)).reason())
        .isEqualTo(Reason.NotApplicable);
    assertThat(decide(certificatesOnly, true, OPEN))
        .isEqualTo(new Remove(new DeleteSigningCertificate("CERT1")));
  }

  @Test
  void anMfaDeviceIsNeverAStepAndKeepsRootCompliant() {
    RootCredentials withMfa =
        root(true, List.of("AKIAA"), List.of(), List.of("arn:aws:iam::200000000001:mfa/root"));
    assertThat(verdict(decide(withMfa, true, Optional.empty())).reason())
        .isEqualTo(Reason.Compliant);
    assertThat(decide(withMfa, true, OPEN)).isEqualTo(new Remove(new DeleteLoginProfile()));
    RootCredentials onlyMfa = root(false, List.of(), List.of(), withMfa.mfaDeviceSerials());
    assertThat(verdict(decide(onlyMfa, true, OPEN)).reason()).isEqualTo(Reason.Compliant);
  }

  @Test
  void theManagementAccountIsRefusedAndStalled() {
    Verdict v = RootCredentialRemoval.managementAccountRefused("100000000000");
    assertThat(v.reason()).isEqualTo(Reason.InvalidSpec);
    assertThat(v.stalled()).isTrue();
    assertThat(v.message()).contains("100000000000 is the organization's management account");
  }

  /**
   * A model of AWS and of crashes: at every step the process may die before the call, after the
   * effect but before it learns of it, or not at all; each restart re-audits. Whatever the crash
   * points, removal converges to NotApplicable, deletes each credential once at most, and never
   * names an MFA device.
   */
  @Test
  void crashesAtAnyStepConvergeAndNeverTouchMfa() {
    Random random = new Random(12);
    for (int run = 0; run < 500; run++) {
      boolean password = true;
      List<String> keys = new ArrayList<>(List.of("AKIA1", "AKIA2"));
      List<String> certificates = new ArrayList<>(List.of("C1", "C2"));
      List<String> mfa = random.nextBoolean() ? List.of("arn:aws:iam::1:mfa/root") : List.of();
      List<String> deleted = new ArrayList<>();
      for (int reconcile = 0; reconcile < 50; reconcile++) {
        RootCredentials observed = root(password, keys, certificates, mfa);
        RootCredentialRemoval.Decision d = decide(observed, true, OPEN);
        if (d instanceof Report report) {
          assertThat(observed.noneRemovable()).isTrue();
          assertThat(report.verdict().ready()).isTrue();
          break;
        }
        RootCredentialRemoval.Step step = ((Remove) d).step();
        assertThat(step.action()).doesNotContainIgnoringCase("MFA");
        int crash = random.nextInt(3); // 0: before the call, 1: after the effect, 2: none
        if (crash == 0) {
          continue;
        }
        if (step instanceof DeleteLoginProfile) {
          password = false;
        } else if (step instanceof DeleteAccessKey k) {
          assertThat(keys.remove(k.accessKeyId())).isTrue();
        } else if (step instanceof DeleteSigningCertificate c) {
          assertThat(certificates.remove(c.certificateId())).isTrue();
        }
        deleted.add(step.describe());
      }
      assertThat(password).isFalse();
      assertThat(keys).isEmpty();
      assertThat(certificates).isEmpty();
      assertThat(deleted).doesNotHaveDuplicates().hasSize(5);
    }
  }
}
