package io.rootmfa.operator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.Fault;
import io.rootmfa.operator.emulator.IssuedSecrets;
import io.rootmfa.operator.emulator.RootApiMode;
import io.rootmfa.operator.it.Conditions;
import io.rootmfa.operator.it.Integration;
import io.rootmfa.operator.it.OperatorRig;
import io.rootmfa.operator.it.Policies;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md §3 invariant 2 (no leak), in-process: the operator's logging at TRACE (AWS SDK
 * requests and the operator SDK at DEBUG) is captured while it enrolls through static keys and
 * through an assumed role (session tokens), meets a spoiled CreateVirtualMFADevice answer (the seed
 * is in that body), refused codes and a denied action; then every log line, Event, policy, metric
 * and the test reports written so far are searched for every seed, accepted code, secret key and
 * session token any emulator of this JVM produced. The process side (stdout of the operator at
 * TRACE, /q/metrics) is scanned by ProcessLeakScanIT, CrashMatrixIT and ChaosMain.
 */
@Integration
class LeakScanTest {
  // Not all of software.amazon.awssdk: its SigV4 signer logs session tokens at DEBUG. The
  // operator's build pins that
  // category to INFO (application.properties), which only a Quarkus process honours:
  // ProcessLeakScanIT proves it.
  private static final List<String> CATEGORIES =
      List.of(
          "io.rootmfa",
          "software.amazon.awssdk.request",
          "io.javaoperatorsdk",
          "io.fabric8.kubernetes.client");
  private static final List<String> LINES =
      java.util.Collections.synchronizedList(new ArrayList<>());
  private static final Map<String, Level> PREVIOUS = new LinkedHashMap<>();
  private static final Handler CAPTURE =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          StringBuilder line = new StringBuilder(r.getLevel() + " " + r.getLoggerName() + " ");
          line.append(r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage());
          if (r.getParameters() != null) {
            for (Object p : r.getParameters()) {
              line.append(" | ").append(p);
            }
          }
          if (r.getThrown() != null) {
            StringWriter trace = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
          }
          LINES.add(line.toString());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private static AwsEmulator aws;
  private static OperatorRig rig;

  @BeforeAll
  static void start() {
    for (String category : CATEGORIES) {
      Logger logger = Logger.getLogger(category);
      PREVIOUS.put(category, logger.getLevel());
      logger.setLevel(category.equals("io.rootmfa") ? Level.FINEST : Level.FINE);
    }
    // What the operator's build pins (application.properties) is pinned here too, whatever level an
    // earlier test class of this JVM left on a parent category.
    for (Map.Entry<String, Level> pinned : pinnedCategories().entrySet()) {
      Logger logger = Logger.getLogger(pinned.getKey());
      PREVIOUS.put(pinned.getKey(), logger.getLevel());
      logger.setLevel(pinned.getValue());
    }
    CAPTURE.setLevel(Level.ALL);
    Logger.getLogger("").addHandler(CAPTURE);
    aws = AwsEmulator.builder().rootApiMode(RootApiMode.ALLOWED).start();
    rig =
        OperatorRig.builder()
            .emulator(aws)
            .namespacePrefix("leakscan")
            .operatorUser(aws.createAccount("600000000000"))
            .start();
  }

