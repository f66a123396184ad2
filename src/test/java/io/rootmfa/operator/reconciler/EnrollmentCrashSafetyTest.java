package io.rootmfa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.Totp;
import io.rootmfa.operator.it.Policies;
import io.rootmfa.operator.totp.TotpCodes;
import io.rootmfa.operator.workflow.AuditResult;
import io.rootmfa.operator.workflow.Custody;
import io.rootmfa.operator.workflow.FreshDevice;
import io.rootmfa.operator.workflow.MfaDevices;
import io.rootmfa.operator.workflow.PolicyRef;
import io.rootmfa.operator.workflow.Reason;
import io.rootmfa.operator.workflow.Seed;
import io.rootmfa.operator.workflow.SeedCustody;
import io.rootmfa.operator.workflow.SeedDocument;
import io.rootmfa.operator.workflow.StoredSeed;
import io.rootmfa.operator.workflow.TargetRef;
import io.rootmfa.operator.workflow.Verdict;
import io.rootmfa.operator.workflow.VirtualDevice;
import io.rootmfa.operator.workflow.WriteGate;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Drives the production {@link EnrollmentRunner} (its visitor, its ports, its wait for fresh time
 * steps) over in-memory implementations of {@link MfaDevices} and {@link SeedCustody}, and crashes
 * the process (a new runner, every in-memory fact lost) after any AWS call jqwik picks, possibly
 * several times. Whatever the start, the crash points and AWS's refusals, these must hold:
 *
 * <ol>
 *   <li>EnableMFADevice only with the seed of the secret's current document, owned by this policy,
 *       naming that device, and read back after it was written;
 *   <li>no write over another owner's custody, another target's, or an enabled device's;
 *   <li>at most one device of this policy exists, at most one is enabled for the target;
 *   <li>every enabled device's seed is in the current custody document naming it;
 *   <li>no seed in an Event or a verdict.
 * </ol>
 *
 * Failures shrink to the smallest scenario and crash set.
 */
class EnrollmentCrashSafetyTest {
  private static final String ACCOUNT = "123456789012";
  private static final String SECRET = "rootmfa/shared";
  private static final PolicyRef SELF = new PolicyRef("team-a", "mfa", "uid-a");
  private static final PolicyRef OTHER = new PolicyRef("team-b", "mfa", "uid-b");
  private static final String PATH = "/rootmfa/";
  private static final String OTHER_SERIAL = "arn:aws:iam::" + ACCOUNT + ":mfa/rootmfa/someone";
  private static final int RECONCILES = 40;

  /** What the account and the shared secret hold before the first reconcile. */
  enum Start {
    EMPTY,
    ORPHAN_WITHOUT_SEED,
    ORPHAN_WITH_STALE_SEED,
    ORPHAN_WITH_ITS_SEED,
    SEED_OF_A_DELETED_DEVICE,
    V1_SEED_OF_A_DELETED_DEVICE,
    ANOTHER_POLICYS_CUSTODY,
    ANOTHER_POLICYS_DEVICE_AT_OUR_NAME,
    ALREADY_ENABLED,
    /** The secret exists without a value, created by our own write that stopped there. */
    OUR_SECRET_WITHOUT_A_VALUE,
    /** The secret exists without a value, created by someone else (tags of another target). */
    ANOTHER_SECRET_WITHOUT_A_VALUE
  }

