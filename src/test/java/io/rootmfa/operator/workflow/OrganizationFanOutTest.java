package io.rootmfa.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.workflow.OrganizationFanOut.ExistingChild;
import io.rootmfa.operator.workflow.OrganizationFanOut.ListedAccount;
import io.rootmfa.operator.workflow.OrganizationFanOut.Standing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrganizationFanOutTest {
  static final String MANAGEMENT = "100000000000";

  static ListedAccount active(String id) {
    return new ListedAccount(id, "ACTIVE", "ou-ab12-cd34ef56");
  }

  @Test
  void selectsActiveAccountsButNeverTheManagementAccountOrAnExcludedOne() {
    List<ListedAccount> listed =
        List.of(
            active("200000000001"),
            active("200000000002"),
            new ListedAccount("200000000003", "SUSPENDED", "r-ab12"),
            new ListedAccount("200000000004", "PENDING_CLOSURE", "r-ab12"),
            active(MANAGEMENT));

    assertThat(OrganizationFanOut.select(listed, Set.of(), Set.of("200000000002"), MANAGEMENT))
        .containsOnlyKeys("200000000001");
  }

  @Test
  void createsMissingChildrenWithinTheBudgetAndDefersTheRest() {
    Map<String, ListedAccount> selected =
        OrganizationFanOut.select(
            List.of(active("200000000001"), active("200000000002"), active("200000000003")),
            Set.of(),
            Set.of(),
            MANAGEMENT);

    OrganizationFanOut.Plan plan = OrganizationFanOut.plan(selected, List.of(), "h1", 2);

    assertThat(plan.create())
        .extracting(ListedAccount::accountId)
        .containsExactly("200000000001", "200000000002");
    assertThat(plan.deferred()).isEqualTo(1);
    assertThat(plan.settled()).isFalse();
  }

  @Test
  void deletesOnlyChildrenWhoseAccountIsNoLongerSelectedAndUpdatesStaleOnes() {
    Map<String, ListedAccount> selected =
        OrganizationFanOut.select(
            List.of(active("200000000001"), active("200000000002")),
            Set.of(),
            Set.of(),
            MANAGEMENT);
    List<ExistingChild> existing =
        List.of(
            new ExistingChild("200000000001", "p-200000000001", "h1"),
            new ExistingChild("200000000002", "p-200000000002", "old"),
            new ExistingChild("200000000009", "p-200000000009", "h1"));

    OrganizationFanOut.Plan plan = OrganizationFanOut.plan(selected, existing, "h1", 10);

    assertThat(plan.delete()).extracting(ExistingChild::accountId).containsExactly("200000000009");
    assertThat(plan.update()).extracting(ExistingChild::accountId).containsExactly("200000000002");
    assertThat(plan.create()).isEmpty();
  }

  @Test
  void aSettledOrganizationNeedsNoWrite() {
    Map<String, ListedAccount> selected =
        OrganizationFanOut.select(List.of(active("200000000001")), Set.of(), Set.of(), MANAGEMENT);
    assertThat(
            OrganizationFanOut.plan(
                    selected, List.of(new ExistingChild("200000000001", "p", "h1")), "h1", 10)
                .settled())
        .isTrue();
  }

  @Test
  void pacingCreatesEveryChildInBoundedBatches() {
    List<ListedAccount> listed = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      listed.add(active(String.format("3%011d", i)));
    }
    Map<String, ListedAccount> selected =
        OrganizationFanOut.select(listed, Set.of(), Set.of(), MANAGEMENT);
    List<ExistingChild> existing = new ArrayList<>();
    int passes = 0;
    while (true) {
      OrganizationFanOut.Plan plan = OrganizationFanOut.plan(selected, existing, "h", 20);
      if (plan.settled()) {
        break;
      }
      assertThat(plan.create()).hasSizeLessThanOrEqualTo(20);
      plan.create()
          .forEach(a -> existing.add(new ExistingChild(a.accountId(), a.accountId(), "h")));
      passes++;
    }
    assertThat(passes).isEqualTo(250);
    assertThat(existing).hasSize(5000);
  }

  @Test
  void aSlowPassCatchesUpOnItsRateButNeverBurstsBeyondTenSeconds() {
    assertThat(OrganizationFanOut.creationBudget(20, Duration.ZERO)).isEqualTo(20);
    assertThat(OrganizationFanOut.creationBudget(20, Duration.ofMillis(1000))).isEqualTo(20);
    assertThat(OrganizationFanOut.creationBudget(20, Duration.ofMillis(4500))).isEqualTo(90);
    assertThat(OrganizationFanOut.creationBudget(20, Duration.ofMinutes(5))).isEqualTo(200);
    assertThat(OrganizationFanOut.creationBudget(1, Duration.ofMillis(1500))).isEqualTo(1);
  }

  @Test
  void readinessCountsReasonsAndIsTrueOnlyWhenEveryAccountHasAReadyChild() {
    Map<String, Integer> reasons =
        OrganizationFanOut.tally(Arrays.asList("Compliant", "NotApplicable", "NonCompliant", null));
    assertThat(reasons)
        .isEqualTo(Map.of("Compliant", 1, "NotApplicable", 1, "NonCompliant", 1, "Unknown", 1));

    assertThat(OrganizationFanOut.readiness(5, 4, reasons).reason()).isEqualTo("CreatingChildren");
    OrganizationFanOut.Readiness notReady = OrganizationFanOut.readiness(4, 4, reasons);
    assertThat(notReady.ready()).isFalse();
    assertThat(notReady.reason()).isEqualTo("ChildrenNotReady");
    assertThat(notReady.message())
        .startsWith("2 of 4 selected accounts are not Ready; 1 of them cannot progress");
    OrganizationFanOut.Readiness ready =
        OrganizationFanOut.readiness(
            2, 2, OrganizationFanOut.tally(List.of("Compliant", "NotApplicable")));
    assertThat(ready.ready()).isTrue();
    assertThat(ready.reason()).isEqualTo("AllReady");
  }

  /**
   * Children's Ready reasons as {@code Reason*count} separated by spaces ({@code Unknown}: no
   * status yet), and the parent's Ready reason and standing that follow.
   */
  @ParameterizedTest(name = "{0} selected, {1} children [{2}] -> {3} {4}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          3 | 2 | Compliant*2                                    | CreatingChildren           | RECONCILING
          3 | 0 |                                                | CreatingChildren           | RECONCILING
          3 | 2 | InvalidSpec*2                                  | CreatingChildren           | RECONCILING
          3 | 3 | Compliant*2 NotApplicable                      | AllReady                   | READY
          0 | 0 |                                                | AllReady                   | READY
          3 | 3 | Compliant*2 NonCompliant                       | ChildrenNotReady           | STALLED
          3 | 3 | Compliant AccessDenied Enrolling               | ChildrenNotReady           | STALLED
          3 | 3 | AwaitingBreakGlass*2 AccountNotPermitted       | ChildrenNotReady           | STALLED
          3 | 3 | Compliant AwaitingBreakGlass DuplicatePolicy   | ChildrenNotReady           | STALLED
          4 | 4 | SeedNotInCustody SeedSecretInUse DeviceNameTaken RootApiEnrollmentUnsupported | ChildrenNotReady | STALLED
          2 | 2 | CustodyAccountNotConfigured CustomerManagedKeyRequired | ChildrenNotReady   | STALLED
          3 | 3 | Compliant Unknown*2                            | ChildrenNotReady           | RECONCILING
          3 | 3 | Compliant Enrolling AwsUnavailable             | ChildrenNotReady           | RECONCILING
          3 | 3 | AwaitingBreakGlass Enrolling Compliant         | ChildrenNotReady           | RECONCILING
          3 | 3 | AwaitingBreakGlass Unknown NotApplicable       | ChildrenNotReady           | RECONCILING
          3 | 3 | Compliant SomeFutureReason NotApplicable       | ChildrenNotReady           | RECONCILING
          3 | 3 | Compliant AwaitingBreakGlass*2                 | ChildrenAwaitingEnrollment | SUSPENDED
          3 | 3 | AwaitingConsoleEnrollment AwaitingBreakGlass*2 | ChildrenAwaitingEnrollment | SUSPENDED
          """)
  void theParentIsStalledWhenAChildIsSuspendedWhenEveryChildWaitsAndReconcilingOtherwise(
      int selected, int children, String childReasons, String reason, Standing standing) {
    List<String> each = new ArrayList<>();
    for (String entry : childReasons == null ? new String[0] : childReasons.split(" ")) {
      String[] reasonTimes = entry.split("\\*");
      int times = reasonTimes.length == 1 ? 1 : Integer.parseInt(reasonTimes[1]);
      for (int i = 0; i < times; i++) {
        each.add("Unknown".equals(reasonTimes[0]) ? null : reasonTimes[0]);
      }
    }
    assertThat(each).hasSize(children);

    OrganizationFanOut.Readiness readiness =
        OrganizationFanOut.readiness(selected, children, OrganizationFanOut.tally(each));

    assertThat(readiness.reason()).isEqualTo(reason);
    assertThat(readiness.standing()).isEqualTo(standing);
    assertThat(List.of(readiness.ready(), readiness.reconciling(), readiness.stalled()))
        .containsExactly(
            standing == Standing.READY,
            standing == Standing.RECONCILING,
            standing == Standing.STALLED);
  }

  @Test
  void aStalledParentSaysHowManyChildrenNeedAPersonAndASuspendedOneWhatTheyAwait() {
    assertThat(
            OrganizationFanOut.readiness(
                    4,
                    4,
                    OrganizationFanOut.tally(
                        List.of("Compliant", "NonCompliant", "AccessDenied", "Enrolling")))
                .message())
        .isEqualTo(
            "3 of 4 selected accounts are not Ready; 2 of them cannot progress without a person"
                + " (their policies are Stalled) {AccessDenied=1, Compliant=1, Enrolling=1,"
                + " NonCompliant=1}");
    assertThat(
            OrganizationFanOut.readiness(
                    2,
                    2,
                    OrganizationFanOut.tally(List.of("Compliant", "AwaitingConsoleEnrollment")))
                .message())
        .isEqualTo(
            "1 of 2 selected accounts are not Ready, each awaiting an approved break-glass window"
                + " or a console enrollment {AwaitingConsoleEnrollment=1, Compliant=1}");
  }

  @ParameterizedTest
  @CsvSource({
    "InvalidSpec, STALLED",
    "AccountNotPermitted, STALLED",
    "AccessDenied, STALLED",
    "AwsUnavailable, RECONCILING"
  })
  void aParentThatListedNothingIsStalledUnlessAwsWasUnavailable(Reason reason, Standing standing) {
    OrganizationFanOut.Readiness refused = OrganizationFanOut.refused(reason, "why");
    assertThat(refused.reason()).isEqualTo(reason.name());
    assertThat(refused.message()).isEqualTo("why");
    assertThat(refused.standing()).isEqualTo(standing);
    assertThat(refused.ready()).isFalse();
  }
}
