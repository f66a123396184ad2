package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.chaos.LeakScan;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.CallRecord;
import io.rootmfa.operator.emulator.ConsoleWizard;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.EmulatorClients;
import io.rootmfa.operator.emulator.RootApiMode;
import io.rootmfa.operator.emulator.Secret;
import io.rootmfa.operator.emulator.Totp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Root on real AWS, end to end: the emulator refuses root API enrollment as AWS does; the operator
 * makes no IAM write and asks for a person; the {@code rootmfa} CLI, a separate process fed through
 * stdin, keeps the console's secret key in custody and gives the two codes the console model
 * accepts; the policy turns Compliant with the seed in custody; {@code rootmfa code} gives a code
 * the sign-in check accepts. Bad inputs are refused with one line and write nothing.
 */
@Integration
class ConsoleEnrollmentTest {
  private static final Set<String> IAM_WRITES =
      Set.of(
          "CreateVirtualMFADevice",
          "EnableMFADevice",
          "DeleteVirtualMFADevice",
          "DeactivateMFADevice",
          "ResyncMFADevice");
  private static final Pattern CODES =
      Pattern.compile("  MFA code 1: ([0-9]{6})\\n  MFA code 2: ([0-9]{6})\\n");
  private static final Pattern SIGN_IN_CODE = Pattern.compile("(?m)^  code: ([0-9]{6}) \\(");

  static AwsEmulator aws;
  static OperatorRig rig;
  static Path kubeconfig;

  @BeforeAll
  static void start() throws Exception {
    aws = AwsEmulator.builder().rootApiMode(RootApiMode.REFUSED).start();
    rig = OperatorRig.start(aws, "console");
    kubeconfig = rig.cluster.kubeconfigFile();
  }

  @AfterAll
  static void stop() {
    rig.close();
    aws.close();
  }

  /** An account with the operator's keys in a Secret and a person, alice, with her own keys. */
  private static AccessKey accountWithPerson(String id, String keysSecret) {
    EmulatedAccount account = aws.createAccount(id);
    account.createUser("enroller");
    rig.keysSecret(keysSecret, account.createAccessKey("enroller"));
    account.createUser("alice");
    return account.createAccessKey("alice");
  }

  private static Map<String, String> envOf(AccessKey person) {
    return CliProcess.env(
        kubeconfig,
        aws.endpoint().toString(),
        person == null ? null : person.accessKeyId(),
        person == null ? null : person.secretAccessKey());
  }

  private static List<CallRecord> iamWrites(String account) {
    return aws.calls()
        .matching(c -> account.equals(c.accountId()) && IAM_WRITES.contains(c.operation()));
  }