  /** The log categories application.properties pins to a level for every profile. */
  private static Map<String, Level> pinnedCategories() {
    Pattern line = Pattern.compile("^quarkus\\.log\\.category\\.\"([^\"]+)\"\\.level=(\\w+)$");
    Map<String, Level> pinned = new LinkedHashMap<>();
    try {
      for (String l : Files.readAllLines(Path.of("src/main/resources/application.properties"))) {
        Matcher m = line.matcher(l.trim());
        if (m.matches() && !m.group(1).equals("io.rootmfa")) {
          pinned.put(m.group(1), Level.parse(m.group(2).equals("DEBUG") ? "FINE" : m.group(2)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(pinned).as("the signer categories the build pins").isNotEmpty();
    return pinned;
  }

  @AfterAll
  static void stop() {
    Logger.getLogger("").removeHandler(CAPTURE);
    PREVIOUS.forEach((category, level) -> Logger.getLogger(category).setLevel(level));
    rig.close();
    aws.close();
  }

  private static void awaitReason(String name, String reason) {
    Awaitility.await(name + " " + reason)
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Conditions.readyReason(rig.get(name)).equals(Optional.of(reason)));
  }

  @Test
  void noSeedCodeKeyOrTokenReachesALogAnEventAnObjectAMetricOrAReport() throws IOException {
    // Static keys from a Secret; the first CreateVirtualMFADevice answer (which carries the seed)
    // is spoiled.
    EmulatedAccount keys = aws.createAccount("600000000001");
    keys.createUser("enroller");
    rig.keysSecret("keys", keys.createAccessKey("enroller"));
    aws.faults().failNextAfterEffect("CreateVirtualMFADevice", 1, Fault.MALFORMED);
    rig.apply(
        Policies.enforce("static-keys", "600000000001", Policies.ROOT, "keys", Policies.OPEN));
    awaitReason("static-keys", "Compliant");

    // An assumed role (session credentials) enrolling an IAM user, after one refused code pair.
    EmulatedAccount role = aws.createAccount("600000000002");
    role.createRole("rootmfa-enroller", rig.externalId(), Set.of("arn:aws:iam::600000000000:root"));
    role.createUser("breakglass");
    aws.faults().failNext("EnableMFADevice", 1, Fault.SERVER_ERROR);
    rig.apply(
        Policies.enforce(
                "assumed", "600000000002", Policies.iamUser("breakglass"), "unused", Policies.OPEN)
            .replace(
                "credentials: {secretRef: {name: unused}}",
                "credentials: {assumeRole: {roleArn: "
                    + "\"arn:aws:iam::600000000002:role/rootmfa-enroller\"}}"));
    awaitReason("assumed", "Compliant");

    // A denied enable: the device and its stored seed wait, the error is reported.
    EmulatedAccount denied = aws.createAccount("600000000003");
    denied.createUser("enroller");
    AccessKey deniedKey = denied.createAccessKey("enroller");
    rig.keysSecret("denied-keys", deniedKey);
    aws.deny("600000000003", "iam:EnableMFADevice");
    rig.apply(
        Policies.enforce("denied", "600000000003", Policies.ROOT, "denied-keys", Policies.OPEN));
    awaitReason("denied", "AccessDenied");

    assertThat(LINES)
        .as("the capture sees the operator's DEBUG lines")
        .anyMatch(l -> l.contains("aws call account="));
    assertThat(LINES)
        .as("the capture sees the AWS SDK's request log")
        .anyMatch(l -> l.contains("Sending Request"));
    assertThat(aws.issuedSecretsForAssertions().acceptedCodePairs())
        .as("codes were accepted")
        .hasSizeGreaterThan(1);

    Map<String, String> seen = new LinkedHashMap<>();
    synchronized (LINES) {
      seen.put("log", String.join("\n", LINES));
    }
    seen.put(
        "events",
        Serialization.asYaml(rig.admin().v1().events().inNamespace(rig.namespace).list()));
    seen.put(
        "policies",
        Serialization.asYaml(
            rig.admin().resources(RootMfaPolicy.class).inNamespace(rig.namespace).list()));
    seen.put("metrics", rig.meters.getMetersAsString());
    seen.putAll(reports());
    for (AwsEmulator emulator : AwsEmulator.startedInThisJvm()) {
      assertThat(LeakScan.scan(emulator.issuedSecretsForAssertions(), seen))
          .as("leaks of %s", emulator.endpoint())
          .isEmpty();
    }
  }

  @Test
  void theScanFindsEachKindOfSecretWhereverItIs() {
    IssuedSecrets planted =
        new IssuedSecrets(
            List.of("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
            List.of(List.of("123456", "654321")),
            List.of("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    Map<String, String> text =
        Map.of(
            "seed", "stored JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
            "seed64",
                "Base32StringSeed="
                    + java.util.Base64.getEncoder()
                        .encodeToString(
                            "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
            "pair", "AuthenticationCode1=123456&AuthenticationCode2=654321",
            "named", "the code was 654321.",
            "key", "secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "noise", "2026-11-28T16:36:33.123456Z port 8080 resourceVersion 1234567 codec 7123456");
    assertThat(LeakScan.scan(planted, text))
        .extracting(LeakScan.Hit::source)
        .contains("seed", "seed64", "pair", "named", "key")
        .doesNotContain("noise");
  }

  /**
   * The surefire reports written so far (earlier test classes): their output, stack traces and
   * messages.
   */
  private static Map<String, String> reports() throws IOException {
    Map<String, String> reports = new LinkedHashMap<>();
    Path dir = Path.of("target", "surefire-reports");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          reports.put(
              f.toString(), Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
      }
    }
    return reports;
  }
}
