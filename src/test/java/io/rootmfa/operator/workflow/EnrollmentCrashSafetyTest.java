package io.rootmfa.operator.workflow;

import static io.rootmfa.operator.workflow.WorkflowFixtures.BREAKGLASS_USER;
import static io.rootmfa.operator.workflow.WorkflowFixtures.NOW;
import static io.rootmfa.operator.workflow.WorkflowFixtures.OTHER_SERIAL;
import static io.rootmfa.operator.workflow.WorkflowFixtures.ROOT;
import static io.rootmfa.operator.workflow.WorkflowFixtures.SERIAL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Drives {@link Enrollment#next} against an in-memory account and vault, the way the reconciler
 * does, and crashes (drops every in-memory fact: the fresh seed, the written version, the attempt
 * count) after every step index of several hundred random runs. The invariants of DESIGN §3 must
 * hold whatever the crash point.
 */
class EnrollmentCrashSafetyTest {

  private static final int RUNS = 400;
  private static final int STEPS_PER_RECONCILE = 12;
  private static final int RECONCILES = 40;
  private static final String SECRET = "rootmfa/123456789012";

  /** What the account looks like before the first reconcile. */
  enum Start {
    EMPTY,
    ORPHAN_WITHOUT_SEED,
    ORPHAN_WITH_STALE_SEED,
    ORPHAN_WITH_ITS_SEED,
    SEED_OF_A_DELETED_DEVICE,
    ALREADY_ENABLED
  }

  /**
   * The step kinds after which a crash was injected, to prove the sweep reached every dangerous
   * moment.
   */
  enum Phase {
    CreateDevice,
    StoreSeed,
    ReadBackSeed,
    Enable,
    DeleteDevice
  }

  record Scenario(
      long seed,
      TargetRef target,
      Start start,
      boolean rootRefuses,
      boolean corruptFirstReadBack,
      List<Boolean> codeRefusals) {

    static Scenario random(long seed, boolean rootMayRefuse) {
      Random r = new Random(seed);
      TargetRef target = r.nextBoolean() ? ROOT : BREAKGLASS_USER;
      List<Boolean> refusals = new ArrayList<>();
      for (int i = 0, refused = 0; i < 8; i++) {
        boolean refuse = refused < 3 && r.nextInt(3) == 0;
        refused += refuse ? 1 : 0;
        refusals.add(refuse);
      }
      return new Scenario(
          seed,
          target,
          Start.values()[r.nextInt(Start.values().length)],
          rootMayRefuse && target.isRoot(),
          r.nextInt(4) == 0,
          refusals);
    }
  }

  /** One device of the fake account; {@code seed} is what only AWS knows after creation. */
  record Device(
      String serial, Optional<String> assignedTo, Optional<String> enrollmentId, Seed seed) {
    VirtualDevice observed() {
      return new VirtualDevice(serial, assignedTo, assignedTo.map(a -> NOW), enrollmentId);
    }
  }

  /** IAM of one account, as far as virtual MFA devices go. */
  static final class FakeAccount {
    final Map<String, Device> devices = new LinkedHashMap<>();

    Optional<VirtualDevice> observe(String serial) {
      return Optional.ofNullable(devices.get(serial)).map(Device::observed);
    }
  }

  /**
   * Secrets Manager: secret name to versions, newest last. Every read hands out a new {@link
   * StoredSeed}.
   */
  static final class FakeVault {
    final Map<String, List<StoredSeed>> secrets = new LinkedHashMap<>();
    final Set<StoredSeed> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
    boolean corruptNextReadBack;

    String write(FreshDevice d) {
      List<StoredSeed> versions = secrets.computeIfAbsent(SECRET, n -> new ArrayList<>());
      String versionId = "v" + versions.size();
      versions.add(
          new StoredSeed(
              d.serialNumber(),
              d.enrollmentId(),
              "arn:secret:" + SECRET,
              versionId,
              NOW,
              d.seed()));
      return versionId;
    }

    Optional<StoredSeed> readCurrent() {
      List<StoredSeed> versions = secrets.getOrDefault(SECRET, List.of());
      return versions.isEmpty()
          ? Optional.empty()
          : Optional.of(handOut(versions.get(versions.size() - 1), false));
    }

    StoredSeed readVersion(String versionId) {
      StoredSeed version =
          secrets.get(SECRET).stream()
              .filter(v -> v.versionId().equals(versionId))
              .findFirst()
              .orElseThrow();
      boolean corrupt = corruptNextReadBack;
      corruptNextReadBack = false;
      return handOut(version, corrupt);
    }

    private StoredSeed handOut(StoredSeed v, boolean corrupt) {
      Seed seed = Seed.ofBase32(corrupt ? "CORRUPT" + v.seed().reveal() : v.seed().reveal());
      StoredSeed copy =
          new StoredSeed(
              v.deviceSerial(), v.enrollmentId(), v.secretArn(), v.versionId(), v.storedAt(), seed);
      handedOut.add(copy);
      return copy;
    }

    Optional<StoredSeed> current() {
      List<StoredSeed> versions = secrets.getOrDefault(SECRET, List.of());
      return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }
  }

  /**
   * One run of a scenario: reconciles until compliant, a root refusal, or the budget; crashes where
   * told.
   */
  static final class World {
    final Scenario scenario;
    final Set<Integer> crashAfter;
    final FakeAccount account = new FakeAccount();
    final FakeVault vault = new FakeVault();
    final List<String> violations = new ArrayList<>();
    final Set<Phase> crashedAfter = EnumSet.noneOf(Phase.class);
    final Deque<Boolean> codeRefusals;
    final Random seeds;
    final Set<String> seedTexts = new HashSet<>();
    int steps;
    int enables;
    int created;
    Optional<Verdict> lastVerdict = Optional.empty();
    boolean compliant;

    World(Scenario scenario, Set<Integer> crashAfter) {
      this.scenario = scenario;
      this.crashAfter = crashAfter;
      this.codeRefusals = new ArrayDeque<>(scenario.codeRefusals());
      this.seeds = new Random(scenario.seed() * 31 + 7);
      vault.corruptNextReadBack = scenario.corruptFirstReadBack();
      account.devices.put(
          OTHER_SERIAL, new Device(OTHER_SERIAL, Optional.empty(), Optional.empty(), newSeed()));
      prepare(scenario.start());
    }

    private void prepare(Start start) {
      Seed seed = newSeed();
      switch (start) {
        case EMPTY -> {}
        case ORPHAN_WITHOUT_SEED -> ourDevice("enr-0", Optional.empty(), seed);
        case ORPHAN_WITH_STALE_SEED -> {
          vault.write(new FreshDevice(SERIAL, "enr-old", newSeed()));
          ourDevice("enr-0", Optional.empty(), seed);
        }
        case ORPHAN_WITH_ITS_SEED -> {
          vault.write(new FreshDevice(SERIAL, "enr-0", seed));
          ourDevice("enr-0", Optional.empty(), seed);
        }
        case SEED_OF_A_DELETED_DEVICE -> vault.write(new FreshDevice(SERIAL, "enr-old", seed));
        case ALREADY_ENABLED -> {
          vault.write(new FreshDevice(SERIAL, "enr-0", seed));
          ourDevice("enr-0", Optional.of(scenario.target().describe()), seed);
        }
      }
    }

    private void ourDevice(String enrollmentId, Optional<String> assignedTo, Seed seed) {
      account.devices.put(SERIAL, new Device(SERIAL, assignedTo, Optional.of(enrollmentId), seed));
    }

    private Seed newSeed() {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 32; i++) {
        b.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt(seeds.nextInt(32)));
      }
      seedTexts.add(b.toString());
      return Seed.ofBase32(b.toString());
    }

    World run() {
      for (int r = 0; r < RECONCILES && !compliant && !rootRefusalReported(); r++) {
        reconcile();
      }
      return this;
    }

    private boolean rootRefusalReported() {
      return lastVerdict.map(v -> v.reason() == Reason.RootApiEnrollmentUnsupported).orElse(false);
    }

    /**
     * One reconcile, as {@code EnrollmentRunner} performs it; returns early on a halt or a crash.
     */
    private void reconcile() {
      EnrollmentState state =
          EnrollmentState.initial(scenario.target(), account.observe(SERIAL), vault.readCurrent());
      Optional<String> writtenVersion = Optional.empty();
      for (int i = 0; i < STEPS_PER_RECONCILE; i++) {
        EnrollmentStep step = Enrollment.next(state);
        noSeedIn(step.toString(), "step");
        if (step instanceof EnrollmentStep.Halt halt) {
          noSeedIn(halt.verdict().message(), "verdict");
          lastVerdict = Optional.of(halt.verdict());
          return;
        }
        if (step instanceof EnrollmentStep.Verify) {
          compliant =
              account
                  .devices
                  .get(SERIAL)
                  .assignedTo()
                  .equals(Optional.of(scenario.target().describe()));
          return;
        }
        if (step instanceof EnrollmentStep.CreateDevice) {
          String enrollmentId = "enr-" + (++created);
          Seed seed = newSeed();
          if (account.devices.containsKey(SERIAL)) {
            violations.add(
                "CreateDevice while a device exists at our serial (" + enrollmentId + ")");
          }
          ourDevice(enrollmentId, Optional.empty(), seed);
          state =
              state
                  .withFresh(new FreshDevice(SERIAL, enrollmentId, seed))
                  .withDevice(account.observe(SERIAL));
        } else if (step instanceof EnrollmentStep.StoreSeed store) {
          writtenVersion = Optional.of(vault.write(store.device()));
          state = state.seedWritten();
        } else if (step instanceof EnrollmentStep.ReadBackSeed readBack) {
          state = state.readBack(vault.readVersion(writtenVersion.orElseThrow()));
        } else if (step instanceof EnrollmentStep.Enable enable) {
          state = enable(state, enable);
        } else if (step instanceof EnrollmentStep.DeleteDevice delete) {
          Device d = account.devices.get(delete.serialNumber());
          if (d == null || d.assignedTo().isPresent() || d.enrollmentId().isEmpty()) {
            violations.add("DeleteDevice of a device that is missing, assigned or not ours: " + d);
          }
          account.devices.remove(delete.serialNumber());
          state = state.withDevice(Optional.empty());
        }
        steps++;
        if (crashAfter.contains(steps)) {
          crashedAfter.add(Phase.valueOf(step.getClass().getSimpleName()));
          return;
        }
      }
    }

    private EnrollmentState enable(EnrollmentState state, EnrollmentStep.Enable enable) {
      enables++;
      Device d = account.devices.get(enable.device().serialNumber());
      StoredSeed seed = enable.seed();
      if (state.storedSeed().isEmpty() || state.storedSeed().get() != seed) {
        violations.add("Enable with a seed other than the state's stored seed");
      }
      if (!vault.handedOut.contains(seed)) {
        violations.add("Enable with a seed that no vault read produced");
      }
      if (d == null || !seed.seed().sameAs(d.seed())) {
        violations.add(
            "Enable with a seed that is not the device's seed (device " + enable.device() + ")");
      }
      if (d == null || d.assignedTo().isPresent()) {
        violations.add("Enable of a device that is missing or already assigned");
        return state.withDevice(account.observe(SERIAL));
      }
      if (scenario.rootRefuses()) {
        return state.rootRefused();
      }
      boolean clockSkew = Optional.ofNullable(codeRefusals.poll()).orElse(false);
      if (clockSkew || !seed.seed().sameAs(d.seed())) {
        return state.codeRefused().withDevice(account.observe(SERIAL));
      }
      account.devices.put(
          d.serial(),
          new Device(
              d.serial(), Optional.of(scenario.target().describe()), d.enrollmentId(), d.seed()));
      return state.withDevice(account.observe(SERIAL));
    }

    private void noSeedIn(String text, String what) {
      seedTexts.stream()
          .filter(text::contains)
          .findAny()
          .ifPresent(
              s ->
                  violations.add("a seed appears in a " + what + ": " + text.replace(s, "<seed>")));
    }
  }

  /**
   * Runs every scenario once without a crash, then once per crash point, and hands each finished
   * world over.
   */
  private static void sweep(boolean rootMayRefuse, Consumer<World> check) {
    for (long s = 0; s < RUNS; s++) {
      Scenario scenario = Scenario.random(s, rootMayRefuse);
      int length = new World(scenario, Set.of()).run().steps;
      for (int crash = 0; crash <= length; crash++) {
        check.accept(new World(scenario, Set.of(crash)).run());
      }
    }
  }

  private static List<String> violationsOf(World w) {
    return w.violations.stream()
        .map(v -> "run " + w.scenario + " crash " + w.crashAfter + ": " + v)
        .toList();
  }

  @Test
  void enablesOnlyWithAVaultReadOfTheDevicesOwnSeedWhereverItCrashes() {
    List<String> violations = new ArrayList<>();
    Set<Phase> crashed = EnumSet.noneOf(Phase.class);
    int[] enables = {0};
    sweep(
        true,
        w -> {
          violations.addAll(violationsOf(w));
          crashed.addAll(w.crashedAfter);
          enables[0] += w.enables;
        });

    assertThat(violations).isEmpty();
    assertThat(enables[0]).as("the sweep must exercise Enable").isPositive();
    assertThat(crashed)
        .as("a crash was injected after every kind of write")
        .containsExactlyInAnyOrder(Phase.values());
  }

  @Test
  void convergesToExactlyOneDeviceEnabledForTheTargetWhereverItCrashes() {
    List<String> failures = new ArrayList<>();
    sweep(
        false,
        w -> {
          long assigned =
              w.account.devices.values().stream()
                  .filter(d -> d.assignedTo().equals(Optional.of(w.scenario.target().describe())))
                  .count();
          if (!w.compliant || assigned != 1) {
            failures.add(
                "run "
                    + w.scenario
                    + " crash "
                    + w.crashAfter
                    + ": compliant="
                    + w.compliant
                    + ", assigned="
                    + assigned
                    + ", last verdict "
                    + w.lastVerdict);
          }
        });

    assertThat(failures).isEmpty();
  }

  @Test
  void leavesNoUnassignedDeviceOfOursAndTouchesNoOtherDeviceWhereverItCrashes() {
    List<String> failures = new ArrayList<>();
    sweep(
        true,
        w -> {
          w.account.devices.values().stream()
              .filter(d -> d.assignedTo().isEmpty() && d.enrollmentId().isPresent())
              .forEach(
                  d ->
                      failures.add(
                          "run "
                              + w.scenario
                              + " crash "
                              + w.crashAfter
                              + ": orphan "
                              + d.observed()));
          if (!w.account.devices.containsKey(OTHER_SERIAL)) {
            failures.add(
                "run "
                    + w.scenario
                    + " crash "
                    + w.crashAfter
                    + ": a device that is not ours was deleted");
          }
        });

    assertThat(failures).isEmpty();
  }

  @Test
  void keepsOneSecretWhoseCurrentSeedIsTheEnabledDevicesWhereverItCrashes() {
    List<String> failures = new ArrayList<>();
    sweep(
        false,
        w -> {
          Device enabled = w.account.devices.get(SERIAL);
          Optional<StoredSeed> current = w.vault.current();
          boolean holdsItsSeed =
              enabled != null
                  && current.isPresent()
                  && current.get().belongsTo(enabled.observed())
                  && current.get().seed().sameAs(enabled.seed());
          if (w.vault.secrets.size() != 1 || !holdsItsSeed) {
            failures.add(
                "run "
                    + w.scenario
                    + " crash "
                    + w.crashAfter
                    + ": secrets "
                    + w.vault.secrets.keySet()
                    + ", current seed belongs to the enabled device: "
                    + holdsItsSeed);
          }
        });

    assertThat(failures).isEmpty();
  }

  @Test
  void rootRefusalEndsWithNoDeviceOfOursAndNoEnabledDeviceWhereverItCrashes() {
    List<String> failures = new ArrayList<>();
    int[] refusingRuns = {0};
    sweep(
        true,
        w -> {
          if (!w.scenario.rootRefuses() || w.scenario.start() == Start.ALREADY_ENABLED) {
            return;
          }
          refusingRuns[0]++;
          boolean anyOfOurs =
              w.account.devices.values().stream().anyMatch(d -> d.enrollmentId().isPresent());
          if (anyOfOurs || w.compliant || !w.rootRefusalReported()) {
            failures.add(
                "run "
                    + w.scenario
                    + " crash "
                    + w.crashAfter
                    + ": devices "
                    + w.account.devices.values()
                    + ", last verdict "
                    + w.lastVerdict);
          }
        });

    assertThat(refusingRuns[0]).isPositive();
    assertThat(failures).isEmpty();
  }

  @Test
  void survivesRepeatedCrashesAtRandomSteps() {
    List<String> failures = new ArrayList<>();
    for (long s = 0; s < RUNS; s++) {
      Random r = new Random(~s);
      Set<Integer> crashes = new HashSet<>();
      while (crashes.size() < 4) {
        crashes.add(1 + r.nextInt(30));
      }
      World w = new World(Scenario.random(s, false), crashes).run();
      failures.addAll(violationsOf(w));
      boolean orphans =
          w.account.devices.values().stream()
              .anyMatch(d -> d.assignedTo().isEmpty() && d.enrollmentId().isPresent());
      if (!w.compliant || orphans) {
        failures.add(
            "run "
                + w.scenario
                + " crashes "
                + crashes
                + ": compliant="
                + w.compliant
                + ", devices "
                + w.account.devices.values());
      }
    }

    assertThat(failures).isEmpty();
  }
}