  record Scenario(
      boolean root,
      Start start,
      boolean rootRefuses,
      boolean corruptFirstReadBack,
      boolean secretCreatedByAnotherPolicyFirst,
      List<Boolean> codeRefusals,
      Set<Integer> crashAfterCall,
      long randomSeed,
      boolean custody) {

    /**
     * The same scenario with the seed kept in a custody account: created without a value, given its
     * resource policy, then its value.
     */
    Scenario inCustody(boolean inCustody) {
      return new Scenario(
          root,
          start,
          rootRefuses,
          corruptFirstReadBack,
          secretCreatedByAnotherPolicyFirst,
          codeRefusals,
          crashAfterCall,
          randomSeed,
          inCustody);
    }

    TargetRef target() {
      return root ? TargetRef.root() : TargetRef.iamUser("breakglass");
    }

    /** Scenarios in which nothing but a person can help: they must halt, not converge. */
    boolean blocked() {
      if (start == Start.ALREADY_ENABLED) {
        return false;
      }
      return rootRefuses
          || start == Start.ANOTHER_POLICYS_CUSTODY
          || start == Start.ANOTHER_POLICYS_DEVICE_AT_OUR_NAME
          // Only a vault that keeps secrets with a resource policy creates them without a value,
          // and only there is an empty secret judged; elsewhere it is just an existing secret.
          || custody && start == Start.ANOTHER_SECRET_WITHOUT_A_VALUE
          || secretCreatedByAnotherPolicyFirst
              && (start == Start.EMPTY || start == Start.ORPHAN_WITHOUT_SEED);
    }
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Boolean> root = Arbitraries.of(true, false);
    Arbitrary<Scenario> anywhere =
        Combinators.combine(
                root,
                Arbitraries.of(Start.class),
                Arbitraries.of(true, false).injectDuplicates(0.2),
                Arbitraries.integers().between(0, 3).map(i -> i == 0),
                Arbitraries.integers().between(0, 5).map(i -> i == 0),
                Arbitraries.of(true, false, false, false).list().ofMaxSize(6),
                Arbitraries.integers().between(1, 16).set().ofMaxSize(4),
                Arbitraries.longs())
            .as(
                (r, start, refuses, corrupt, race, refusals, crashes, seed) ->
                    new Scenario(
                        r, start, r && refuses, corrupt, race, refusals, crashes, seed, false));
    return Combinators.combine(anywhere, Arbitraries.of(true, false)).as(Scenario::inCustody);
  }

  @Property(tries = 400)
  void custodyHoldsWhereverTheProcessCrashes(@ForAll("scenarios") Scenario scenario)
      throws InterruptedException {
    World w = new World(scenario).run();
    Statistics.label("start").collect(scenario.start());
    Statistics.label("crashed").collect(w.crashes > 0);
    Statistics.label("compliant").collect(w.compliant);
    assertThat(w.violations).as("violations of %s", scenario).isEmpty();
    assertThat(w.assignedTo(scenario.target().describe())).isLessThanOrEqualTo(1);
    assertThat(w.devicesOwnedBySelf()).isLessThanOrEqualTo(1);
    assertThat(w.enabledDevicesWithoutTheirCustody()).isEmpty();
  }

  @Property(tries = 200)
  void convergesToOneEnabledDeviceUnlessAPersonMustAct(@ForAll("scenarios") Scenario scenario)
      throws InterruptedException {
    World w = new World(scenario).run();
    if (scenario.blocked()) {
      assertThat(w.compliant)
          .as("a blocked scenario never enrolls: %s, last %s", scenario, w.lastVerdict)
          .isFalse();
      assertThat(w.lastVerdict.map(Verdict::stalled)).as("%s", scenario).contains(true);
      return;
    }
    assertThat(w.compliant).as("%s, last verdict %s", scenario, w.lastVerdict).isTrue();
    assertThat(w.assignedTo(scenario.target().describe())).isEqualTo(1);
    assertThat(w.unassignedOfSelf()).as("orphans of %s", scenario).isZero();
  }

  /** The process died: every in-memory fact of the runner is gone. */
  static final class Crash extends RuntimeException {
    Crash() {
      super("crash", null, false, false);
    }
  }

  /** A device in the fake IAM; {@code seed} is what only AWS keeps after creation. */
  record Device(String serial, Optional<String> assignedTo, Map<String, String> tags, String seed) {
    VirtualDevice observed(boolean withTags) {
      return new VirtualDevice(
          serial,
          assignedTo,
          assignedTo.map(a -> Instant.EPOCH),
          withTags ? Optional.ofNullable(tags.get(MfaDevices.ENROLLMENT_TAG)) : Optional.empty(),
          withTags ? Optional.ofNullable(tags.get(MfaDevices.POLICY_TAG)) : Optional.empty());
    }
  }

  /** One stored version of the shared secret. */
  record Version(String versionId, SeedDocument document, String token) {}

