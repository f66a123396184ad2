package io.rootmfa.operator.workflow;

import static io.rootmfa.operator.workflow.WorkflowFixtures.BREAKGLASS_USER;
import static io.rootmfa.operator.workflow.WorkflowFixtures.OTHER_SEED;
import static io.rootmfa.operator.workflow.WorkflowFixtures.OTHER_SERIAL;
import static io.rootmfa.operator.workflow.WorkflowFixtures.ROOT;
import static io.rootmfa.operator.workflow.WorkflowFixtures.SEED;
import static io.rootmfa.operator.workflow.WorkflowFixtures.SERIAL;
import static io.rootmfa.operator.workflow.WorkflowFixtures.assignedTo;
import static io.rootmfa.operator.workflow.WorkflowFixtures.fresh;
import static io.rootmfa.operator.workflow.WorkflowFixtures.stored;
import static io.rootmfa.operator.workflow.WorkflowFixtures.unassignedOurs;
import static io.rootmfa.operator.workflow.WorkflowFixtures.unassignedUntagged;
import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.workflow.EnrollmentStep.CreateDevice;
import io.rootmfa.operator.workflow.EnrollmentStep.DeleteDevice;
import io.rootmfa.operator.workflow.EnrollmentStep.Enable;
import io.rootmfa.operator.workflow.EnrollmentStep.Halt;
import io.rootmfa.operator.workflow.EnrollmentStep.ReadBackSeed;
import io.rootmfa.operator.workflow.EnrollmentStep.StoreSeed;
import io.rootmfa.operator.workflow.EnrollmentStep.Verify;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnrollmentTest {

  /**
   * A reconcile that just created device {@code enr-new} at our serial, over a vault that holds
   * {@code stale}.
   */
  private static EnrollmentState justCreated(Optional<StoredSeed> stale) {
    return WorkflowFixtures.initial(ROOT, Optional.empty(), stale)
        .deviceCreated(fresh("enr-new", SEED))
        .withDevice(Optional.of(unassignedOurs("enr-new")));
  }

  /**
   * A reconcile that finds device {@code enr-1} of ours, unassigned, whose seed the vault holds.
   */
  private static EnrollmentState resumedWithStoredSeed(TargetRef target) {
    return WorkflowFixtures.initial(
        target, Optional.of(unassignedOurs("enr-1")), Optional.of(stored(SERIAL, "enr-1", SEED)));
  }

  private static Verdict halted(EnrollmentStep step) {
    assertThat(step).isInstanceOf(Halt.class);
    return ((Halt) step).verdict();
  }

  @Test
  void createsADeviceWhenNoneExistsAtOurSerial() {
    EnrollmentState nothing =
        WorkflowFixtures.initial(BREAKGLASS_USER, Optional.empty(), Optional.empty());

    assertThat(Enrollment.next(nothing)).isInstanceOf(CreateDevice.class);
  }

  @Test
  void createsANewDeviceEvenWhenTheVaultHoldsTheSeedOfADeletedOne() {
    EnrollmentState deviceGone =
        WorkflowFixtures.initial(
            ROOT, Optional.empty(), Optional.of(stored(SERIAL, "enr-old", OTHER_SEED)));

    assertThat(Enrollment.next(deviceGone)).isInstanceOf(CreateDevice.class);
  }

  @Test
  void storesTheSeedOfAFreshDeviceFirst() {
    EnrollmentStep step = Enrollment.next(justCreated(Optional.empty()));

    assertThat(step).isEqualTo(new StoreSeed(fresh("enr-new", SEED)));
  }

  @Test
  void neverEnablesAFreshDeviceBeforeItsSeedIsStored() {
    // Even a vault entry that names this very device and enrollment is not proof that the fresh
    // seed was written.
    EnrollmentState fresh = justCreated(Optional.of(stored(SERIAL, "enr-new", SEED)));

    assertThat(Enrollment.next(fresh)).isInstanceOf(StoreSeed.class);
  }

  @Test
  void readsBackAWrittenSeedBeforeEnabling() {
    EnrollmentState written = justCreated(Optional.empty()).seedWritten();

    assertThat(Enrollment.next(written)).isEqualTo(new ReadBackSeed(fresh("enr-new", SEED)));
  }

  @Test
  void theSeedOfAnEarlierEnrollmentIsNoReadBack() {
    EnrollmentState written =
        justCreated(Optional.of(stored(SERIAL, "enr-old", SEED))).seedWritten();

    assertThat(Enrollment.next(written)).isInstanceOf(ReadBackSeed.class);
  }

  @Test
  void enablesOnlyWithASeedReadBackFromTheVault() {
    StoredSeed readBack = stored(SERIAL, "enr-new", Seed.ofBase32(SEED.reveal()));
    EnrollmentState confirmed = justCreated(Optional.empty()).seedWritten().seedConfirmed(readBack);

    EnrollmentStep step = Enrollment.next(confirmed);

    assertThat(step).isInstanceOf(Enable.class);
    assertThat(((Enable) step).seed()).isSameAs(readBack);
    assertThat(((Enable) step).device()).isEqualTo(unassignedOurs("enr-new"));
  }

  @Test
  void aMatchingReadBackConfirmsTheSeedAndEnables() {
    StoredSeed readBack = stored(SERIAL, "enr-new", Seed.ofBase32(SEED.reveal()));
    EnrollmentState matched = justCreated(Optional.empty()).seedWritten().readBack(readBack);

    assertThat(matched.written()).isEmpty();
    assertThat(Enrollment.next(matched)).isEqualTo(new Enable(unassignedOurs("enr-new"), readBack));
  }

  @Test
  void aStoredSeedThatIsNotYetAReadBackIsReadBackFirst() {
    StoredSeed same = stored(SERIAL, "enr-new", Seed.ofBase32(SEED.reveal()));
    EnrollmentState unread =
        justCreated(Optional.empty()).seedWritten().withStoredSeed(Optional.of(same));

    assertThat(Enrollment.next(unread)).isInstanceOf(ReadBackSeed.class);
  }

  @Test
  void readBackMismatchHaltsWithoutEnabling() {
    EnrollmentState mismatch =
        justCreated(Optional.empty()).seedWritten().readBack(stored(SERIAL, "enr-new", OTHER_SEED));

    Verdict verdict = halted(Enrollment.next(mismatch));

    assertThat(verdict.reason()).isEqualTo(Reason.AwsUnavailable);
    assertThat(verdict.reconciling()).isTrue();
    assertThat(verdict.message()).doesNotContain(SEED.reveal()).doesNotContain(OTHER_SEED.reveal());
  }

  @Test
  void aReadBackFiledUnderAnotherSerialHaltsWithoutEnabling() {
    EnrollmentState elsewhere =
        justCreated(Optional.empty()).seedWritten().readBack(stored(OTHER_SERIAL, "enr-new", SEED));

    assertThat(halted(Enrollment.next(elsewhere)).reason()).isEqualTo(Reason.AwsUnavailable);
  }

  @Test
  void aReadBackOfAnotherEnrollmentHaltsInsteadOfReadingAgain() {
    EnrollmentState other =
        justCreated(Optional.empty())
            .seedWritten()
            .readBack(stored(SERIAL, "enr-someone-else", SEED));

    assertThat(halted(Enrollment.next(other)).reason()).isEqualTo(Reason.AwsUnavailable);
  }

  @Test
  void crashAfterStoreResumesFromTheStoredSeed() {
    EnrollmentState resumed = resumedWithStoredSeed(ROOT);

    EnrollmentStep step = Enrollment.next(resumed);

    assertThat(step).isEqualTo(new Enable(unassignedOurs("enr-1"), stored(SERIAL, "enr-1", SEED)));
    assertThat(((Enable) step).seed()).isSameAs(resumed.storedSeed().orElseThrow());
  }

  @Test
  void crashAfterCreateLeavesAnOrphanThatIsDeletedThenRecreated() {
    // The crash lost enr-2's seed; the vault still holds the seed of an earlier enrollment at the
    // same serial.
    EnrollmentState afterCrash =
        WorkflowFixtures.initial(
            ROOT, Optional.of(unassignedOurs("enr-2")), Optional.of(stored(SERIAL, "enr-1", SEED)));

    EnrollmentStep first = Enrollment.next(afterCrash);
    EnrollmentStep second = Enrollment.next(afterCrash.withDevice(Optional.empty()));

    assertThat(first).isInstanceOf(DeleteDevice.class);
    assertThat(((DeleteDevice) first).serialNumber()).isEqualTo(SERIAL);
    assertThat(second).isInstanceOf(CreateDevice.class);
  }

  @Test
  void deletesAnOrphanOfOursThatHasNoStoredSeed() {
    EnrollmentState orphan =
        WorkflowFixtures.initial(
            BREAKGLASS_USER, Optional.of(unassignedOurs("enr-1")), Optional.empty());

    EnrollmentStep step = Enrollment.next(orphan);

    assertThat(step).isInstanceOf(DeleteDevice.class);
    assertThat(((DeleteDevice) step).why()).contains("without a stored seed");
  }

  @Test
  void deletesAnOrphanWhoseStoredSeedIsFiledUnderAnotherSerial() {
    EnrollmentState misfiled =
        WorkflowFixtures.initial(
            ROOT,
            Optional.of(unassignedOurs("enr-1")),
            Optional.of(stored(OTHER_SERIAL, "enr-1", SEED)));

    assertThat(Enrollment.next(misfiled)).isInstanceOf(DeleteDevice.class);
  }

  @Test
  void deletesOnlyUnassignedDevicesOfOurs() {
    List<VirtualDevice> devices =
        List.of(
            unassignedOurs("enr-1"),
            unassignedUntagged(),
            assignedTo(ROOT, Optional.of("enr-1")),
            assignedTo(BREAKGLASS_USER, Optional.of("enr-1")),
            assignedTo(BREAKGLASS_USER, Optional.empty()));

    List<VirtualDevice> deleted =
        devices.stream()
            .filter(
                d ->
                    Enrollment.next(
                            WorkflowFixtures.initial(ROOT, Optional.of(d), Optional.empty()))
                        instanceof DeleteDevice)
            .toList();

    assertThat(deleted).containsExactly(unassignedOurs("enr-1"));
  }

  @Test
  void neverTouchesADeviceAssignedToSomeoneElse() {
    EnrollmentState taken =
        WorkflowFixtures.initial(
                ROOT,
                Optional.of(assignedTo(BREAKGLASS_USER, Optional.of("enr-1"))),
                Optional.empty())
            .rootRefused();

    Verdict verdict = halted(Enrollment.next(taken));

    assertThat(verdict.reason()).isEqualTo(Reason.DeviceNameTaken);
    assertThat(verdict.stalled()).isTrue();
    assertThat(verdict.message()).contains(SERIAL).contains(BREAKGLASS_USER.describe());
  }

  @Test
  void neverTouchesAnUnassignedDeviceItDidNotCreate() {
    EnrollmentState foreign =
        WorkflowFixtures.initial(ROOT, Optional.of(unassignedUntagged()), Optional.empty())
            .rootRefused();

    Verdict verdict = halted(Enrollment.next(foreign));

    assertThat(verdict.reason()).isEqualTo(Reason.DeviceNameTaken);
    assertThat(verdict.stalled()).isTrue();
  }

  @Test
  void verifiesADeviceAlreadyEnabledForTheTarget() {
    EnrollmentState enabled =
        WorkflowFixtures.initial(
            BREAKGLASS_USER,
            Optional.of(assignedTo(BREAKGLASS_USER, Optional.of("enr-1"))),
            Optional.empty());

    assertThat(Enrollment.next(enabled)).isInstanceOf(Verify.class);
  }

  @Test
  void neverReplacesADeviceEnabledForTheTargetEvenWithoutItsSeed() {
    EnrollmentState enabledByHand =
        WorkflowFixtures.initial(
                ROOT,
                Optional.of(assignedTo(ROOT, Optional.empty())),
                Optional.of(stored(SERIAL, "enr-other", OTHER_SEED)))
            .rootRefused();

    assertThat(Enrollment.next(enabledByHand)).isInstanceOf(Verify.class);
  }

  @Test
  void rootRefusalDeletesTheDeviceThenStalls() {
    EnrollmentState refused = resumedWithStoredSeed(ROOT).rootRefused();

    EnrollmentStep first = Enrollment.next(refused);
    EnrollmentStep second = Enrollment.next(refused.withDevice(Optional.empty()));

    assertThat(first)
        .isEqualTo(new DeleteDevice(SERIAL, "AWS refused to enable MFA for root through the API"));
    Verdict verdict = halted(second);
    assertThat(verdict.reason()).isEqualTo(Reason.RootApiEnrollmentUnsupported);
    assertThat(verdict.stalled()).isTrue();
    assertThat(verdict.reconciling()).isFalse();
  }

  @Test
  void retriesEnableWhileRefusedCodesRemainUnderTheLimit() {
    EnrollmentState refusedOnce = resumedWithStoredSeed(BREAKGLASS_USER);
    for (int i = 0; i < Enrollment.MAX_ENABLE_ATTEMPTS - 1; i++) {
      refusedOnce = refusedOnce.codeRefused();
    }

    assertThat(Enrollment.next(refusedOnce)).isInstanceOf(Enable.class);
  }

  @Test
  void deletesTheUnassignedDeviceWhenItsStoredSeedKeepsYieldingRefusedCodes() {
    EnrollmentState exhausted = resumedWithStoredSeed(BREAKGLASS_USER);
    for (int i = 0; i < Enrollment.MAX_ENABLE_ATTEMPTS; i++) {
      exhausted = exhausted.codeRefused();
    }

    EnrollmentStep step = Enrollment.next(exhausted);

    assertThat(step).isInstanceOf(DeleteDevice.class);
    assertThat(((DeleteDevice) step).serialNumber()).isEqualTo(SERIAL);
    assertThat(((DeleteDevice) step).why())
        .contains(String.valueOf(Enrollment.MAX_ENABLE_ATTEMPTS));
  }

  @Test
  void aNewDeviceStartsWithNoRefusedCodes() {
    EnrollmentState exhausted = resumedWithStoredSeed(BREAKGLASS_USER);
    for (int i = 0; i < Enrollment.MAX_ENABLE_ATTEMPTS; i++) {
      exhausted = exhausted.codeRefused();
    }
    assertThat(exhausted.deviceCreated(fresh("enr-next", SEED)).enableAttempts()).isZero();
  }

  @Test
  void createsNothingWhileTheSeedSecretHoldsAnotherPolicysCustody() {
    StoredSeed theirs = anotherPolicysCustody();
    EnrollmentStep step =
        Enrollment.next(
            WorkflowFixtures.initial(BREAKGLASS_USER, Optional.empty(), Optional.of(theirs)));
    assertThat(step).isInstanceOf(EnrollmentStep.Halt.class);
    Verdict v = ((EnrollmentStep.Halt) step).verdict();
    assertThat(v.reason()).isEqualTo(Reason.SeedSecretInUse);
    assertThat(v.stalled()).isTrue();
    assertThat(v.message()).contains("team-b/mfa").contains(WorkflowFixtures.OTHER_SERIAL);
  }

  @Test
  void aDeviceOfAnotherPolicyAtOurNameIsNeverDeleted() {
    EnrollmentStep step =
        Enrollment.next(
            WorkflowFixtures.initial(
                ROOT,
                Optional.of(WorkflowFixtures.unassignedOf(WorkflowFixtures.OTHER_OWNER, "enr-x")),
                Optional.empty()));
    assertThat(step).isInstanceOf(EnrollmentStep.Halt.class);
    assertThat(((EnrollmentStep.Halt) step).verdict().reason()).isEqualTo(Reason.DeviceNameTaken);
    assertThat(((EnrollmentStep.Halt) step).verdict().message()).contains("team-b/mfa");
  }

  @Test
  void aRaceLostToAnotherWriterDeletesOurFreshDeviceThenHalts() {
    StoredSeed theirs = anotherPolicysCustody();
    EnrollmentState raced =
        WorkflowFixtures.initial(
                BREAKGLASS_USER, Optional.of(unassignedOurs("enr-1")), Optional.empty())
            .deviceCreated(WorkflowFixtures.fresh("enr-1", SEED))
            .custodyTaken(theirs);
    assertThat(Enrollment.next(raced)).isInstanceOf(EnrollmentStep.DeleteDevice.class);
    EnrollmentStep after = Enrollment.next(raced.withDevice(Optional.empty()));
    assertThat(((EnrollmentStep.Halt) after).verdict().reason()).isEqualTo(Reason.SeedSecretInUse);
  }

  /** Another policy's document for another target, as a copy-pasted secret name finds it. */
  private static StoredSeed anotherPolicysCustody() {
    return WorkflowFixtures.stored(
        WorkflowFixtures.document(
            OTHER_SERIAL,
            "enr-x",
            OTHER_SEED,
            BREAKGLASS_USER,
            Optional.of(WorkflowFixtures.OTHER_OWNER)));
  }
}
