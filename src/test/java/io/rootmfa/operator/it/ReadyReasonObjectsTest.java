package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.Gauge;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.ConsoleWizard;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.EmulatorClients;
import io.rootmfa.operator.emulator.Fault;
import io.rootmfa.operator.emulator.RootApiMode;
import io.rootmfa.operator.emulator.Totp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Drives the operator into every Ready reason it can reach against the emulator and writes each
 * policy, exactly as the operator left it on the API server, to {@code
 * target/ready-reason-objects/<Reason>.yaml}. {@code hack/status-verdicts.sh} (run by {@code make
 * test}) feeds those objects to kstatus's own code and to Argo CD's health check, so that both are
 * judged on real objects, not on hand-written fixtures. {@code Enrolling} is not among them: an
 * enrollment against the emulator never ends a reconcile half-way.
 */
@Integration
class ReadyReasonObjectsTest {
  static final Path OBJECTS = Path.of("target", "ready-reason-objects");
  private static AwsEmulator aws;
  private static OperatorRig rig;
  private static int accounts;

  @BeforeAll
  static void start() throws IOException {
    aws = AwsEmulator.builder().rootApiMode(RootApiMode.ALLOWED).start();
    rig = OperatorRig.start(aws, "reasons");
    Files.createDirectories(OBJECTS);
    try (var stale = Files.list(OBJECTS)) {
      for (Path f : stale.toList()) {
        if (Files.isRegularFile(f)) { // OrganizationReasonObjectsTest keeps its own directory
          Files.delete(f);
        }
      }
    }
  }

  @AfterAll
  static void stop() {
    rig.close();
    aws.close();
  }

  /** A new account whose IAM user {@code enroller} has keys in Secret {@code keys-<name>}. */
  private static EmulatedAccount account(String name) {
    EmulatedAccount account = aws.createAccount(String.valueOf(700_000_000_001L + accounts++));
    account.createUser("enroller");
    AccessKey key = account.createAccessKey("enroller");
    rig.keysSecret("keys-" + name, key);
    return account;
  }

  /** Waits for the reason, writes the object as the API server holds it, and returns it. */
  private static RootMfaPolicy reach(String name, String reason) throws IOException {
    RootMfaPolicy p = rig.awaitReason(name, reason);
    p.getMetadata().setManagedFields(null);
    Files.writeString(OBJECTS.resolve(reason + ".yaml"), Serialization.asYaml(p));
    return p;
  }

  private static String stalled(RootMfaPolicy p) {
    return Conditions.status(p, "Stalled");
  }

  @Test
  void everyReachableReadyReasonIsWrittenAsARealObject() throws IOException {
    Map<String, String> stalledByReason = new TreeMap<>();

    EmulatedAccount compliant = account("compliant");
    EmulatorFixtures.enableRootMfa(aws, compliant);
    rig.apply(Policies.audit("compliant", compliant.accountId(), Policies.ROOT, "keys-compliant"));
    stalledByReason.put("Compliant", stalled(reach("compliant", "Compliant")));

    EmulatedAccount signInless = account("notapplicable");
    signInless.setRootPasswordPresent(false);
    rig.apply(
        Policies.audit(
            "notapplicable", signInless.accountId(), Policies.ROOT, "keys-notapplicable"));
    stalledByReason.put("NotApplicable", stalled(reach("notapplicable", "NotApplicable")));

    EmulatedAccount audited = account("noncompliant");
    rig.apply(
        Policies.audit("noncompliant", audited.accountId(), Policies.ROOT, "keys-noncompliant"));
    stalledByReason.put("NonCompliant", stalled(reach("noncompliant", "NonCompliant")));

    EmulatedAccount waiting = account("awaiting");
    rig.apply(
        Policies.enforceWithoutWindow(
            "awaiting", waiting.accountId(), Policies.ROOT, "keys-awaiting"));
    stalledByReason.put("AwaitingBreakGlass", stalled(reach("awaiting", "AwaitingBreakGlass")));

    EmulatedAccount refused = account("refused");
    refused.setRootApiMode(RootApiMode.REFUSED);
    rig.apply(
        Policies.enforce(
            "refused", refused.accountId(), Policies.ROOT, "keys-refused", Policies.OPEN));
    stalledByReason.put(
        "RootApiEnrollmentUnsupported", stalled(reach("refused", "RootApiEnrollmentUnsupported")));

    EmulatedAccount taken = account("taken");
    try (IamClient iam = EmulatorClients.iam(aws, taken.createAccessKey("enroller"))) {
      iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("rootmfa-root").path("/rootmfa/"));
    }
    rig.apply(
        Policies.enforce("taken", taken.accountId(), Policies.ROOT, "keys-taken", Policies.OPEN));
    stalledByReason.put("DeviceNameTaken", stalled(reach("taken", "DeviceNameTaken")));

