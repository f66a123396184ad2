package io.rootmfa.operator.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootmfa.operator.aws.AwsCallException;
import io.rootmfa.operator.aws.OrganizationDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Organizations, {@code sts:AssumeRoot} and root credentials, through the real AWS SDK for STS and
 * IAM, and through the operator's {@link OrganizationDirectory} for Organizations (whose SDK module
 * this build does not have).
 */
class AwsEmulatorOrganizationsTest {

  static final String AUDIT = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials";
  static final String DELETE = "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials";
  private static final String MANAGEMENT = "100000000000";
  private static final String MEMBER = "200000000001";

  private AwsEmulator aws;
  private EmulatedOrganization org;
  private StsClient operatorSts;
  private AccessKey operatorKey;
  private final UrlConnectionHttpClient http =
      (UrlConnectionHttpClient) UrlConnectionHttpClient.create();

  @BeforeEach
  void start() {
    aws = AwsEmulator.start();
    org = aws.createOrganization(MANAGEMENT).setCentralizedRootAccess(true);
    org.addAccount(MEMBER, org.rootId(), "workload");
    aws.account(MANAGEMENT).createUser("rootmfa-operator");
    operatorKey = aws.account(MANAGEMENT).createAccessKey("rootmfa-operator");
    operatorSts = EmulatorClients.sts(aws, operatorKey);
  }

  @AfterEach
  void stop() {
    operatorSts.close();
    http.close();
    aws.close();
  }

  private Credentials assumeRoot(String target, String policy) {
    return operatorSts
        .assumeRoot(
            r -> r.targetPrincipal(target).taskPolicyArn(p -> p.arn(policy)).durationSeconds(900))
        .credentials();
  }

  private IamClient rootIam(Credentials c) {
    return EmulatorClients.iam(
        aws,
        new AccessKey(
            c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration(), null));
  }

