package io.rootmfa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.rootmfa.operator.api.v1alpha1.DeviceStatus;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicyStatus;
import io.rootmfa.operator.api.v1alpha1.SeedStatus;
import io.rootmfa.operator.workflow.BreakGlassWindow;
import io.rootmfa.operator.workflow.Reason;
import io.rootmfa.operator.workflow.TargetRef;
import io.rootmfa.operator.workflow.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusComposerTest {
  private final StatusComposer composer = new StatusComposer(Duration.ofHours(1));
  private final Instant t0 = Instant.parse("2026-11-28T10:00:00Z");
  private final StatusComposer.Findings found =
      new StatusComposer.Findings(
          "root",
          Optional.empty(),
          Optional.empty(),
          Optional.of(
              new BreakGlassWindow(
                  "SEC-1",
                  "alice",
                  Instant.parse("2026-11-28T08:00:00Z"),
                  Instant.parse("2026-11-28T20:00:00Z"),
                  BreakGlassWindow.DEFAULT_MAX_LENGTH)),
          Optional.empty());
  private static final String DEVICE_A = "arn:aws:iam::1:mfa/rootmfa/a";
  private static final String DEVICE_B = "arn:aws:iam::1:mfa/rootmfa/b";
  private static final SeedStatus SEED_OF_A =
      new SeedStatus(
          "arn:aws:secretsmanager:us-east-1:1:secret:x", "v1", "2026-11-28T10:00:00Z", DEVICE_A);

  private static StatusComposer.Findings findings(
      Optional<String> assignedSerial, Optional<SeedStatus> seed) {
    return new StatusComposer.Findings(
        "root",
        assignedSerial.map(s -> new DeviceStatus(s, "2026-11-28T09:00:00Z")),
        seed,
        Optional.empty(),
        Optional.empty());
  }

  private static Condition condition(RootMfaPolicyStatus s, String type) {
    return s.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void everyConditionFollowsTheApiConventions() {
    RootMfaPolicyStatus s =
        composer.compose(null, 3, Verdict.compliant(TargetRef.root()), found, t0);
    assertThat(s.getConditions())
        .extracting(Condition::getType)
        .containsExactly(
            "Ready", "MfaEnabled", "SeedStored", "BreakGlassActive", "Reconciling", "Stalled");
    assertThat(s.getConditions())
        .allSatisfy(
            c -> {
              assertThat(c.getStatus()).isIn("True", "False");
              assertThat(c.getReason()).matches("[A-Z][A-Za-z]+");
              assertThat(c.getMessage()).isNotBlank();
              assertThat(c.getObservedGeneration()).isEqualTo(3L);
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-28T10:00:00Z");
            });
    assertThat(s.getObservedGeneration()).isEqualTo(3L);
  }

  @Test
  void lastTransitionTimeMovesOnlyWhenTheStatusFlips() {
    RootMfaPolicyStatus first =
        composer.compose(
            null, 1, Verdict.settled(Reason.AwaitingBreakGlass, "wait", false), found, t0);
    RootMfaPolicyStatus sameStatusOtherReason =
        composer.compose(
            first,
            1,
            Verdict.inFlight(Reason.AwsUnavailable, "throttled"),
            found,
            t0.plusSeconds(60));
    assertThat(condition(sameStatusOtherReason, "Ready").getReason()).isEqualTo("AwsUnavailable");
    assertThat(condition(sameStatusOtherReason, "Ready").getLastTransitionTime())
        .isEqualTo("2026-11-28T10:00:00Z");

    RootMfaPolicyStatus flipped =
        composer.compose(
            sameStatusOtherReason,
            1,
            Verdict.compliant(TargetRef.root()),
            found,
            t0.plusSeconds(120));
    assertThat(condition(flipped, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(flipped, "Ready").getLastTransitionTime())
        .isEqualTo("2026-11-28T10:02:00Z");
    assertThat(condition(flipped, "Reconciling").getLastTransitionTime())
        .isEqualTo("2026-11-28T10:02:00Z");
  }

  @Test
  void nothingChangesWhenNothingWasLearned() {
    RootMfaPolicyStatus first =
        composer.compose(null, 1, Verdict.compliant(TargetRef.root()), found, t0);
    RootMfaPolicyStatus again =
        composer.compose(first, 1, Verdict.compliant(TargetRef.root()), found, t0.plusSeconds(600));
    assertThat(again).isEqualTo(first);
  }

  @Test
  void lastCheckedAtIsRefreshedOnceTheRefreshPeriodHasPassed() {
    RootMfaPolicyStatus first =
        composer.compose(null, 1, Verdict.compliant(TargetRef.root()), found, t0);
    RootMfaPolicyStatus later =
        composer.compose(
            first, 1, Verdict.compliant(TargetRef.root()), found, t0.plus(Duration.ofMinutes(61)));
    assertThat(later.getLastCheckedAt()).isEqualTo("2026-11-28T11:01:00Z");
    assertThat(condition(later, "Ready").getLastTransitionTime()).isEqualTo("2026-11-28T10:00:00Z");
  }

  @Test
  void aNewGenerationIsAChange() {
    RootMfaPolicyStatus first =
        composer.compose(null, 1, Verdict.compliant(TargetRef.root()), found, t0);
    RootMfaPolicyStatus next =
        composer.compose(first, 2, Verdict.compliant(TargetRef.root()), found, t0.plusSeconds(5));
    assertThat(next).isNotEqualTo(first);
    assertThat(next.getConditions())
        .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(2L));
  }

  @Test
  void seedStoredIsTrueOnlyWhileTheDocumentNamesTheAssignedDevice() {
    RootMfaPolicyStatus s =
        composer.compose(
            null,
            1,
            Verdict.compliant(TargetRef.root()),
            findings(Optional.of(DEVICE_A), Optional.of(SEED_OF_A)),
            t0);
    assertThat(condition(s, "SeedStored").getStatus()).isEqualTo("True");
    assertThat(condition(s, "SeedStored").getMessage()).contains("v1").contains(DEVICE_A);
    assertThat(s.getSeed().getDeviceSerial()).isEqualTo(DEVICE_A);
  }

  @Test
  void aSeedOfASwappedOutDeviceIsNotStored() {
    RootMfaPolicyStatus s =
        composer.compose(
            null,
            1,
            Verdict.compliant(TargetRef.root()),
            findings(Optional.of(DEVICE_B), Optional.of(SEED_OF_A)),
            t0);
    assertThat(condition(s, "SeedStored").getStatus()).isEqualTo("False");
    assertThat(condition(s, "SeedStored").getReason()).isEqualTo("SeedOfAnotherDevice");
  }

  @Test
  void aSeedWithoutAnEnabledDeviceIsNotStored() {
    RootMfaPolicyStatus s =
        composer.compose(
            null,
            1,
            Verdict.stalled(Reason.RootApiEnrollmentUnsupported, "refused"),
            findings(Optional.of(DEVICE_A), Optional.of(SEED_OF_A)),
            t0);
    assertThat(condition(s, "SeedStored").getStatus()).isEqualTo("False");
    assertThat(condition(s, "SeedStored").getReason()).isEqualTo("NoDeviceEnabled");
    assertThat(condition(s, "Stalled").getStatus()).isEqualTo("True");
    assertThat(s.getDevice()).isNull();
  }

  @Test
  void nonCompliantIsStalledBecauseAuditNeverEnrolls() {
    RootMfaPolicyStatus s =
        composer.compose(
            null, 1, Verdict.settled(Reason.NonCompliant, "no MFA (mode Audit)", false), found, t0);
    assertThat(condition(s, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Stalled").getReason()).isEqualTo("NonCompliant");
    assertThat(condition(s, "Stalled").getMessage()).isEqualTo("no MFA (mode Audit)");

    RootMfaPolicyStatus waiting =
        composer.compose(
            null, 1, Verdict.settled(Reason.AwaitingBreakGlass, "wait", false), found, t0);
    assertThat(condition(waiting, "Stalled").getStatus())
        .as("AwaitingBreakGlass is Suspended for Argo CD, InProgress for kstatus")
        .isEqualTo("False");
  }

  @Test
  void anUnobservedVerdictKeepsTheLastObservationAndSaysUnknown() {
    RootMfaPolicyStatus compliant =
        composer.compose(
            null,
            1,
            Verdict.compliant(TargetRef.root()),
            findings(Optional.of(DEVICE_A), Optional.of(SEED_OF_A)),
            t0);
    RootMfaPolicyStatus denied =
        composer.compose(
            compliant,
            1,
            Verdict.unobserved(Reason.AccessDenied, "denied", true),
            findings(Optional.of(DEVICE_A), Optional.of(SEED_OF_A)),
            t0.plusSeconds(60));
    assertThat(denied.getMfaEnabled()).isTrue();
    assertThat(denied.getDevice().getSerialNumber()).isEqualTo(DEVICE_A);
    assertThat(condition(denied, "MfaEnabled").getStatus()).isEqualTo("Unknown");
    assertThat(condition(denied, "MfaEnabled").getReason()).isEqualTo("AccessDenied");
    assertThat(condition(denied, "SeedStored").getStatus()).isEqualTo("Unknown");
    assertThat(condition(denied, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(denied, "Stalled").getReason()).isEqualTo("AccessDenied");
  }

  @Test
  void anOrphanIsNamedInTheReadyMessage() {
    RootMfaPolicyStatus s =
        composer.compose(
            null,
            1,
            Verdict.settled(Reason.AwaitingBreakGlass, "waits for a window", false),
            new StatusComposer.Findings(
                "root",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(DEVICE_A)),
            t0);
    assertThat(s.getOrphanDevice()).isEqualTo(DEVICE_A);
    assertThat(condition(s, "Ready").getMessage())
        .contains(DEVICE_A)
        .contains("next open break-glass window");
  }

  @Test
  void mfaWhoseSeedIsNotInCustodySaysSeedNotInCustody() {
    RootMfaPolicyStatus phone =
        composer.compose(
            null,
            1,
            Verdict.compliant(TargetRef.root()),
            findings(Optional.of(DEVICE_A), Optional.empty()),
            t0);
    assertThat(condition(phone, "Ready").getReason()).isEqualTo("Compliant");
    assertThat(condition(phone, "SeedStored").getStatus()).isEqualTo("False");
    assertThat(condition(phone, "SeedStored").getReason()).isEqualTo("SeedNotInCustody");
    assertThat(condition(phone, "SeedStored").getMessage()).contains(DEVICE_A);

    SeedStatus pending =
        new SeedStatus(
            "arn:aws:secretsmanager:us-east-1:1:secret:x", "v1", "2026-11-28T10:00:00Z", null);
    RootMfaPolicyStatus between =
        composer.compose(
            null,
            1,
            Verdict.compliant(TargetRef.root()),
            findings(Optional.of(DEVICE_A), Optional.of(pending)),
            t0);
    assertThat(condition(between, "SeedStored").getReason()).isEqualTo("SeedNotInCustody");
    assertThat(condition(between, "SeedStored").getMessage()).contains("pending");

    RootMfaPolicyStatus noMfa =
        composer.compose(
            null,
            1,
            Verdict.settled(Reason.AwaitingConsoleEnrollment, "run it", false),
            findings(Optional.empty(), Optional.empty()),
            t0);
    assertThat(condition(noMfa, "SeedStored").getReason()).isEqualTo("NoSeedStored");
  }
}