    EmulatedAccount denied = account("denied");
    aws.deny(denied.accountId(), "iam:EnableMFADevice");
    rig.apply(
        Policies.enforce(
            "denied", denied.accountId(), Policies.ROOT, "keys-denied", Policies.OPEN));
    stalledByReason.put("AccessDenied", stalled(reach("denied", "AccessDenied")));

    EmulatedAccount unkeyed = account("invalid");
    rig.apply(
        Policies.enforce(
            "invalid", unkeyed.accountId(), Policies.ROOT, "absent-keys", Policies.OPEN));
    stalledByReason.put("InvalidSpec", stalled(reach("invalid", "InvalidSpec")));

    // A policy that names the seed secret of another target's enabled device: no write over it.
    EmulatedAccount shared = account("inuse");
    shared.createUser("alice");
    shared.createUser("bob");
    rig.apply(
        Policies.enforce(
                "inuse-alice",
                shared.accountId(),
                Policies.iamUser("alice"),
                "keys-inuse",
                Policies.OPEN)
            .replace("rootmfa/" + shared.accountId() + "/inuse-alice", "rootmfa/shared"));
    rig.awaitReason("inuse-alice", "Compliant");
    rig.admin().resource(rig.get("inuse-alice")).delete();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> rig.get("inuse-alice") == null);
    rig.apply(
        Policies.enforce(
                "inuse", shared.accountId(), Policies.iamUser("bob"), "keys-inuse", Policies.OPEN)
            .replace("rootmfa/" + shared.accountId() + "/inuse", "rootmfa/shared"));
    stalledByReason.put("SeedSecretInUse", stalled(reach("inuse", "SeedSecretInUse")));

    // A second live Enforce policy for a target another, older policy already covers.
    EmulatedAccount twice = account("duplicate");
    rig.apply(
        Policies.enforce(
            "duplicate-a", twice.accountId(), Policies.ROOT, "keys-duplicate", Policies.OPEN));
    rig.awaitReason("duplicate-a", "Compliant");
    rig.apply(
        Policies.enforce(
            "duplicate-b", twice.accountId(), Policies.ROOT, "keys-duplicate", Policies.OPEN));
    stalledByReason.put("DuplicatePolicy", stalled(reach("duplicate-b", "DuplicatePolicy")));

    // No binding lets this namespace reach the account: not one AWS call for it.
    EmulatedAccount unbound = account("unbound");
    rig.applyUnbound(Policies.audit("unbound", unbound.accountId(), Policies.ROOT, "keys-unbound"));
    stalledByReason.put("AccountNotPermitted", stalled(reach("unbound", "AccountNotPermitted")));
    assertThat(aws.calls().matching(c -> unbound.accountId().equals(c.accountId()))).isEmpty();

    // Root on real AWS: the console path waits for a person inside the window.
    EmulatedAccount console = account("console");
    rig.apply(
        Policies.enforce(
            "console", console.accountId(), Policies.ROOT_CONSOLE, "keys-console", Policies.OPEN));
    stalledByReason.put(
        "AwaitingConsoleEnrollment", stalled(reach("console", "AwaitingConsoleEnrollment")));

    // Root enabled MFA with a phone (the seed in nobody's custody), and custody is required.
    EmulatedAccount phone = account("custody");
    ConsoleWizard wizard = aws.console(phone.accountId());
    ConsoleWizard.ShownDevice shown = wizard.showSecretKey("root-phone");
    long step = Totp.step(aws.clock());
    assertThat(
            wizard.addMfa(
                shown.serialNumber(),
                Totp.codeAtStep(shown.secretKey(), step),
                Totp.codeAtStep(shown.secretKey(), step + 1)))
        .isTrue();
    rig.apply(
        Policies.enforce(
                "custody", phone.accountId(), Policies.ROOT_CONSOLE, "keys-custody", Policies.OPEN)
            .replace("  checkInterval:", "  requireCustody: true\n  checkInterval:"));
    stalledByReason.put("SeedNotInCustody", stalled(reach("custody", "SeedNotInCustody")));

    // A custody account the operator is not configured for: refused before any AWS call.
    EmulatedAccount unconfigured = account("custody-unknown");
    rig.apply(
        Policies.enforce(
                "custody-unknown",
                unconfigured.accountId(),
                Policies.iamUser("breakglass"),
                "keys-custody-unknown",
                Policies.OPEN)
            .replace(
                "secretsManager: {secretName:",
                "secretsManager: {custodyAccount: \"999999999999\", secretName:"));
    stalledByReason.put(
        "CustodyAccountNotConfigured",
        stalled(reach("custody-unknown", "CustodyAccountNotConfigured")));

    // A customer-managed key is required and none is named: nothing is written.
    EmulatedAccount keyless = account("keyless");
    rig.apply(
        Policies.enforce(
                "keyless",
                keyless.accountId(),
                Policies.iamUser("breakglass"),
                "keys-keyless",
                Policies.OPEN)
            .replace(
                "secretsManager: {secretName:",
                "secretsManager: {requireCustomerManagedKey: true, secretName:"));
    stalledByReason.put(
        "CustomerManagedKeyRequired", stalled(reach("keyless", "CustomerManagedKeyRequired")));

    // Last, because a fault hits an operation in every account.
    EmulatedAccount outage = account("outage");
    aws.faults().failNext("GetAccountSummary", 100_000, Fault.UNAVAILABLE);
    rig.apply(Policies.audit("outage", outage.accountId(), Policies.ROOT, "keys-outage"));
    stalledByReason.put("AwsUnavailable", stalled(reach("outage", "AwsUnavailable")));
    aws.faults().clear();

    assertThat(stalledByReason)
        .as("Stalled=True exactly where a person must act (kstatus Failed)")
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("Compliant", "False"),
                Map.entry("NotApplicable", "False"),
                Map.entry("NonCompliant", "True"),
                Map.entry("AwaitingBreakGlass", "False"),
                Map.entry("RootApiEnrollmentUnsupported", "True"),
                Map.entry("DeviceNameTaken", "True"),
                Map.entry("AccessDenied", "True"),
                Map.entry("InvalidSpec", "True"),
                Map.entry("SeedSecretInUse", "True"),
                Map.entry("DuplicatePolicy", "True"),
                Map.entry("AccountNotPermitted", "True"),
                Map.entry("AwaitingConsoleEnrollment", "False"),
                Map.entry("SeedNotInCustody", "True"),
                Map.entry("CustodyAccountNotConfigured", "True"),
                Map.entry("CustomerManagedKeyRequired", "True"),
                Map.entry("AwsUnavailable", "False")));
    try (var written = Files.list(OBJECTS)) {
      assertThat(written.map(f -> f.getFileName().toString()))
          .containsAll(stalledByReason.keySet().stream().map(r -> r + ".yaml").toList());
    }
  }

  @Test
  void thePerPolicyMfaGaugeSaysWhatTheStatusSaysAndGoesAwayWithThePolicy() {
    EmulatedAccount account = account("gauge");
    rig.apply(Policies.audit("gauge", account.accountId(), Policies.ROOT, "keys-gauge"));
    rig.awaitReason("gauge", "NonCompliant");
    Map<String, Double> states = mfaStates("gauge");
    assertThat(states)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("Enabled", 0.0, "Disabled", 1.0, "NotApplicable", 0.0, "Unknown", 0.0));
    assertThat(rig.meters.find("rootmfa.policy.mfa").tag("name", "gauge").gauges())
        .allSatisfy(
            g -> {
              assertThat(g.getId().getTag("namespace")).isEqualTo(rig.namespace);
              assertThat(g.getId().getTag("account")).isEqualTo(account.accountId());
              assertThat(g.getId().getTag("target")).isEqualTo("root");
            });

    EmulatorFixtures.enableRootMfa(aws, account);
    Awaitility.await("the gauge follows MFA being enabled")
        .atMost(Duration.ofSeconds(60))
        .until(() -> mfaStates("gauge").getOrDefault("Enabled", 0.0) == 1.0);

    rig.admin()
        .resources(RootMfaPolicy.class)
        .inNamespace(rig.namespace)
        .withName("gauge")
        .delete();
    Awaitility.await("the series go away with the policy")
        .atMost(Duration.ofSeconds(60))
        .until(() -> mfaStates("gauge").isEmpty());
  }

  private static Map<String, Double> mfaStates(String policy) {
    Map<String, Double> states = new TreeMap<>();
    for (Gauge g : rig.meters.find("rootmfa.policy.mfa").tag("name", policy).gauges()) {
      states.put(g.getId().getTag("state"), g.value());
    }
    return states;
  }
}
