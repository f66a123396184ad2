package io.rootmfa.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CustodyRequirementTest {
  private static final TargetRef ROOT = TargetRef.root();
  private static final String DEVICE = "arn:aws:iam::123456789012:mfa/root-console";
  private static final Verdict COMPLIANT = Verdict.compliant(ROOT);
  private static final String HOW = "run `rootmfa console-enroll -n ns p`";

  @Test
  void withoutTheRequirementAnyMfaIsCompliant() {
    assertThat(
            CustodyRequirement.apply(
                COMPLIANT, ROOT, Optional.of(DEVICE), Optional.empty(), false, HOW))
        .isSameAs(COMPLIANT);
  }

  @Test
  void theSeedOfTheEnabledDeviceInCustodySatisfiesTheRequirement() {
    assertThat(
            CustodyRequirement.apply(
                COMPLIANT, ROOT, Optional.of(DEVICE), Optional.of(DEVICE), true, HOW))
        .isSameAs(COMPLIANT);
  }

  @Test
  void mfaWithoutItsSeedInCustodyIsNotReadyAndNeedsAPerson() {
    Verdict v =
        CustodyRequirement.apply(COMPLIANT, ROOT, Optional.of(DEVICE), Optional.empty(), true, HOW);

    assertThat(v.reason()).isEqualTo(Reason.SeedNotInCustody);
    assertThat(v.ready()).isFalse();
    assertThat(v.stalled()).isTrue();
    assertThat(v.mfaEnabled()).isTrue();
    assertThat(v.observed()).isTrue();
    assertThat(v.message()).contains(DEVICE).contains(HOW).contains("requireCustody");
  }

  @Test
  void theSeedOfAnotherDeviceOrAHardwareKeyIsNotCustody() {
    assertThat(
            CustodyRequirement.apply(
                    COMPLIANT, ROOT, Optional.of(DEVICE), Optional.of(DEVICE + "-old"), true, HOW)
                .reason())
        .isEqualTo(Reason.SeedNotInCustody);
    assertThat(
            CustodyRequirement.apply(
                    COMPLIANT, ROOT, Optional.empty(), Optional.of(DEVICE), true, HOW)
                .message())
        .contains("not a virtual device");
  }

  @Test
  void verdictsWithoutMfaOrWithoutAnObservationAreLeftAlone() {
    Verdict awaiting = Verdict.settled(Reason.AwaitingBreakGlass, "x", false);
    Verdict unobserved = Verdict.unobserved(Reason.AwsUnavailable, "y", false);
    assertThat(
            CustodyRequirement.apply(awaiting, ROOT, Optional.empty(), Optional.empty(), true, HOW))
        .isSameAs(awaiting);
    assertThat(
            CustodyRequirement.apply(
                unobserved, ROOT, Optional.empty(), Optional.empty(), true, HOW))
        .isSameAs(unobserved);
  }
}
