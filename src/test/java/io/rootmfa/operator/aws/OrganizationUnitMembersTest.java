package io.rootmfa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.EmulatedOrganization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * {@link OrganizationUnitMembers} against the emulator's Organizations: which listings it makes,
 * counted in the emulator's call log, as accounts are asked about over time and at once.
 */
class OrganizationUnitMembersTest {
  private static final String MANAGEMENT = "100000000000";
  private static final String IN_FIRST = "200000000001";
  private static final String IN_SECOND = "200000000002";
  private static final String IN_THIRD = "200000000003";

  private final UrlConnectionHttpClient http =
      (UrlConnectionHttpClient) UrlConnectionHttpClient.create();
  private final StepClock clock = new StepClock();
  private AwsEmulator aws;
  private EmulatedOrganization org;
  private List<String> units;
  private OrganizationUnitMembers members;

  @BeforeEach
  void start() {
    aws = AwsEmulator.start();
    org = aws.createOrganization(MANAGEMENT);
    units = new ArrayList<>();
    for (int u = 0; u < 3; u++) {
      units.add(org.createOrganizationalUnit(org.rootId(), "ou-" + u).id());
    }
    org.addAccount(IN_FIRST, units.get(0), "first");
    org.addAccount(IN_SECOND, units.get(1), "second");
    org.addAccount(IN_THIRD, units.get(2), "third");
    aws.account(MANAGEMENT).createUser("rootmfa-operator");
    AccessKey key = aws.account(MANAGEMENT).createAccessKey("rootmfa-operator");
    OrganizationDirectory directory =
        new OrganizationDirectory(
            http, key.credentialsProvider(), Optional.of(aws.endpoint()), 3, MANAGEMENT);
    members = new OrganizationUnitMembers(() -> directory, clock);
  }

  @AfterEach
  void stop() {
    http.close();
    aws.close();
  }

  private int accountListings() {
    return aws.calls().count("ListAccountsForParent");
  }

  @Test
  void anAccountOneUnitHoldsDoesNotListTheOthersAgainWithinTheTtl() {
    Set<String> all = Set.copyOf(units);
    assertThat(members.holding(IN_FIRST, all)).containsExactly(units.get(0));
    assertThat(accountListings()).isEqualTo(3);

    clock.advance(OrganizationUnitMembers.MISS_TTL.multipliedBy(3));
    assertThat(members.holding(IN_SECOND, all)).containsExactly(units.get(1));
    assertThat(members.holding(IN_THIRD, all)).containsExactly(units.get(2));
    assertThat(accountListings()).isEqualTo(3);

    clock.advance(OrganizationUnitMembers.TTL);
    assertThat(members.holding(IN_FIRST, all)).containsExactly(units.get(0));
    assertThat(accountListings()).isEqualTo(6);
  }

  @Test
  void anAccountNoUnitHoldsIsAskedAgainWithListingsAtMostTheMissTtlOld() {
    Set<String> all = Set.copyOf(units);
    members.holding(IN_FIRST, all);
    String newcomer = "200000000009";
    org.addAccount(newcomer, units.get(1), "newcomer");

    clock.advance(OrganizationUnitMembers.MISS_TTL.dividedBy(2));
    assertThat(members.holding(newcomer, all)).isEmpty();
    assertThat(accountListings()).isEqualTo(3);

    clock.advance(OrganizationUnitMembers.MISS_TTL);
    assertThat(members.holding(newcomer, all)).containsExactly(units.get(1));
    assertThat(accountListings()).isEqualTo(6);
  }

  @Test
  void callersAskingAtOnceShareOneListingPerUnit() throws Exception {
    aws.faults().latency("ListAccountsForParent", Duration.ofMillis(200));
    Set<String> all = Set.copyOf(units);
    int callers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Set<String>>> answers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return members.holding(IN_SECOND, all);
                }));
      }
      go.countDown();
      for (Future<Set<String>> answer : answers) {
        assertThat(answer.get()).containsExactly(units.get(1));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(accountListings()).isEqualTo(3);
    assertThat(aws.calls().count("ListOrganizationalUnitsForParent")).isEqualTo(3);
  }

  /** A clock the test moves. */
  private static final class StepClock extends Clock {
    private final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

    void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
