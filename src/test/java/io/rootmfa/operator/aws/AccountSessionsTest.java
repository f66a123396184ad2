package io.rootmfa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
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
    String role = enrollerRole("400000000007", "400000000008");
    withRoleSession(
        "400000000008",
        "400000000007",
        role,
        s -> {
          s.verifyIdentity();
          s.iam().accountSummary();
          s.iam().accountSummary();
        });
    // AssumeRole named the role's account (AssumedRoleUser), so no GetCallerIdentity is needed.
    assertThat(aws.calls().all())
        .extracting(c -> c.operation() + "@" + c.accountId())
        .containsExactly(
            "AssumeRole@400000000008",
            "GetAccountSummary@400000000007",
            "GetAccountSummary@400000000007");
  }

  @Test
  void aRoleOfAnotherAccountIsRefusedFromWhatAssumeRoleAnswered() {
    String role = enrollerRole("400000000010", "400000000011");
    withRoleSession(
        "400000000011",
        "400000000012",
        role,
        s ->
            assertThatThrownBy(s::verifyIdentity)
                .isInstanceOfSatisfying(
                    WrongAccountException.class,
                    e -> assertThat(e.actualAccountId()).isEqualTo("400000000010")));
    assertThat(aws.calls().all()).extracting(c -> c.operation()).containsExactly("AssumeRole");
  }

  @Test
  void aRoleThatCannotBeAssumedIsReportedAsAssumeRole() {
    aws.createAccount("400000000013");
    aws.createAccount("400000000014").createUser("operator");
    // The role's trust names another external id than the one the session sends.
    String role =
        aws.account("400000000013")
            .createRole("Enroller", "rootmfa:another-binding:team-b", java.util.Set.of())
            .arn();
    withRoleSession(
        "400000000014",
        "400000000013",
        role,
        s ->
            assertThatThrownBy(s::verifyIdentity)
                .isInstanceOfSatisfying(
                    AwsCallException.class,
                    e -> {
                      assertThat(e.operation()).isEqualTo("AssumeRole");
                      assertThat(e.errorCode()).isEqualTo("AccessDenied");
                      assertThat(e.accountId()).isEqualTo("400000000013");
                    }));
  }

  /** Role Enroller in {@code account}, trusting user operator of {@code operatorAccount}. */
  private String enrollerRole(String account, String operatorAccount) {
    aws.createAccount(account);
    aws.createAccount(operatorAccount).createUser("operator");
    return aws.account(account)
        .createRole(
            "Enroller",
            null,
            java.util.Set.of(aws.account(operatorAccount).user("operator").orElseThrow().arn()))
        .arn();
  }

  /**
   * Runs {@code use} with the session for a policy of {@code account} through {@code role}, in
   * sessions whose own identity is user operator of {@code operatorAccount}.
   */
  private void withRoleSession(
      String operatorAccount, String account, String role, Consumer<AccountSession> use) {
    AccessKey operator = aws.account(operatorAccount).createAccessKey("operator");
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
      use.accept(
          asOperator.sessionFor(
              "ns/" + account,
              new AccountSessions.Key(
                  account,
                  "us-east-1",
                  new CredentialSource.AssumedRole(
                      role,
                      "rootmfa:team-a:team-a",
                      io.rootmfa.operator.workflow.RoleSession.of("team-a", "r"))),
              Optional.empty()));
    }
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
