package io.rootmfa.operator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.chaos.ChaosWorld.Target;
import io.rootmfa.operator.emulator.CallRecord;
import io.rootmfa.operator.emulator.Fault;
import io.rootmfa.operator.emulator.Faults;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The short crash matrix (docs/design.md §3, invariant 3): the operator runs as its own process
 * from the built jar and is SIGKILLed at each step boundary of the enrollment, then restarted;
 * after convergence the emulator's state must show exactly one enabled device whose seed is the
 * stored seed, one seed secret, no unassigned device of ours, and no EnableMFADevice before a
 * read-back seed. A fault on the operation after the boundary holds the operator there (a TIMEOUT
 * fault holds without effect; latency is used where the held call is a read) until the kill lands.
 * A seed kept in a custody account (docs/design.md §3.5) is written in three steps there ({@code
 * CreateSecret} without a value, {@code PutResourcePolicy}, {@code PutSecretValue}), each a
 * boundary; there the check also finds the seed, with its resource policy, in the custody account
 * and no secret in the member account. {@code make chaos} runs the long version ({@link
 * ChaosMain}).
 */
class CrashMatrixIT extends AgainstOperatorProcesses {
  /**
   * Longer than a kill takes to land, shorter than the operator's per-attempt AWS timeout (10 s).
   */
  private static final Duration HOLD = Duration.ofSeconds(4);

  /**
   * Lets the answer of the boundary call reach the operator and the next call leave it before the
   * kill.
   */
  private static final long SETTLE_MILLIS = 300;

  @Test
  void crashAfterCreateVirtualMfaDeviceDeletesTheOrphanAndEnrollsOnce() throws Exception {
    Target t = world.newTarget("crash-create", false);
    world.aws.faults().failNext("CreateSecret", 1, Fault.TIMEOUT);
    crashAndRestart("after-create", t, call(t, "CreateVirtualMFADevice"));

    assertThat(world.calls(t, ok("DeleteVirtualMFADevice"))).as("the orphan is deleted").hasSize(1);
    assertThat(world.calls(t, ok("CreateVirtualMFADevice"))).hasSize(2);
  }

  @Test
  void crashAfterTheSeedWriteReturnedEnablesTheSameDeviceWithTheStoredSeed() throws Exception {
    Target t = world.newTarget("crash-stored", false);
    world.aws.faults().latency("GetSecretValue", HOLD);
    crashAndRestart("after-store", t, call(t, "CreateSecret"));

    assertThat(world.calls(t, ok("CreateVirtualMFADevice"))).hasSize(1);
    assertThat(world.calls(t, ok("DeleteVirtualMFADevice"))).isEmpty();
  }

  @Test
  void crashAfterTheReadBackEnablesWithTheStoredSeed() throws Exception {
    Target t = world.newTarget("crash-readback", false);
    world.aws.faults().failNext("EnableMFADevice", 1, Fault.TIMEOUT);
    crashAndRestart(
        "after-readback",
        t,
        call(
            t,
            c ->
                c.operation().equals("GetSecretValue")
                    && c.succeeded()
                    && c.param("VersionId") != null));

    assertThat(world.calls(t, ok("CreateVirtualMFADevice"))).hasSize(1);
    assertThat(world.calls(t, ok("EnableMFADevice"))).hasSize(1);
  }

  @Test
  void crashAfterEnableMfaDeviceKeepsTheEnabledDevice() throws Exception {
    Target t = world.newTarget("crash-enabled", false);
    world.aws.faults().latency("GetAccountSummary", HOLD);
    crashAndRestart("after-enable", t, call(t, "EnableMFADevice"));

    assertThat(world.calls(t, ok("CreateVirtualMFADevice"))).hasSize(1);
    assertThat(world.calls(t, ok("EnableMFADevice"))).hasSize(1);
  }

  @Test
  void crashBeforeTheStatusWriteReportsCompliantAfterRestart() throws Exception {
    Target t = world.newTarget("crash-status", false);
    world.aws.faults().latency("ListVirtualMFADevices", HOLD);
    crashAndRestart(
        "before-status",
        t,
        () -> {
          List<CallRecord> calls = world.calls(t, c -> c.succeeded());
          int enabled = indexOf(calls, "EnableMFADevice");
          return enabled >= 0
              && calls.subList(enabled, calls.size()).stream()
                  .anyMatch(c -> c.operation().equals("GetAccountSummary"));
        });

    assertThat(world.calls(t, ok("EnableMFADevice"))).hasSize(1);
  }

  @Test
  void crashWhenEnableTookEffectButItsAnswerWasLost() throws Exception {
    Target t = world.newTarget("crash-enable-lost", false);
    world.aws.faults().failNextAfterEffect("EnableMFADevice", 1, Fault.TIMEOUT);
    crashAndRestart(
        "enable-answer-lost",
        t,
        () -> !world.aws.account(t.accountId()).devicesAssignedTo("root").isEmpty());

    assertThat(world.calls(t, ok("CreateVirtualMFADevice"))).hasSize(1);
  }

  @Test
  void crashWhenTheSeedWriteTookEffectButItsAnswerWasLost() throws Exception {
    Target t = world.newTarget("crash-store-lost", true);
    world.aws.faults().failNextAfterEffect("CreateSecret", 1, Fault.TIMEOUT);
    crashAndRestart(
        "store-answer-lost", t, () -> !world.aws.account(t.accountId()).secrets().isEmpty());

    assertThat(world.calls(t, ok("CreateVirtualMFADevice"))).hasSize(1);
  }