  @Test
  void theWholeConsoleAssistedFlowKeepsTheSeedInCustodyAndGivesWorkingCodes() throws Exception {
    String id = "710000000001";
    AccessKey alice = accountWithPerson(id, "keys-1");
    rig.apply(Policies.enforce("prod-root", id, Policies.ROOT_CONSOLE, "keys-1", Policies.OPEN));

    RootMfaPolicy awaiting = rig.awaitReason("prod-root", "AwaitingConsoleEnrollment");
    assertThat(Conditions.of(awaiting, "Ready").orElseThrow().getMessage())
        .contains("`rootmfa console-enroll -n " + rig.namespace + " prod-root`");
    assertThat(Conditions.status(awaiting, "Stalled")).isEqualTo("False");
    assertThat(iamWrites(id)).isEmpty();

    // The person, in the console: Assign MFA device > Authenticator app > Show secret key.
    ConsoleWizard console = aws.console(id);
    ConsoleWizard.ShownDevice shown = console.showSecretKey("root-console");
    String typedKey = shown.secretKey().toLowerCase().replaceAll("(.{4})", "$1 ").trim() + "\n";

    Map<String, String> cliOutputs = new LinkedHashMap<>();
    try (CliProcess enroll =
        CliProcess.start(
            envOf(alice), "console-enroll", "-n", rig.namespace, "prod-root", "--poll-seconds=1")) {
      enroll.type(typedKey);
      Matcher codes = enroll.awaitStdout(CODES, Duration.ofSeconds(60));
      Secret secret = aws.account(id).secret("us-east-1", "rootmfa/" + id + "/prod-root").get();
      assertThat(secret.versionWithStage("AWSCURRENT").orElseThrow().secretStringForAssertions())
          .contains("\"state\":\"pending\"")
          .contains("\"seed\":\"" + shown.secretKey() + "\"");
      assertThat(console.addMfa(shown.serialNumber(), codes.group(1), codes.group(2))).isTrue();
      assertThat(enroll.awaitExit(Duration.ofSeconds(60))).as(enroll.stderr()).isZero();
      cliOutputs.put("console-enroll stdout", enroll.stdout());
      cliOutputs.put("console-enroll stderr", enroll.stderr());
      assertThat(enroll.stdout()).contains("custody complete").contains(shown.serialNumber());
      String stored =
          secret.versionWithStage("AWSCURRENT").orElseThrow().secretStringForAssertions();
      assertThat(stored)
          .contains("\"state\":\"complete\"")
          .contains("\"deviceSerial\":\"" + shown.serialNumber() + "\"")
          .contains("\"namespace\":\"" + rig.namespace + "\"");
    }

    RootMfaPolicy compliant = rig.awaitReason("prod-root", "Compliant");
    Awaitility.await("SeedStored=True")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True".equals(Conditions.status(rig.get("prod-root"), "SeedStored")));
    compliant = rig.get("prod-root");
    assertThat(compliant.getStatus().getDevice().getSerialNumber()).isEqualTo(shown.serialNumber());
    assertThat(compliant.getStatus().getSeed().getDeviceSerial()).isEqualTo(shown.serialNumber());
    assertThat(iamWrites(id)).isEmpty();
    // The console enabled the device only after its seed was stored and read back.
    assertThat(aws.account(id).enableBeforeStoredSeed("root")).isZero();

    try (CliProcess code =
        CliProcess.run(envOf(alice), "", "code", "-n", rig.namespace, "prod-root")) {
      assertThat(code.exitCode()).as(code.stderr()).isZero();
      Matcher m = SIGN_IN_CODE.matcher(code.stdout());
      assertThat(m.find()).as(code.stdout()).isTrue();
      assertThat(console.signIn("root", m.group(1))).isTrue();
      cliOutputs.put("code stdout", code.stdout());
      cliOutputs.put("code stderr", code.stderr());
      List<Event> issued =
          rig.admin().v1().events().inNamespace(rig.namespace).list().getItems().stream()
              .filter(e -> "BreakGlassCodeIssued".equals(e.getReason()))
              .filter(e -> "prod-root".equals(e.getInvolvedObject().getName()))
              .toList();
      assertThat(issued).hasSize(1);
      assertThat(issued.get(0).getMessage())
          .contains("arn:aws:iam::" + id + ":user/alice")
          .doesNotContain(m.group(1));
      assertThat(Serialization.asYaml(rig.get("prod-root"))).doesNotContain(m.group(1));
    }

    // No seed, credential or code anywhere but in the lines the CLI exists to print.
    Map<String, String> observed = new LinkedHashMap<>();
    observed.put(
        "events",
        Serialization.asYaml(rig.admin().v1().events().inNamespace(rig.namespace).list()));
    observed.put("policy", Serialization.asYaml(rig.get("prod-root")));
    assertThat(LeakScan.scan(aws.issuedSecretsForAssertions(), observed)).isEmpty();
    cliOutputs.forEach(
        (source, text) ->
            assertThat(LeakScan.scanCliOutput(aws.issuedSecretsForAssertions(), source, text))
                .as(source)
                .isEmpty());
    assertThat(String.join("\n", cliOutputs.values()))
        .doesNotContain(shown.secretKey())
        .doesNotContain(shown.secretKey().toLowerCase());
  }

