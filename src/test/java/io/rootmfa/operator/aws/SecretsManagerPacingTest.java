package io.rootmfa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.CallRecord;
import io.rootmfa.operator.workflow.FreshDevice;
import io.rootmfa.operator.workflow.PolicyRef;
import io.rootmfa.operator.workflow.RoleSession;
import io.rootmfa.operator.workflow.Seed;
import io.rootmfa.operator.workflow.SeedCustody;
import io.rootmfa.operator.workflow.SeedDocument;
import io.rootmfa.operator.workflow.TargetRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/**
 * Secrets Manager writes at the pacer's limit: many sessions (other credentials, the same account
 * and region, as when every policy's seed goes to one custody account) writing at once stay at or
 * under {@code writes-per-second} for that account and region, so the emulator's quota of 50/s
 * never throttles them. The rate is measured from the emulator's own call log and printed.
 */
class SecretsManagerPacingTest {
  private static final double WRITES_PER_SECOND = 40;
  private static final int WRITES = 120;
  private static final int SESSIONS = 8;

  private final AwsEmulator aws = AwsEmulator.start();
  private final AccountSessions sessions =
      new AccountSessions(
          new AccountSessions.Settings(
              Optional.of(aws.endpoint()),
              AnonymousCredentialsProvider.create(),
              WRITES_PER_SECOND,
              Duration.ofSeconds(10),
              2),
          new SimpleMeterRegistry(),
          Clock.systemUTC());

  @AfterEach
  void close() {
    sessions.close();
    aws.close();
  }

  @Test
  void manySessionsWritingToOneAccountAndRegionStayAtThePacedRate() throws Exception {
    String account = "400000000010";
    aws.createAccount(account);
    List<SeedVault> vaults = new ArrayList<>();
    for (int s = 0; s < SESSIONS; s++) {
      aws.account(account).createUser("writer" + s);
      AccessKey k = aws.account(account).createAccessKey("writer" + s);
      AccountSession session =
          sessions.sessionFor(
              "ns/p" + s,
              new AccountSessions.Key(
                  account, "us-east-1", new CredentialSource.FromSecret("ns", "s" + s, "1")),
              Optional.of(
                  new CredentialSource.StaticKeys(
                      k.accessKeyId(), k.secretAccessKey(), Optional.empty())));
      vaults.add(session.seedVault());
    }
    // A first write warms the SDK up, so that the measured ones are not spread by class loading.
    write(vaults.get(0), account, -1);
    ExecutorService writers = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < WRITES; i++) {
        SeedVault vault = vaults.get(i % SESSIONS);
        int n = i;
        done.add(writers.submit(() -> write(vault, account, n)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      writers.shutdown();
    }

    List<CallRecord> writes = aws.calls().of("CreateSecret").subList(1, WRITES + 1);
    assertThat(writes).hasSize(WRITES).allMatch(c -> c.outcome().equals("OK"));
    double seconds =
        Duration.between(writes.get(0).time(), writes.get(WRITES - 1).time()).toNanos() / 1e9;
    double rate = (WRITES - 1) / seconds;
    System.out.printf(
        "pacing: %d CreateSecret from %d sessions in %.2f s = %.1f writes/s (limit %.0f/s)%n",
        WRITES, SESSIONS, seconds, rate, WRITES_PER_SECOND);
    // The pacer spaces writes 25 ms apart: a slower machine only spreads them further.
    assertThat(rate).isLessThanOrEqualTo(WRITES_PER_SECOND * 1.05);
  }

  @Test
  void writesToACustodyAccountArePacedByTheCustodyAccountWhicheverMemberTheyAreFor() {
    String custody = "777788889999";
    // Policies of two member accounts keep their seeds in one custody account: they reach it
    // through one session (the custody account, the region, the configured role).
    AccountSessions.Key custodyKey =
        new AccountSessions.Key(
            custody,
            "us-east-1",
            new CredentialSource.AssumedRole(
                "arn:aws:iam::" + custody + ":role/RootMfaSeedCustodian",
                null,
                RoleSession.custody()));
    AccountSession forMemberA =
        sessions.sessionFor("team-a/p#custody", custodyKey, Optional.empty());
    AccountSession forMemberB =
        sessions.sessionFor("team-b/q#custody", custodyKey, Optional.empty());
    // A policy whose seed stays in the custody account itself, with other credentials.
    AccountSession own =
        sessions.sessionFor(
            "team-c/r",
            new AccountSessions.Key(custody, "us-east-1", new CredentialSource.PodIdentity()),
            Optional.empty());
    AccountSession member =
        sessions.sessionFor(
            "team-a/p",
            new AccountSessions.Key(
                "444455556666", "us-east-1", new CredentialSource.PodIdentity()),
            Optional.empty());

    RatePacer custodyWrites = sessions.secretsManagerWrites(custody, "us-east-1");
    assertThat(forMemberA.seedVault().writePacer()).isSameAs(custodyWrites);
    assertThat(forMemberB.seedVault().writePacer()).isSameAs(custodyWrites);
    assertThat(own.seedVault().writePacer()).isSameAs(custodyWrites);
    assertThat(member.seedVault().writePacer()).isNotSameAs(custodyWrites);
    assertThat(sessions.secretsManagerWrites(custody, "eu-west-1")).isNotSameAs(custodyWrites);
  }

  private static SeedCustody.WriteOutcome write(SeedVault vault, String account, int n)
      throws InterruptedException {
    FreshDevice device =
        new FreshDevice(
            "arn:aws:iam::" + account + ":mfa/rootmfa/d" + n,
            "e" + n,
            Seed.ofBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"));
    return vault
        .at(new SeedVault.Location("rootmfa/pacing/" + n, Optional.empty(), List.of(), Map.of()))
        .write(
            SeedDocument.complete(
                account,
                TargetRef.iamUser("u" + n),
                device,
                new PolicyRef("pacing", "p" + n, "uid-" + n),
                Instant.now()),
            false);
  }
}
