package io.rootmfa.operator.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.services.sts.model.Tag;

class AwsEmulatorStsTest {

  private static final String HUB = "111111111111";
  private static final String MEMBER = "222222222222";

  private AwsEmulator aws;
  private EmulatedAccount hub;
  private EmulatedAccount member;
  private StsClient operatorSts;

  @BeforeEach
  void start() {
    aws = AwsEmulator.start();
    hub = aws.createAccount(HUB);
    member = aws.createAccount(MEMBER);
    hub.createUser("operator");
    operatorSts = EmulatorClients.sts(aws, hub.createAccessKey("operator"));
  }

  @AfterEach
  void stop() {
    operatorSts.close();
    aws.close();
  }

  private AccessKey sessionKey(Credentials c) {
    return new AccessKey(
        c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration(), null);
  }

  private void assertAccessDenied(Runnable call, String roleArn) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StsException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "User: arn:aws:iam::"
                          + HUB
                          + ":user/operator is not authorized to perform: sts:AssumeRole on resource: "
                          + roleArn);
            });
  }

  @Test
  void getCallerIdentityNamesAnIamUser() {
    GetCallerIdentityResponse me = operatorSts.getCallerIdentity();

    assertThat(me.account()).isEqualTo(HUB);
    assertThat(me.arn()).isEqualTo("arn:aws:iam::" + HUB + ":user/operator");
    assertThat(me.userId()).startsWith("AIDA");
  }

  @Test
  void getCallerIdentityNamesTheRootUser() {
    try (StsClient root = EmulatorClients.sts(aws, member.createRootAccessKey())) {
      GetCallerIdentityResponse me = root.getCallerIdentity();
      assertThat(me.arn()).isEqualTo("arn:aws:iam::" + MEMBER + ":root");
      assertThat(me.userId()).isEqualTo(MEMBER);
    }
  }

  @Test
  void assumeRoleWithoutRequiredExternalIdReturnsSessionCredentialsActingInTheRolesAccount() {
    String roleArn = member.createRole("RootMfaOperator", null).arn();

    AssumeRoleResponse response =
        operatorSts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("rootmfa"));

    Credentials creds = response.credentials();
    assertThat(creds.accessKeyId()).startsWith("ASIA");
    assertThat(creds.sessionToken()).isNotBlank();
    assertThat(creds.expiration()).isAfter(aws.clock().plus(Duration.ofMinutes(59)));
    assertThat(response.assumedRoleUser().arn())
        .isEqualTo("arn:aws:sts::" + MEMBER + ":assumed-role/RootMfaOperator/rootmfa");
    try (StsClient session = EmulatorClients.sts(aws, sessionKey(creds))) {
      GetCallerIdentityResponse me = session.getCallerIdentity();
      assertThat(me.account()).isEqualTo(MEMBER);
      assertThat(me.arn())
          .isEqualTo("arn:aws:sts::" + MEMBER + ":assumed-role/RootMfaOperator/rootmfa");
      assertThat(me.userId()).startsWith("AROA").endsWith(":rootmfa");
    }
    try (IamClient iam = EmulatorClients.iam(aws, sessionKey(creds))) {
      iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("via-role"));
    }
    assertThat(member.devices()).hasSize(1);
    assertThat(hub.devices()).isEmpty();
  }

  @Test
  void assumeRoleWithTheRequiredExternalIdSucceeds() {
    String roleArn = member.createRole("RootMfaOperator", "ext-123").arn();

    AssumeRoleResponse response =
        operatorSts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1").externalId("ext-123"));

    assertThat(response.credentials().accessKeyId()).startsWith("ASIA");
  }

  @Test
  void assumeRoleWithMissingExternalIdFailsWithAccessDenied() {
    String roleArn = member.createRole("RootMfaOperator", "ext-123").arn();

    assertAccessDenied(
        () -> operatorSts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1")), roleArn);
  }

  @Test
  void assumeRoleWithWrongExternalIdFailsWithAccessDenied() {
    String roleArn = member.createRole("RootMfaOperator", "ext-123").arn();

    assertAccessDenied(
        () ->
            operatorSts.assumeRole(
                b -> b.roleArn(roleArn).roleSessionName("s1").externalId("nope")),
        roleArn);
  }

  @Test
  void sessionTagsAreRecordedInTheCallLogAndTheExternalIdIsNot() {
    String roleArn = member.createRole("Tagged", "rootmfa:team-a:team-a").arn();

    operatorSts.assumeRole(
        b ->
            b.roleArn(roleArn)
                .roleSessionName("rootmfa.team-a.p")
                .externalId("rootmfa:team-a:team-a")
                .tags(
                    t -> t.key("rootmfa:namespace").value("team-a"),
                    t -> t.key("rootmfa:policy").value("p")));

    CallRecord call = aws.calls().matching(c -> c.operation().equals("AssumeRole")).get(0);
    assertThat(call.params())
        .containsEntry("RoleSessionName", "rootmfa.team-a.p")
        .containsEntry("Tags.member.1.Key", "rootmfa:namespace")
        .containsEntry("Tags.member.1.Value", "team-a")
        .containsEntry("Tags.member.2.Key", "rootmfa:policy")
        .containsEntry("Tags.member.2.Value", "p")
        .doesNotContainKey("ExternalId");
  }

  @Test
  void sessionTagsNeedTheTrustPolicyToAllowTagSession() {
    String roleArn = member.createRole("NoTagSession", null, Set.of(), false).arn();

    assertThatThrownBy(
            () ->
                operatorSts.assumeRole(
                    b ->
                        b.roleArn(roleArn)
                            .roleSessionName("s1")
                            .tags(t -> t.key("rootmfa:namespace").value("team-a"))))
        .isInstanceOfSatisfying(
            StsException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
              assertThat(e.awsErrorDetails().errorMessage())
                  .contains("is not authorized to perform: sts:TagSession on resource: " + roleArn);
            });
    assertThat(operatorSts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("s2")).credentials())
        .isNotNull();
  }

  @Test
  void moreThanFiftySessionTagsAreAValidationError() {
    String roleArn = member.createRole("ManyTags", null).arn();
    Tag[] tags = new Tag[51];
    for (int i = 0; i < tags.length; i++) {
      tags[i] = Tag.builder().key("k" + i).value("v").build();
    }

    assertThatThrownBy(
            () -> operatorSts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1").tags(tags)))
        .isInstanceOfSatisfying(
            StsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
  }

  @Test
  void assumeRoleOfAnUnknownRoleFailsWithTheSameAccessDenied() {
    String roleArn = "arn:aws:iam::" + MEMBER + ":role/DoesNotExist";

    assertAccessDenied(
        () -> operatorSts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1")), roleArn);
  }

  @Test
  void assumeRoleByAnUntrustedPrincipalFailsWithAccessDenied() {
    String roleArn =
        member.createRole("OnlyThirdParty", null, Set.of("arn:aws:iam::333333333333:root")).arn();

    assertAccessDenied(
        () -> operatorSts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1")), roleArn);
  }

  @Test
  void assumeRoleTrustingTheCallersAccountSucceeds() {
    String roleArn =
        member.createRole("HubTrusted", null, Set.of("arn:aws:iam::" + HUB + ":root")).arn();

    assertThat(operatorSts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1")).credentials())
        .isNotNull();
  }

  @Test
  void expiredSessionCredentialsFailWithExpiredToken() {
    String roleArn = member.createRole("RootMfaOperator", null).arn();
    Credentials creds =
        operatorSts
            .assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1").durationSeconds(900))
            .credentials();
    aws.setClockOffset(Duration.ofMinutes(16));

    try (StsClient session = EmulatorClients.sts(aws, sessionKey(creds))) {
      assertThatThrownBy(session::getCallerIdentity)
          .isInstanceOfSatisfying(
              StsException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken"));
    }
  }

  @Test
  void sessionCredentialsWithAWrongSessionTokenFailWithInvalidClientTokenId() {
    String roleArn = member.createRole("RootMfaOperator", null).arn();
    Credentials creds =
        operatorSts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1")).credentials();
    AccessKey tampered =
        new AccessKey(creds.accessKeyId(), creds.secretAccessKey(), "not-the-token", null, null);

    try (IamClient iam = EmulatorClients.iam(aws, tampered)) {
      assertThatThrownBy(iam::getAccountSummary)
          .isInstanceOfSatisfying(
              IamException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
    }
  }

  @Test
  void theRootUserCannotAssumeRoles() {
    String roleArn = member.createRole("RootMfaOperator", null).arn();
    try (StsClient root = EmulatorClients.sts(aws, hub.createRootAccessKey())) {
      assertThatThrownBy(() -> root.assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1")))
          .isInstanceOfSatisfying(
              StsException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    }
  }

  @Test
  void aDurationAboveTheRolesMaximumFailsWithValidationError() {
    String roleArn = member.createRole("RootMfaOperator", null).arn();

    assertThatThrownBy(
            () ->
                operatorSts.assumeRole(
                    b -> b.roleArn(roleArn).roleSessionName("s1").durationSeconds(7200)))
        .isInstanceOfSatisfying(
            StsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
  }

  @Test
  void theCallLogRecordsAssumeRoleWithoutTheExternalId() {
    String roleArn = member.createRole("RootMfaOperator", "ext-secretish").arn();
    operatorSts.assumeRole(
        b -> b.roleArn(roleArn).roleSessionName("s1").externalId("ext-secretish"));

    CallRecord call = aws.calls().of("AssumeRole").get(0);
    assertThat(call.service()).isEqualTo("sts");
    assertThat(call.params()).containsEntry("RoleArn", roleArn).doesNotContainKey("ExternalId");
    assertThat(call.toString()).doesNotContain("ext-secretish");
  }
}