  @Test
  void rootMfaOutsideCustodyIsCompliantButNotReadyWhenCustodyIsRequired() throws Exception {
    // Root enabled MFA in the console with a phone: the seed is in nobody's custody.
    for (String id : List.of("710000000002", "710000000003")) {
      aws.createAccount(id).createUser("enroller");
      rig.keysSecret("keys-" + id, aws.account(id).createAccessKey("enroller"));
      ConsoleWizard console = aws.console(id);
      ConsoleWizard.ShownDevice phone = console.showSecretKey("root-phone");
      long step = Totp.step(aws.clock());
      assertThat(
              console.addMfa(
                  phone.serialNumber(),
                  Totp.codeAtStep(phone.secretKey(), step),
                  Totp.codeAtStep(phone.secretKey(), step + 1)))
          .isTrue();
    }
    rig.apply(
        Policies.enforce(
            "phone", "710000000002", Policies.ROOT_CONSOLE, "keys-710000000002", Policies.OPEN));
    rig.apply(
        Policies.enforce(
                "phone-strict",
                "710000000003",
                Policies.ROOT_CONSOLE,
                "keys-710000000003",
                Policies.OPEN)
            .replace("  checkInterval:", "  requireCustody: true\n  checkInterval:"));

    RootMfaPolicy lenient = rig.awaitReason("phone", "Compliant");
    Awaitility.await("SeedStored condition")
        .atMost(Duration.ofSeconds(60))
        .until(() -> Conditions.of(rig.get("phone"), "SeedStored").isPresent());
    lenient = rig.get("phone");
    assertThat(Conditions.of(lenient, "SeedStored").orElseThrow().getReason())
        .isEqualTo("SeedNotInCustody");
    assertThat(Conditions.status(lenient, "SeedStored")).isEqualTo("False");

    RootMfaPolicy strict = rig.awaitReason("phone-strict", "SeedNotInCustody");
    assertThat(Conditions.status(strict, "Ready")).isEqualTo("False");
    assertThat(Conditions.status(strict, "Stalled")).isEqualTo("True");
    assertThat(Conditions.status(strict, "MfaEnabled")).isEqualTo("True");
    assertThat(Conditions.of(strict, "Ready").orElseThrow().getMessage())
        .contains("arn:aws:iam::710000000003:mfa/root-phone")
        .contains("rootmfa console-enroll -n " + rig.namespace + " phone-strict");
    assertThat(iamWrites("710000000002")).isEmpty();
    assertThat(iamWrites("710000000003")).isEmpty();
  }

  @Test
  void codeGivesASignInCodeForABreakGlassIamUserPolicy() throws Exception {
    String id = "710000000004";
    AccessKey alice = accountWithPerson(id, "keys-" + id);
    aws.account(id).createUser("breakglass");
    rig.apply(
        Policies.enforce("bg", id, Policies.iamUser("breakglass"), "keys-" + id, Policies.OPEN));
    rig.awaitReason("bg", "Compliant");

    try (CliProcess code = CliProcess.run(envOf(alice), "", "code", "-n", rig.namespace, "bg")) {
      assertThat(code.exitCode()).as(code.stderr()).isZero();
      Matcher m = SIGN_IN_CODE.matcher(code.stdout());
      assertThat(m.find()).as(code.stdout()).isTrue();
      assertThat(aws.console(id).signIn("iamUser/breakglass", m.group(1))).isTrue();
      assertThat(code.stdout()).contains("sign-in code for iamUser/breakglass");
      assertThat(
              LeakScan.scanCliOutput(
                  aws.issuedSecretsForAssertions(), "code", code.stdout() + code.stderr()))
          .isEmpty();
    }
  }