  /** One run: the fake account, the fake secret, the clock, and what went wrong. */
  static final class World implements MfaDevices, SeedCustody {
    final Scenario scenario;
    final Map<String, Device> devices = new LinkedHashMap<>();
    final List<Version> versions = new ArrayList<>();
    final Set<String> versionsReadAfterWrite = new HashSet<>();
    final Map<String, Long> usedSteps = new HashMap<>();
    final List<String> violations = new ArrayList<>();
    final Set<String> seedTexts = new HashSet<>();
    final Random random;
    final List<Boolean> codeRefusals;
    Instant now = Instant.parse("2026-06-01T12:00:07Z");
    boolean corruptNextReadBack;
    boolean raceArmed;
    boolean secretCreated;
    Map<String, String> secretTags = Map.of();
    boolean resourcePolicyAttached;
    int calls;
    int crashes;
    boolean compliant;
    Optional<Verdict> lastVerdict = Optional.empty();

    World(Scenario scenario) {
      this.scenario = scenario;
      this.random = new Random(scenario.randomSeed());
      this.codeRefusals = new ArrayList<>(scenario.codeRefusals());
      this.corruptNextReadBack = scenario.corruptFirstReadBack();
      this.raceArmed = scenario.secretCreatedByAnotherPolicyFirst();
      // Another principal's enabled device, whose custody is another policy's document elsewhere.
      devices.put(
          OTHER_SERIAL,
          new Device(OTHER_SERIAL, Optional.of("iamUser/someone"), Map.of(), newSeed()));
      prepare();
    }

    String ourSerial() {
      return "arn:aws:iam::" + ACCOUNT + ":mfa" + PATH + view().deviceName();
    }

    private void prepare() {
      String target = scenario.target().describe();
      String seed = newSeed();
      switch (scenario.start()) {
        case EMPTY -> {}
        case ORPHAN_WITHOUT_SEED -> ourDevice("enr-0", Optional.empty(), seed);
        case ORPHAN_WITH_STALE_SEED -> {
          store(document(SELF, target, ourSerial(), "enr-old", newSeed()));
          ourDevice("enr-0", Optional.empty(), seed);
        }
        case ORPHAN_WITH_ITS_SEED -> {
          store(document(SELF, target, ourSerial(), "enr-0", seed));
          ourDevice("enr-0", Optional.empty(), seed);
        }
        case SEED_OF_A_DELETED_DEVICE ->
            store(document(SELF, target, ourSerial(), "enr-old", seed));
        case V1_SEED_OF_A_DELETED_DEVICE ->
            store(
                new SeedDocument(
                    ACCOUNT,
                    target,
                    Optional.of(ourSerial()),
                    "enr-old",
                    Seed.ofBase32(seed),
                    Instant.EPOCH,
                    Optional.empty(),
                    SeedDocument.State.complete));
        case ANOTHER_POLICYS_CUSTODY -> {
          String theirs = devices.get(OTHER_SERIAL).seed();
          store(document(OTHER, "iamUser/someone", OTHER_SERIAL, "enr-x", theirs));
        }
        case ANOTHER_POLICYS_DEVICE_AT_OUR_NAME ->
            devices.put(
                ourSerial(), new Device(ourSerial(), Optional.empty(), tags(OTHER, "enr-x"), seed));
        case ALREADY_ENABLED -> {
          store(document(SELF, target, ourSerial(), "enr-0", seed));
          ourDevice("enr-0", Optional.of(target), seed);
        }
        case OUR_SECRET_WITHOUT_A_VALUE -> {
          createEmpty(secretTagsOf(target));
          ourDevice("enr-0", Optional.empty(), seed);
        }
        case ANOTHER_SECRET_WITHOUT_A_VALUE -> createEmpty(secretTagsOf("iamUser/someone"));
      }
    }

