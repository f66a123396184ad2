package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.RootMfaPolicy;
import io.rootmfa.operator.chaos.LeakScan;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.CallRecord;
import io.rootmfa.operator.emulator.ConsoleWizard;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.RootApiMode;
import io.rootmfa.operator.emulator.Secret;
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
    rig = new OperatorRig(aws, "console");
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
}