  @Test
  void anInterruptedRunLeavesAPendingSeedThatTheNextRunResumes() throws Exception {
    String id = "710000000005";
    AccessKey alice = accountWithPerson(id, "keys-" + id);
    rig.apply(Policies.enforce("resumed", id, Policies.ROOT_CONSOLE, "keys-" + id, Policies.OPEN));
    rig.awaitReason("resumed", "AwaitingConsoleEnrollment");
    ConsoleWizard console = aws.console(id);
    ConsoleWizard.ShownDevice shown = console.showSecretKey("root-console");
    Secret secret;
    try (CliProcess first =
        CliProcess.start(envOf(alice), "console-enroll", "-n", rig.namespace, "resumed")) {
      first.type(shown.secretKey() + "\n");
      first.awaitStdout(CODES, Duration.ofSeconds(60));
      first.close(); // the person gives up before "Add MFA"
      first.awaitExit(Duration.ofSeconds(10));
      secret = aws.account(id).secret("us-east-1", "rootmfa/" + id + "/resumed").orElseThrow();
      assertThat(secret.versionWithStage("AWSCURRENT").orElseThrow().secretStringForAssertions())
          .contains("\"state\":\"pending\"");
    }
    int versions = secret.versions().size();
    try (CliProcess second =
        CliProcess.start(
            envOf(alice), "console-enroll", "-n", rig.namespace, "resumed", "--poll-seconds=1")) {
      second.type(shown.secretKey() + "\n");
      Matcher codes = second.awaitStdout(CODES, Duration.ofSeconds(60));
      assertThat(second.stdout()).contains("resuming");
      assertThat(secret.versions()).hasSize(versions);
      assertThat(console.addMfa(shown.serialNumber(), codes.group(1), codes.group(2))).isTrue();
      assertThat(second.awaitExit(Duration.ofSeconds(60))).as(second.stderr()).isZero();
    }
    assertThat(secret.versionWithStage("AWSCURRENT").orElseThrow().secretStringForAssertions())
        .contains("\"state\":\"complete\"")
        .contains(shown.serialNumber());
    rig.awaitReason("resumed", "Compliant");
  }

  // ---- bad inputs: one line on stderr, a non-zero exit, nothing written

  private static final String VALID_KEY = "A".repeat(32) + "234567".repeat(5) + "BB";

  private static void assertRefused(CliProcess p, int exitCode, String phrase) {
    assertThat(p.exitCode()).as(p.stderr()).isEqualTo(exitCode);
    List<String> lines = p.stderr().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as(p.stderr()).hasSize(1);
    assertThat(lines.get(0)).startsWith("rootmfa: ").contains(phrase);
  }

  private static void assertNothingWritten(String account) {
    assertThat(aws.account(account).secrets()).isEmpty();
    assertThat(iamWrites(account)).isEmpty();
    assertThat(
            aws.calls()
                .matching(
                    c ->
                        account.equals(c.accountId())
                            && (c.operation().equals("CreateSecret")
                                || c.operation().equals("PutSecretValue"))))
        .isEmpty();
  }

  private static AccessKey policyInWindow(String id, String name, String expiresAt) {
    AccessKey alice = accountWithPerson(id, "keys-" + id);
    rig.apply(Policies.enforce(name, id, Policies.ROOT_CONSOLE, "keys-" + id, expiresAt));
    return alice;
  }

  @Test
  void aKeyWithCharactersOutsideBase32IsRefusedBeforeAnythingIsWritten() throws Exception {
    AccessKey alice = policyInWindow("720000000001", "typo", Policies.OPEN);
    String typo = VALID_KEY.substring(0, 63) + "0";
    try (CliProcess p =
        CliProcess.run(envOf(alice), typo + "\n", "console-enroll", "-n", rig.namespace, "typo")) {
      assertRefused(p, 1, "not Base32");
      assertThat(p.stdout() + p.stderr()).doesNotContain(typo);
    }
    assertNothingWritten("720000000001");
  }

  @Test
  void aKeyOfTheWrongLengthIsRefusedBeforeAnythingIsWritten() throws Exception {
    AccessKey alice = policyInWindow("720000000002", "short", Policies.OPEN);
    try (CliProcess p =
        CliProcess.run(
            envOf(alice),
            VALID_KEY.substring(1) + "\n",
            "console-enroll",
            "-n",
            rig.namespace,
            "short")) {
      assertRefused(p, 1, "63 characters, but AWS's are 64");
    }
    assertNothingWritten("720000000002");
  }