    World run() throws InterruptedException {
      EnrollmentRunner runner = newRunner();
      for (int r = 0; r < RECONCILES && !compliant && !stalled(); r++) {
        now = now.plusSeconds(1);
        try {
          if (audit(scenario.target(), false).mfaEnabled()) {
            compliant = true;
            break;
          }
          EnrollmentRunner.Outcome outcome =
              runner.run(
                  SELF,
                  view(),
                  new EnrollmentRunner.Ports(this, this, clock(), WriteGate.OPEN),
                  events());
          lastVerdict = Optional.of(outcome.verdict());
          noSeedIn(outcome.verdict().message());
          compliant = outcome.verdict().reason() == Reason.Compliant;
          outcome.retryAfter().ifPresent(d -> now = now.plus(d));
        } catch (Crash c) {
          crashes++;
          runner = newRunner();
        }
      }
      return this;
    }

    private boolean stalled() {
      return lastVerdict.map(Verdict::stalled).orElse(false);
    }

    private EnrollmentRunner newRunner() {
      return new EnrollmentRunner(new TotpCodes(), new PolicyMetrics(new SimpleMeterRegistry()));
    }

    private InstantSource clock() {
      return () -> now;
    }

    private PolicyView view() {
      String target = scenario.root() ? Policies.ROOT : Policies.iamUser("breakglass");
      RootMfaPolicy p =
          Serialization.unmarshal(
              Policies.enforce("mfa", ACCOUNT, target, "keys", Policies.OPEN)
                  .replace("rootmfa/" + ACCOUNT + "/mfa", SECRET),
              RootMfaPolicy.class);
      p.getMetadata().setNamespace(SELF.namespace());
      return PolicyView.of(p);
    }

    private EnrollmentRunner.EventSink events() {
      return new EnrollmentRunner.EventSink() {
        @Override
        public void normal(String reason, String message) {
          noSeedIn(message);
        }

        @Override
        public void warning(String reason, String message) {
          noSeedIn(message);
        }
      };
    }

    /** Counts an AWS call whose effect has happened; the process may die right after it. */
    private void called() {
      calls++;
      if (scenario.crashAfterCall().contains(calls)) {
        throw new Crash();
      }
    }

    // --- MfaDevices ---

    @Override
    public AuditResult audit(TargetRef target, boolean nameDevice) {
      List<AuditResult.AssignedDevice> assigned =
          devices.values().stream()
              .filter(d -> d.assignedTo().equals(Optional.of(target.describe())))
              .map(d -> new AuditResult.AssignedDevice(d.serial(), Optional.of(now)))
              .toList();
      return new AuditResult(!assigned.isEmpty(), false, assigned.stream().findFirst());
    }

    @Override
    public Optional<VirtualDevice> find(String path, String name) {
      Optional<VirtualDevice> found =
          Optional.ofNullable(devices.get("arn:aws:iam::" + ACCOUNT + ":mfa" + path + name))
              .map(d -> d.observed(d.assignedTo().isEmpty()));
      called();
      return found;
    }

    @Override
    public FreshDevice create(
        String path, String name, String enrollmentId, Map<String, String> tags) {
      String serial = "arn:aws:iam::" + ACCOUNT + ":mfa" + path + name;
      if (devices.containsKey(serial)) {
        violations.add("CreateVirtualMFADevice while a device exists at " + serial);
        throw new IllegalStateException("EntityAlreadyExists");
      }
      Map<String, String> all = new HashMap<>(tags);
      all.put(ENROLLMENT_TAG, enrollmentId);
      String seed = newSeed();
      devices.put(serial, new Device(serial, Optional.empty(), Map.copyOf(all), seed));
      called();
      return new FreshDevice(serial, enrollmentId, Seed.ofBase32(seed));
    }

