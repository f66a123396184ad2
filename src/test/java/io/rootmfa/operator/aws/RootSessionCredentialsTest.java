package io.rootmfa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.EmulatedOrganization;
import io.rootmfa.operator.emulator.EmulatorClients;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;

class RootSessionCredentialsTest {
  static final String MANAGEMENT = "100000000000";
  static final String MEMBER = "200000000001";
  AwsEmulator aws;
  EmulatedOrganization org;
  StsClient sts;

  @BeforeEach
  void start() {
    aws = AwsEmulator.start();
    org = aws.createOrganization(MANAGEMENT).setCentralizedRootAccess(true);
    org.addAccount(MEMBER, org.rootId(), "member");
    aws.account(MANAGEMENT).createUser("operator");
    AccessKey key = aws.account(MANAGEMENT).createAccessKey("operator");
    sts = EmulatorClients.sts(aws, key);
  }

  @AfterEach
  void stop() {
    sts.close();
    aws.close();
  }

  @Test
  void asksFor900SecondsAndReusesTheSessionWhileItIsFresh() {
    try (RootSessionCredentials credentials =
        new RootSessionCredentials(sts, MEMBER, RootSessionCredentials.AUDIT_TASK_POLICY)) {
      AwsSessionCredentials first = (AwsSessionCredentials) credentials.resolveCredentials();
      AwsSessionCredentials again = (AwsSessionCredentials) credentials.resolveCredentials();

      assertThat(again.accessKeyId()).isEqualTo(first.accessKeyId());
      assertThat(aws.calls().count("AssumeRoot")).isEqualTo(1);
      assertThat(aws.calls().of("AssumeRoot").get(0).params())
          .containsEntry("DurationSeconds", "900")
          .containsEntry("TargetPrincipal", MEMBER);
    }
  }

  @Test
  void assumesRootAgainShortlyBeforeTheSessionExpires() {
    // The session AWS grants ends in 20 s: inside the 30 s stale window, so the next call must
    // assume root again (inside the prefetch window alone, the SDK jitters when it refreshes).
    aws.setClockOffset(Duration.ofSeconds(-880));
    try (RootSessionCredentials credentials =
        new RootSessionCredentials(sts, MEMBER, RootSessionCredentials.AUDIT_TASK_POLICY)) {
      String first = credentials.resolveCredentials().accessKeyId();
      aws.setClockOffset(Duration.ZERO);
      String second = credentials.resolveCredentials().accessKeyId();
      String third = credentials.resolveCredentials().accessKeyId();

      assertThat(second).isNotEqualTo(first);
      assertThat(third).isEqualTo(second);
      assertThat(aws.calls().count("AssumeRoot")).isEqualTo(2);
    }
  }

  @Test
  void aRefusedAssumeRootIsReportedAsThatCall() {
    org.setCentralizedRootAccess(false);
    try (RootSessionCredentials credentials =
        new RootSessionCredentials(sts, MEMBER, RootSessionCredentials.AUDIT_TASK_POLICY)) {
      assertThatThrownBy(credentials::resolveCredentials)
          .isInstanceOfSatisfying(
              AwsCallException.class,
              e -> {
                assertThat(e.operation()).isEqualTo("AssumeRoot");
                assertThat(AwsFailures.isAccessDenied(e)).isTrue();
                assertThat(e.accountId()).isEqualTo(MEMBER);
              });
    }
  }
}