  @Test
  void aClosedWindowIsRefused() throws Exception {
    AccessKey alice = policyInWindow("720000000003", "closed", Policies.EXPIRED);
    try (CliProcess p =
        CliProcess.run(
            envOf(alice), VALID_KEY + "\n", "console-enroll", "-n", rig.namespace, "closed")) {
      assertRefused(p, 1, "expired at " + Policies.EXPIRED);
    }
    assertNothingWritten("720000000003");
  }

  @Test
  void aPolicyTheOperatorHasStoppedIsRefusedWithItsReason() throws Exception {
    AccessKey alice = policyInWindow("720000000007", "first", Policies.OPEN);
    rig.awaitReason("first", "AwaitingConsoleEnrollment");
    rig.apply(
        Policies.enforce(
            "second", "720000000007", Policies.ROOT_CONSOLE, "keys-720000000007", Policies.OPEN));
    rig.awaitReason("second", "DuplicatePolicy");
    try (CliProcess p =
        CliProcess.run(
            envOf(alice), VALID_KEY + "\n", "console-enroll", "-n", rig.namespace, "second")) {
      assertRefused(p, 1, "the operator has stopped policy " + rig.namespace + "/second");
      assertThat(p.stderr()).contains("(DuplicatePolicy)").contains("nothing was written");
    }
    assertNothingWritten("720000000007");
  }

  @Test
  void aMissingPolicyIsRefused() throws Exception {
    AccessKey alice = accountWithPerson("720000000004", "keys-720000000004");
    try (CliProcess p =
        CliProcess.run(
            envOf(alice), VALID_KEY + "\n", "console-enroll", "-n", rig.namespace, "absent")) {
      assertRefused(p, 3, "RootMfaPolicy " + rig.namespace + "/absent not found");
    }
    assertNothingWritten("720000000004");
  }

  @Test
  void noAwsCredentialsAreRefused() throws Exception {
    policyInWindow("720000000005", "nokeys", Policies.OPEN);
    try (CliProcess p =
        CliProcess.run(
            envOf(null), VALID_KEY + "\n", "console-enroll", "-n", rig.namespace, "nokeys")) {
      assertRefused(p, 4, "no AWS credentials");
    }
    assertNothingWritten("720000000005");
  }

  @Test
  void aSeedSecretHoldingAnotherTargetsSeedIsRefusedAndLeftAsItWas() throws Exception {
    AccessKey alice = policyInWindow("720000000006", "taken", Policies.OPEN);
    String other =
        "{\"format\":\"rootmfa.io/seed/v2\",\"accountId\":\"720000000006\","
            + "\"target\":\"iamUser/breakglass\",\"deviceSerial\":\"arn:aws:iam::720000000006:mfa/bg\","
            + "\"enrollmentId\":\"e-1\",\"seed\":\""
            + VALID_KEY
            + "\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"owner\":{\"namespace\":\"other\","
            + "\"name\":\"bg\",\"uid\":\"\"},\"state\":\"complete\"}";
    try (var sm = EmulatorClients.secretsManager(aws, alice)) {
      sm.createSecret(b -> b.name("rootmfa/720000000006/taken").secretString(other));
    }
    try (CliProcess p =
        CliProcess.run(
            envOf(alice), VALID_KEY + "\n", "console-enroll", "-n", rig.namespace, "taken")) {
      assertRefused(p, 1, "another target");
    }
    Secret secret =
        aws.account("720000000006").secret("us-east-1", "rootmfa/720000000006/taken").get();
    assertThat(secret.versions()).hasSize(1);
    assertThat(iamWrites("720000000006")).isEmpty();
    assertThat(
            aws.calls()
                .matching(
                    c ->
                        "720000000006".equals(c.accountId())
                            && c.operation().equals("PutSecretValue")))
        .isEmpty();
  }
}