    @Override
    public EnableOutcome enable(
        TargetRef target, String serialNumber, String firstCode, String secondCode) {
      Device d = devices.get(serialNumber);
      if (d == null || d.assignedTo().isPresent()) {
        return EnableOutcome.ALREADY_ENABLED;
      }
      Optional<Version> current = current();
      boolean custodyFirst =
          current.isPresent()
              && current.get().document().owner().map(SELF::isSamePolicy).orElse(false)
              && current.get().document().names(serialNumber)
              && current.get().document().seed().reveal().equals(d.seed())
              && versionsReadAfterWrite.contains(current.get().versionId());
      if (!custodyFirst) {
        violations.add(
            "EnableMFADevice of "
                + serialNumber
                + " without a read-back stored seed of this policy naming it (current "
                + current.map(v -> v.document().toString() + " " + v.versionId()).orElse("none")
                + ")");
      }
      if (scenario.rootRefuses() && target.isRoot()) {
        called();
        return EnableOutcome.ROOT_REFUSED;
      }
      long step = Totp.step(now);
      boolean reused = usedSteps.containsKey(serialNumber) && usedSteps.get(serialNumber) >= step;
      usedSteps.put(serialNumber, step + 1);
      boolean skewed = !codeRefusals.isEmpty() && codeRefusals.remove(0);
      boolean right =
          firstCode.equals(Totp.codeAtStep(d.seed(), step))
              && secondCode.equals(Totp.codeAtStep(d.seed(), step + 1));
      if (reused || skewed || !right) {
        called();
        return EnableOutcome.CODES_REFUSED;
      }
      devices.put(
          serialNumber,
          new Device(serialNumber, Optional.of(target.describe()), d.tags(), d.seed()));
      called();
      return EnableOutcome.ENABLED;
    }

    @Override
    public void delete(String serialNumber) {
      Device d = devices.get(serialNumber);
      if (d == null || d.assignedTo().isPresent() || !SELF.key().equals(d.tags().get(POLICY_TAG))) {
        violations.add("DeleteVirtualMFADevice of a missing, assigned or foreign device: " + d);
      }
      devices.remove(serialNumber);
      called();
    }

    // --- SeedCustody ---

    @Override
    public Contents observe() {
      Optional<StoredSeed> read = current().map(v -> handOut(v, false));
      current().ifPresent(v -> versionsReadAfterWrite.add(v.versionId()));
      called();
      if (read.isPresent()) {
        return new Holds(read.get());
      }
      // As aws.SeedVault: only a vault that creates secrets without a value looks for one.
      return secretCreated && scenario.custody() ? new Unwritten(secretTags) : new Absent();
    }

    @Override
    public StoredSeed readVersion(String versionId) {
      Version v =
          versions.stream().filter(x -> x.versionId().equals(versionId)).findFirst().orElseThrow();
      boolean corrupt = corruptNextReadBack;
      corruptNextReadBack = false;
      if (!corrupt) {
        versionsReadAfterWrite.add(versionId);
      }
      called();
      return handOut(v, corrupt);
    }

    @Override
    public WriteOutcome write(SeedDocument document, boolean secretExists) {
      if (raceArmed && !secretCreated) {
        raceArmed = false;
        // Another policy created the secret between our read and our CreateSecret.
        store(document(OTHER, "iamUser/someone", OTHER_SERIAL, "enr-x", seedOf(OTHER_SERIAL)));
      }
      if (!secretExists && secretCreated) {
        called();
        return new SecretExists();
      }
      if (scenario.custody()) {
        if (!secretExists) {
          // CreateSecret without a value (it takes no resource policy).
          createEmpty(secretTagsOf(document.target()));
          called();
        }
        if (versions.isEmpty() && !secretTags.equals(secretTagsOf(scenario.target().describe()))) {
          violations.add(
              "filled a secret without a value that someone else created: " + secretTags);
        }
        resourcePolicyAttached = true; // PutResourcePolicy, idempotent
        called();
      }
      Optional<Version> current = current();
      String token = document.deviceSerial().orElse("-") + "|" + document.enrollmentId();
      if (current.isPresent() && current.get().token().equals(token)) {
        called();
        return new Stored("arn:secret", current.get().versionId());
      }
      current.ifPresent(v -> checkNotForeign(v.document()));
      if (scenario.custody() && !resourcePolicyAttached) {
        violations.add("a seed was written to a custody secret before its resource policy");
      }
      Version v = store(document);
      called();
      return new Stored("arn:secret", v.versionId());
    }

    private void createEmpty(Map<String, String> tags) {
      secretCreated = true;
      secretTags = tags;
    }

    private static Map<String, String> secretTagsOf(String target) {
      return Map.of(
          Custody.MANAGED_BY_TAG,
          Custody.MANAGED_BY,
          Custody.ACCOUNT_TAG,
          ACCOUNT,
          Custody.TARGET_TAG,
          target);
    }