  /**
   * The three writes of a seed kept in a custody account, each a boundary, and the fault on the
   * next operation that holds the operator there.
   */
  enum CustodyBoundary {
    /** The secret exists without a value or a policy: its tags say it is the operator's. */
    CREATED("CreateSecret", f -> f.failNext("PutResourcePolicy", 1, Fault.TIMEOUT)),
    /** The secret has its resource policy, still no value. */
    POLICY("PutResourcePolicy", f -> f.failNext("PutSecretValue", 1, Fault.TIMEOUT)),
    /** The seed is written; its read-back is held. */
    VALUE("PutSecretValue", f -> f.latency("GetSecretValue", HOLD));

    final String operation;
    final Consumer<Faults> hold;

    CustodyBoundary(String operation, Consumer<Faults> hold) {
      this.operation = operation;
      this.hold = hold;
    }
  }

  @ParameterizedTest(name = "killed after {0}")
  @EnumSource(CustodyBoundary.class)
  void crashAfterEachCustodyWriteContinuesTheSameSecret(CustodyBoundary boundary) throws Exception {
    String name = "custody-" + boundary.name().toLowerCase(java.util.Locale.ROOT);
    Target t = world.newCustodyTarget("crash-" + name, false);
    boundary.hold.accept(world.aws.faults());
    crashAndRestart(name, t, custodyCall(t, boundary.operation));

    assertThat(world.custodyCalls(t, ok("CreateSecret")))
        .as("the secret is continued, never created again")
        .hasSize(1);
    assertThat(world.custodyCalls(t, ok("PutSecretValue"))).as("one seed written").hasSize(1);
  }

  @RepeatedTest(4)
  void crashAtARandomMomentConverges() throws Exception {
    Target t = world.newTarget("crash-random", ThreadLocalRandom.current().nextBoolean());
    long latency = ThreadLocalRandom.current().nextLong(150, 400);
    world.aws.faults().latency("*", Duration.ofMillis(latency));
    long delay = ThreadLocalRandom.current().nextLong(Math.min(3000, 11 * latency));
    crashAndRestart(
        "random",
        t,
        new BooleanSupplier() {
          private long firstCallSeenAt = -1;

          @Override
          public boolean getAsBoolean() {
            if (firstCallSeenAt < 0 && !world.calls(t, c -> true).isEmpty()) {
              firstCallSeenAt = System.nanoTime();
            }
            return firstCallSeenAt >= 0
                && System.nanoTime() - firstCallSeenAt >= delay * 1_000_000L;
          }
        });
  }

  /**
   * Starts the operator, SIGKILLs it once {@code atBoundary} holds, clears every fault, starts a
   * new operator and checks the invariants and the leak scan once the policy is Ready. Operators of
   * a custody target are configured for its custody account.
   */
  private static void crashAndRestart(String name, Target t, BooleanSupplier atBoundary)
      throws Exception {
    Map<String, String> env =
        t.custodyAccount().isPresent() ? world.custodyEnvironment() : Map.of();
    OperatorProcess first =
        world.startOperator(name + "-1-" + t.namespace(), List.of(t.namespace()), env);
    boolean reached = ChaosWorld.await(atBoundary, Duration.ofSeconds(90));
    Thread.sleep(SETTLE_MILLIS);
    first.kill();
    world.aws.faults().clear();
    assertThat(reached)
        .as("%s: the operator reached the boundary (log %s)", name, first.logFile())
        .isTrue();
    if (!name.equals("random")) {
      assertThat(world.readyReason(t))
          .as("killed before the status said Compliant")
          .isNotEqualTo(Optional.of("Compliant"));
    }

    OperatorProcess second =
        world.startOperator(name + "-2-" + t.namespace(), List.of(t.namespace()), env);
    Awaitility.await(name + ": Ready after the restart")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> world.readyReason(t).equals(Optional.of("Compliant")));
    assertThat(second.awaitStarted(Duration.ofSeconds(60))).as("second operator started").isTrue();
    ChaosWorld.Findings found = world.check(t);
    assertThat(found.all()).as("invariants after a crash %s", name).isEmpty();

    Map<String, String> seen = new LinkedHashMap<>(world.kubernetesViews(List.of(t)));
    seen.put("metrics", second.scrapeMetrics());
    assertThat(second.stop()).as("SIGTERM ends the operator").isTrue();
    seen.put(first.logFile().toString(), first.log());
    seen.put(second.logFile().toString(), second.log());
    assertThat(LeakScan.scan(world.aws.issuedSecretsForAssertions(), seen)).isEmpty();
  }

  private static BooleanSupplier call(Target t, String operation) {
    return call(t, c -> c.operation().equals(operation) && c.succeeded());
  }

  private static BooleanSupplier call(Target t, java.util.function.Predicate<CallRecord> filter) {
    return () -> !world.calls(t, filter).isEmpty();
  }

  /** A successful {@code operation} on {@code t}'s seed secret in its custody account. */
  private static BooleanSupplier custodyCall(Target t, String operation) {
    return () -> !world.custodyCalls(t, ok(operation)).isEmpty();
  }

  private static java.util.function.Predicate<CallRecord> ok(String operation) {
    return c -> c.operation().equals(operation) && c.succeeded();
  }

  private static int indexOf(List<CallRecord> calls, String operation) {
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).operation().equals(operation)) {
        return i;
      }
    }
    return -1;
  }
}
