package io.rootmfa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

class AccountSessionsTest {
  private final AwsEmulator aws = AwsEmulator.start();
  private final AccountSessions sessions =
      new AccountSessions(
          new AccountSessions.Settings(
              Optional.of(aws.endpoint()),
              AnonymousCredentialsProvider.create(),
              40,
              Duration.ofSeconds(5),
              2),
          new SimpleMeterRegistry(),
          Clock.systemUTC());

  @AfterEach
  void close() {
    sessions.close();
    aws.close();
  }

  private AccountSessions.Key key(String account, String secret) {
    return new AccountSessions.Key(
        account, "us-east-1", new CredentialSource.FromSecret("ns", secret, "1"));
  }

  private Optional<CredentialSource.StaticKeys> keys(AccessKey k) {
    return Optional.of(
        new CredentialSource.StaticKeys(k.accessKeyId(), k.secretAccessKey(), Optional.empty()));
  }

  @Test
  void policiesWithTheSameAccountAndCredentialsShareOneSession() {
    aws.createAccount("400000000001").createUser("u");
    AccessKey k = aws.account("400000000001").createAccessKey("u");
    AccountSession a = sessions.sessionFor("ns/a", key("400000000001", "s"), keys(k));
    AccountSession b = sessions.sessionFor("ns/b", key("400000000001", "s"), keys(k));
    assertThat(a).isSameAs(b);
    assertThat(sessions.openSessions()).isEqualTo(1);
  }

  @Test
  void aSessionIsClosedWhenTheLastPolicyUsingItLeaves() {
    aws.createAccount("400000000002").createUser("u");
    AccessKey k = aws.account("400000000002").createAccessKey("u");
    sessions.sessionFor("ns/a", key("400000000002", "s"), keys(k));
    sessions.sessionFor("ns/b", key("400000000002", "s"), keys(k));
    sessions.sessionFor("ns/a", key("400000000002", "other"), keys(k));
    assertThat(sessions.openSessions()).isEqualTo(2);
    sessions.release("ns/b");
    assertThat(sessions.openSessions()).isEqualTo(1);
    sessions.release("ns/a");
    assertThat(sessions.openSessions()).isZero();
  }

  @Test
  void credentialsOfAnotherAccountAreRefusedBeforeAnyIamCall() {
    aws.createAccount("400000000003").createUser("u");
    AccessKey k = aws.account("400000000003").createAccessKey("u");
    AccountSession s = sessions.sessionFor("ns/x", key("400000000004", "s"), keys(k));
    assertThatThrownBy(s::verifyIdentity)
        .isInstanceOfSatisfying(
            WrongAccountException.class,
            e -> {
              assertThat(e.actualAccountId()).isEqualTo("400000000003");
              assertThat(e.getMessage()).contains("400000000003").contains("400000000004");
            });
    assertThat(aws.calls().all())
        .extracting(c -> c.operation())
        .containsExactly("GetCallerIdentity");
  }

  @Test
  void aThousandSessionsStartNoThread() {
    aws.createAccount("400000000006").createUser("u");
    AccessKey k = aws.account("400000000006").createAccessKey("u");
    sessions.sessionFor("ns/warm", key("400000000006", "warm"), keys(k)).verifyIdentity();
    int threadsBefore = Thread.activeCount();
    for (int i = 0; i < 1000; i++) {
      AccountSession s = sessions.sessionFor("ns/p" + i, key("400000000006", "s" + i), keys(k));
      if (i % 100 == 0) {
        s.verifyIdentity();
      }
    }
    assertThat(sessions.openSessions()).isEqualTo(1001);
    assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 2);
  }

  @Test
  void anAssumedRoleIsAssumedOnceAndItsCredentialsServeEveryCallOfTheSession() {
    aws.createAccount("400000000007");
    aws.createAccount("400000000008").createUser("operator");
    AccessKey operator = aws.account("400000000008").createAccessKey("operator");
    String role =
        aws.account("400000000007")
            .createRole(
                "Enroller",
                null,
                java.util.Set.of(aws.account("400000000008").user("operator").orElseThrow().arn()))
            .arn();
    try (AccountSessions asOperator =
        new AccountSessions(
            new AccountSessions.Settings(
                Optional.of(aws.endpoint()),
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        operator.accessKeyId(), operator.secretAccessKey())),
                40,
                Duration.ofSeconds(5),
                2),
            new SimpleMeterRegistry(),
            Clock.systemUTC())) {
      AccountSession s =
          asOperator.sessionFor(
              "ns/r",
              new AccountSessions.Key(
                  "400000000007",
                  "us-east-1",
                  new CredentialSource.AssumedRole(
                      role,
                      "rootmfa:team-a:team-a",
                      io.rootmfa.operator.workflow.RoleSession.of("team-a", "r"))),
              Optional.empty());
      s.verifyIdentity();
      s.iam().accountSummary();
      s.iam().accountSummary();
    }
    assertThat(aws.calls().all())
        .extracting(c -> c.operation() + "@" + c.accountId())
        .containsExactly(
            "AssumeRole@400000000008",
            "GetCallerIdentity@400000000007",
            "GetAccountSummary@400000000007",
            "GetAccountSummary@400000000007");
  }

  @Test
  void learnsAwsTimeFromResponsesSoASkewedPodStillComputesAwsTime() {
    aws.setClockOffset(Duration.ofSeconds(90));
    aws.createAccount("400000000005").createUser("u");
    AccessKey k = aws.account("400000000005").createAccessKey("u");
    AccountSession s = sessions.sessionFor("ns/y", key("400000000005", "s"), keys(k));
    s.verifyIdentity();
    assertThat(s.clock().calibrated()).isTrue();
    assertThat(Duration.between(aws.clock(), s.clock().now()).abs())
        .isLessThan(Duration.ofSeconds(3));
  }
}