    private void checkNotForeign(SeedDocument replaced) {
      boolean ownerOk = replaced.owner().map(SELF::isSamePolicy).orElse(true);
      boolean targetOk = replaced.target().equals(scenario.target().describe());
      boolean deviceEnabled =
          replaced.deviceSerial().map(devices::get).flatMap(Device::assignedTo).isPresent();
      if (!ownerOk || !targetOk || deviceEnabled) {
        violations.add("overwrote the custody document " + replaced);
      }
    }

    // --- bookkeeping ---

    private Optional<Version> current() {
      return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    private Version store(SeedDocument d) {
      if (!secretCreated) {
        createEmpty(secretTagsOf(d.target()));
      }
      Version v =
          new Version(
              "v" + versions.size(), d, d.deviceSerial().orElse("-") + "|" + d.enrollmentId());
      versions.add(v);
      return v;
    }

    private StoredSeed handOut(Version v, boolean corrupt) {
      SeedDocument d = v.document();
      SeedDocument copy =
          corrupt
              ? new SeedDocument(
                  d.accountId(),
                  d.target(),
                  d.deviceSerial(),
                  d.enrollmentId(),
                  Seed.ofBase32(newSeed()),
                  d.createdAt(),
                  d.owner(),
                  d.state())
              : d;
      return new StoredSeed(copy, "arn:secret", v.versionId());
    }

    private SeedDocument document(
        PolicyRef owner, String target, String serial, String enrollmentId, String seed) {
      return new SeedDocument(
          ACCOUNT,
          target,
          Optional.of(serial),
          enrollmentId,
          Seed.ofBase32(seed),
          Instant.EPOCH,
          Optional.of(owner),
          SeedDocument.State.complete);
    }

    private void ourDevice(String enrollmentId, Optional<String> assignedTo, String seed) {
      devices.put(ourSerial(), new Device(ourSerial(), assignedTo, tags(SELF, enrollmentId), seed));
    }

    private static Map<String, String> tags(PolicyRef owner, String enrollmentId) {
      return Map.of(ENROLLMENT_TAG, enrollmentId, POLICY_TAG, owner.key());
    }

    private String seedOf(String serial) {
      return devices.get(serial).seed();
    }

    private String newSeed() {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 32; i++) {
        b.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt(random.nextInt(32)));
      }
      seedTexts.add(b.toString());
      return b.toString();
    }

    private void noSeedIn(String text) {
      seedTexts.stream()
          .filter(text::contains)
          .findAny()
          .ifPresent(s -> violations.add("a seed appears in: " + text.replace(s, "<seed>")));
    }

    long assignedTo(String target) {
      return devices.values().stream()
          .filter(d -> d.assignedTo().equals(Optional.of(target)))
          .count();
    }

    long devicesOwnedBySelf() {
      return devices.values().stream()
          .filter(d -> SELF.key().equals(d.tags().get(POLICY_TAG)))
          .count();
    }

    long unassignedOfSelf() {
      return devices.values().stream()
          .filter(d -> d.assignedTo().isEmpty() && SELF.key().equals(d.tags().get(POLICY_TAG)))
          .count();
    }

    /** Enabled devices whose seed is not in the current custody document naming them. */
    List<String> enabledDevicesWithoutTheirCustody() {
      return devices.values().stream()
          .filter(d -> d.assignedTo().isPresent())
          .filter(d -> !d.serial().equals(OTHER_SERIAL) || scenarioHoldsOthersCustody())
          .filter(
              d ->
                  current()
                      .map(Version::document)
                      .filter(doc -> doc.names(d.serial()))
                      .filter(doc -> doc.seed().reveal().equals(d.seed()))
                      .isEmpty())
          .map(Device::serial)
          .toList();
    }

    /** The other principal's custody lives in our shared secret only in these scenarios. */
    private boolean scenarioHoldsOthersCustody() {
      return scenario.start() == Start.ANOTHER_POLICYS_CUSTODY
          || (scenario.secretCreatedByAnotherPolicyFirst() && firstDocumentIsOthers());
    }

    private boolean firstDocumentIsOthers() {
      return !versions.isEmpty()
          && versions.get(0).document().owner().map(OTHER::isSamePolicy).orElse(false);
    }
  }
}