  private static void assertDenied(Runnable call, String action) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            IamException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
              assertThat(e.awsErrorDetails().errorMessage())
                  .contains("not authorized to perform: " + action)
                  .contains("explicit deny in a session policy");
            });
  }

  private static void assertStsDenied(Runnable call, String why) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StsException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorMessage()).contains(why);
            });
  }

  @Test
  void assumeRootGivesAShortRootSessionInTheMemberAccount() {
    Credentials c = assumeRoot(MEMBER, AUDIT);

    assertThat(c.accessKeyId()).startsWith("ASIA");
    assertThat(Duration.between(aws.clock(), c.expiration()))
        .isBetween(Duration.ofSeconds(890), Duration.ofSeconds(900));
    try (StsClient sts =
        EmulatorClients.sts(
            aws,
            new AccessKey(
                c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration(), null))) {
      assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + MEMBER + ":root");
    }
    assertThat(aws.calls().of("AssumeRoot").get(0).params())
        .containsEntry("TargetPrincipal", MEMBER)
        .containsEntry("TaskPolicyArn.arn", AUDIT)
        .containsEntry("DurationSeconds", "900");
  }

  @Test
  void auditSessionReadsRootCredentialsAndNothingElse() {
    EmulatedAccount member = aws.account(MEMBER);
    AccessKey rootKey = member.createRootAccessKey();
    member.uploadRootSigningCertificate();
    try (IamClient iam = rootIam(assumeRoot(MEMBER, AUDIT))) {
      assertThat(iam.getLoginProfile(r -> {}).loginProfile().createDate()).isNotNull();
      assertThat(iam.listAccessKeys().accessKeyMetadata())
          .extracting(k -> k.accessKeyId())
          .containsExactly(rootKey.accessKeyId());
      assertThat(iam.listSigningCertificates().certificates()).hasSize(1);
      assertThat(iam.listMFADevices().mfaDevices()).isEmpty();
      assertThat(iam.getAccountSummary().summaryMapAsStrings())
          .containsEntry("AccountSigningCertificatesPresent", 1);

      assertDenied(
          () -> iam.deleteAccessKey(r -> r.accessKeyId(rootKey.accessKeyId())),
          "iam:DeleteAccessKey");
      assertDenied(() -> iam.deleteLoginProfile(r -> {}), "iam:DeleteLoginProfile");
      assertDenied(() -> iam.listVirtualMFADevices(), "iam:ListVirtualMFADevices");
      assertDenied(
          () -> iam.createVirtualMFADevice(r -> r.virtualMFADeviceName("x")),
          "iam:CreateVirtualMFADevice");
    }
    assertThat(member.rootPasswordPresent()).isTrue();
    assertThat(member.longTermKeysOf(member.rootPrincipal().arn())).hasSize(1);
  }

  @Test
  void auditSessionCannotReadAnIamUsersCredentials() {
    aws.account(MEMBER).createUser("alice");
    try (IamClient iam = rootIam(assumeRoot(MEMBER, AUDIT))) {
      assertDenied(() -> iam.listAccessKeys(r -> r.userName("alice")), "iam:ListAccessKeys");
    }
  }

  @Test
  void deleteSessionRemovesRootCredentialsButMayNotReadTheSummary() {
    EmulatedAccount member = aws.account(MEMBER);
    AccessKey rootKey = member.createRootAccessKey();
    EmulatedAccount.SigningCertificate certificate = member.uploadRootSigningCertificate();
    try (IamClient iam = rootIam(assumeRoot(MEMBER, DELETE))) {
      iam.deleteLoginProfile(r -> {});
      iam.deleteAccessKey(r -> r.accessKeyId(rootKey.accessKeyId()));
      iam.deleteSigningCertificate(r -> r.certificateId(certificate.certificateId()));

      assertThat(iam.listAccessKeys().accessKeyMetadata()).isEmpty();
      assertThatThrownBy(() -> iam.getLoginProfile(r -> {}))
          .isInstanceOfSatisfying(
              IamException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity"));
      assertDenied(() -> iam.getAccountSummary(), "iam:GetAccountSummary");
      assertDenied(
          () ->
              iam.deleteVirtualMFADevice(r -> r.serialNumber("arn:aws:iam::" + MEMBER + ":mfa/x")),
          "iam:DeleteVirtualMFADevice");
    }
    assertThat(member.rootPasswordPresent()).isFalse();
    assertThat(member.rootAccessKeysPresent()).isFalse();
    assertThat(member.rootSigningCertificates()).isEmpty();
  }

  @Test
  void assumeRootIsRefusedWhileCentralizedRootAccessIsOff() {
    org.setCentralizedRootAccess(false);
    assertStsDenied(() -> assumeRoot(MEMBER, AUDIT), "centralized root access is not enabled");

    org.setRootSessions(true);
    assertStsDenied(() -> assumeRoot(MEMBER, AUDIT), "centralized root access is not enabled");
  }

  @Test
  void onlyTheManagementAccountOrIamsDelegatedAdministratorMayAssumeRoot() {
    String admin = "200000000002";
    org.addAccount(admin, org.rootId(), "security");
    aws.account(admin).createUser("auditor");
    AccessKey adminKey = aws.account(admin).createAccessKey("auditor");
    try (StsClient sts = EmulatorClients.sts(aws, adminKey)) {
      Runnable call =
          () -> sts.assumeRoot(r -> r.targetPrincipal(MEMBER).taskPolicyArn(p -> p.arn(AUDIT)));
      assertStsDenied(call, "neither the management account nor IAM's delegated administrator");

      org.registerDelegatedAdministrator(admin, "securityhub.amazonaws.com");
      assertStsDenied(call, "neither the management account nor IAM's delegated administrator");

      org.registerDelegatedAdministrator(admin, EmulatedOrganization.IAM_SERVICE_PRINCIPAL);
      assertThat(
              sts.assumeRoot(r -> r.targetPrincipal(MEMBER).taskPolicyArn(p -> p.arn(AUDIT)))
                  .credentials())
          .isNotNull();
    }
  }

  @Test
  void assumeRootNeverTargetsTheManagementAccountOrAnOutsider() {
    aws.createAccount("300000000000");
    assertStsDenied(() -> assumeRoot(MANAGEMENT, AUDIT), "not a member account");
    assertStsDenied(() -> assumeRoot("300000000000", AUDIT), "not a member account");
  }

  @Test
  void rootCannotCallAssumeRoot() {
    try (StsClient root = EmulatorClients.sts(aws, aws.account(MANAGEMENT).createRootAccessKey())) {
      assertStsDenied(
          () -> root.assumeRoot(r -> r.targetPrincipal(MEMBER).taskPolicyArn(p -> p.arn(AUDIT))),
          "You cannot use root user credentials");
    }
  }

  @Test
  void sessionsLastAtMost900SecondsAndNeedARootTaskPolicy() {
    assertThatThrownBy(
            () ->
                operatorSts.assumeRoot(
                    r ->
                        r.targetPrincipal(MEMBER)
                            .taskPolicyArn(p -> p.arn(AUDIT))
                            .durationSeconds(901)))
        .isInstanceOfSatisfying(
            StsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
    assertThatThrownBy(
            () ->
                operatorSts.assumeRoot(
                    r ->
                        r.targetPrincipal(MEMBER)
                            .taskPolicyArn(
                                p -> p.arn("arn:aws:iam::aws:policy/AdministratorAccess"))))
        .isInstanceOfSatisfying(
            StsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));

    Credentials c =
        operatorSts
            .assumeRoot(
                r ->
                    r.targetPrincipal("arn:aws:iam::" + MEMBER + ":root")
                        .taskPolicyArn(p -> p.arn(AUDIT)))
            .credentials();
    aws.setClockOffset(Duration.ofSeconds(901));
    try (IamClient iam = rootIam(c)) {
      assertThatThrownBy(() -> iam.listAccessKeys())
          .isInstanceOfSatisfying(
              IamException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken"));
    }
  }

  // ---- Organizations

  private OrganizationDirectory directory(AccessKey key) {
    return new OrganizationDirectory(
        http,
        key.credentialsProvider(),
        Optional.of(aws.endpoint()),
        3,
        key.principal() == null ? "?" : key.principal().accountId());
  }

  @Test
  void listsEveryAccountAcrossShortPages() {
    EmulatedOrganization.OrganizationalUnit prod =
        org.createOrganizationalUnit(org.rootId(), "prod");
    EmulatedOrganization.OrganizationalUnit team = org.createOrganizationalUnit(prod.id(), "team");
    for (int i = 0; i < 45; i++) {
      org.addAccount(
          String.format("4000000000%02d", i), i % 2 == 0 ? prod.id() : team.id(), "acct" + i);
    }
    org.setStatus("400000000003", EmulatedOrganization.AccountStatus.SUSPENDED);
    org.setMaxPageSize(7);
    OrganizationDirectory directory = directory(operatorKey);

    assertThat(directory.describeOrganization())
        .isEqualTo(new OrganizationDirectory.Organization(org.id(), MANAGEMENT));
    List<OrganizationDirectory.Account> all = directory.accounts();
    assertThat(all).hasSize(47);
    assertThat(all)
        .filteredOn(a -> !a.isActive())
        .extracting(OrganizationDirectory.Account::id)
        .containsExactly("400000000003");
    assertThat(directory.unitsOf(org.rootId()))
        .extracting(OrganizationDirectory.OrganizationalUnit::name)
        .containsExactly("prod");
    assertThat(directory.unitsOf(prod.id()))
        .extracting(OrganizationDirectory.OrganizationalUnit::id)
        .containsExactly(team.id());
    assertThat(directory.accountsOf(prod.id())).hasSize(23);
    assertThat(directory.accountsOf(team.id()))
        .hasSize(22)
        .allMatch(a -> a.parentId().equals(team.id()));
    assertThat(aws.calls().count("ListAccounts")).isEqualTo(7);
  }

  @Test
  void membersMayDescribeButNotListTheOrganization() {
    aws.account(MEMBER).createUser("dev");
    OrganizationDirectory directory = directory(aws.account(MEMBER).createAccessKey("dev"));

    assertThat(directory.describeOrganization().managementAccountId()).isEqualTo(MANAGEMENT);
    assertThatThrownBy(directory::accounts)
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> assertThat(e.errorCode()).isEqualTo("AccessDeniedException"));
  }

  @Test
  void anUnknownParentAndAnAccountOutsideAnyOrganizationAreRefused() {
    assertThatThrownBy(() -> directory(operatorKey).accountsOf("ou-abcd-abcdefgh"))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> assertThat(e.errorCode()).isEqualTo("ParentNotFoundException"));
    EmulatedAccount loner = aws.createAccount("300000000000");
    loner.createUser("x");
    assertThatThrownBy(() -> directory(loner.createAccessKey("x")).describeOrganization())
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> assertThat(e.errorCode()).isEqualTo("AWSOrganizationsNotInUseException"));
  }

  @Test
  void anAccountThatLeavesKeepsItsState() {
    aws.account(MEMBER).createRootAccessKey();
    org.removeAccount(MEMBER);

    assertThat(directory(operatorKey).accounts())
        .extracting(OrganizationDirectory.Account::id)
        .containsExactly(MANAGEMENT);
    assertThat(aws.account(MEMBER).rootAccessKeysPresent()).isTrue();
    assertStsDenied(() -> assumeRoot(MEMBER, AUDIT), "not a member account");
  }
}
