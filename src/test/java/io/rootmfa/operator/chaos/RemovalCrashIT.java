package io.rootmfa.operator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.CallRecord;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.Fault;
import io.rootmfa.operator.it.Conditions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The crash matrix of {@code remediation: RemoveRootCredentials}: the operator runs as its own
 * process with an identity in the organization's management account and is SIGKILLed right after
 * each kind of deletion (the password, an access key whose answer was lost, a signing certificate),
 * then restarted. After convergence root has no password, key or certificate, each credential was
 * deleted exactly once, its MFA device is still assigned, and no MFA device was ever deactivated or
 * deleted.
 */
class RemovalCrashIT extends AgainstOperatorProcesses {
  private static final Duration HOLD = Duration.ofSeconds(4);

  /** A member whose root has a password, two access keys, a certificate and an MFA device. */
  private record Member(String accountId, String namespace, String mfaSerial) {
    EmulatedAccount account() {
      return world.aws.account(accountId);
    }
  }

  private static Member member(String prefix) {
    ChaosWorld.Removal r = world.newRemovalTarget(prefix, true);
    return new Member(r.target().accountId(), r.target().namespace(), r.mfaSerial().orElseThrow());
  }

  private static List<CallRecord> calls(Member m, String operation) {
    return world
        .aws
        .calls()
        .matching(
            c ->
                m.accountId().equals(c.accountId())
                    && c.operation().equals(operation)
                    && c.succeeded());
  }

  @Test
  void crashAfterDeletingThePasswordResumesWithTheKeys() throws Exception {
    Member m = member("crash-password");
    world.aws.faults().latency("ListAccessKeys", HOLD);
    crashAndRestart("after-password", m, () -> !calls(m, "DeleteLoginProfile").isEmpty());
  }

  @Test
  void crashWhenAKeyDeletionTookEffectButItsAnswerWasLost() throws Exception {
    Member m = member("crash-key");
    world.aws.faults().failNextAfterEffect("DeleteAccessKey", 1, Fault.TIMEOUT);
    crashAndRestart(
        "key-answer-lost",
        m,
        () -> m.account().longTermKeysOf(m.account().rootPrincipal().arn()).size() == 1);
  }

  @Test
  void crashAfterDeletingTheCertificateReportsAfterRestart() throws Exception {
    Member m = member("crash-certificate");
    world.aws.faults().latency("ListSigningCertificates", HOLD);
    crashAndRestart("after-certificate", m, () -> !calls(m, "DeleteSigningCertificate").isEmpty());
  }

  private static Optional<String> readyReason(Member m) {
    RootMfaPolicy p =
        world
            .cluster
            .admin()
            .resources(RootMfaPolicy.class)
            .inNamespace(m.namespace())
            .withName("remove")
            .get();
    return p == null ? Optional.empty() : Conditions.readyReason(p);
  }

  private static void crashAndRestart(String name, Member m, BooleanSupplier atBoundary)
      throws Exception {
    OperatorProcess first =
        world.startOperator(
            name + "-1-" + m.namespace(), List.of(m.namespace()), world.managementIdentity());
    boolean reached = ChaosWorld.await(atBoundary, Duration.ofSeconds(90));
    Thread.sleep(300);
    first.kill();
    world.aws.faults().clear();
    assertThat(reached)
        .as("%s: the operator reached the boundary (log %s)", name, first.logFile())
        .isTrue();

    OperatorProcess second =
        world.startOperator(
            name + "-2-" + m.namespace(), List.of(m.namespace()), world.managementIdentity());
    Awaitility.await(name + ": Ready after the restart")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> readyReason(m).equals(Optional.of("Compliant")));

    EmulatedAccount account = m.account();
    assertThat(account.rootPasswordPresent()).isFalse();
    assertThat(account.rootAccessKeysPresent()).isFalse();
    assertThat(account.rootSigningCertificates()).isEmpty();
    assertThat(account.devicesAssignedTo("root"))
        .extracting(d -> d.serialNumber())
        .containsExactly(m.mfaSerial());
    assertThat(calls(m, "DeleteLoginProfile")).hasSize(1);
    // A call whose answer was lost is logged only when the emulator lets go of it, maybe later.
    assertThat(calls(m, "DeleteAccessKey")).hasSizeBetween(1, 2);
    assertThat(calls(m, "DeleteSigningCertificate")).hasSize(1);
    assertThat(world.aws.calls().operations())
        .doesNotContain("DeactivateMFADevice", "DeleteVirtualMFADevice");

    Map<String, String> seen = new LinkedHashMap<>();
    seen.put("metrics", second.scrapeMetrics());
    assertThat(second.stop()).as("SIGTERM ends the operator").isTrue();
    seen.put(first.logFile().toString(), first.log());
    seen.put(second.logFile().toString(), second.log());
    assertThat(LeakScan.scan(world.aws.issuedSecretsForAssertions(), seen)).isEmpty();
  }
}
