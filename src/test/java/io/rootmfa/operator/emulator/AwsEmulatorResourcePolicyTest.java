package io.rootmfa.operator.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootmfa.operator.aws.SeedSecretPolicy;
import io.rootmfa.operator.it.EmulatorFixtures;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Secrets Manager resource policies and KMS key policies in the emulator, as AWS documents them: a
 * secret created without a value has no version; PutResourcePolicy with BlockPublicPolicy refuses
 * an Allow for everyone; an explicit Deny in the resource policy wins over everything; a caller of
 * another account needs an Allow in the resource policy and in the key policy of a customer-managed
 * key, and can never read a secret encrypted with aws/secretsmanager.
 */
class AwsEmulatorResourcePolicyTest {
  private static final String CUSTODY = "777788889999";
  private static final String MEMBER = "444455556666";
  private static final String CUSTODIAN = "arn:aws:iam::" + CUSTODY + ":role/RootMfaSeedCustodian";
  private static final String READER = "arn:aws:iam::" + CUSTODY + ":role/RootMfaBreakGlass";
  private static final String TOKEN = "11111111-1111-4111-8111-111111111111";

  private AwsEmulator aws;
  private EmulatedAccount custody;
  private EmulatedAccount member;
  private SecretsManagerClient custodian;

  @BeforeEach
  void start() {
    aws = AwsEmulator.builder().start();
    EmulatorFixtures.custodyAccount(
        aws, CUSTODY, "arn:aws:iam::" + CUSTODY + ":user/operator", Optional.empty());
    custody = aws.account(CUSTODY);
    member = aws.createAccount(MEMBER);
    custody.createUser("operator");
    custody.createUser("admin");
    member.createUser("admin");
    custodian = as(assume(custody.createAccessKey("operator"), CUSTODIAN));
  }

  @AfterEach
  void stop() {
    custodian.close();
    aws.close();
  }

  private AccessKey assume(AccessKey user, String roleArn) {
    try (StsClient sts = EmulatorClients.sts(aws, user)) {
      var c = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("test")).credentials();
      return new AccessKey(
          c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration(), null);
    }
  }

  private SecretsManagerClient as(AccessKey key) {
    return EmulatorClients.secretsManager(aws, key);
  }

  /** A seed secret as the operator keeps it: created empty, its policy, then its value. */
  private String seedSecret(String kmsKeyId) {
    String arn =
        custodian
            .createSecret(
                b -> {
                  b.name("rootmfa/" + MEMBER + "/root");
                  if (kmsKeyId != null) {
                    b.kmsKeyId(kmsKeyId);
                  }
                })
            .arn();
    custodian.putResourcePolicy(
        b ->
            b.secretId(arn)
                .resourcePolicy(SeedSecretPolicy.document(CUSTODIAN, READER))
                .blockPublicPolicy(true));
    custodian.putSecretValue(b -> b.secretId(arn).clientRequestToken(TOKEN).secretString("seed"));
    return arn;
  }

  private static void assertDenied(Runnable call, String code, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            SecretsManagerException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
              assertThat(e.awsErrorDetails().errorMessage()).contains(message);
            });
  }

  @Test
  void aSecretCreatedWithoutAValueHasNoVersionAndNoCurrentValue() {
    String arn = custodian.createSecret(b -> b.name("rootmfa/empty")).arn();

    assertThat(custodian.describeSecret(b -> b.secretId(arn)).versionIdsToStages()).isEmpty();
    assertDenied(
        () -> custodian.getSecretValue(b -> b.secretId(arn)),
        "ResourceNotFoundException",
        "can't find the specified secret value for staging label: AWSCURRENT");
    custodian.putSecretValue(b -> b.secretId(arn).clientRequestToken(TOKEN).secretString("v"));
    assertThat(custodian.getSecretValue(b -> b.secretId(arn)).versionId()).isEqualTo(TOKEN);
  }

  @Test
  void aResourcePolicyIsPutReadBackAndDeleted() {
    String arn = custodian.createSecret(b -> b.name("rootmfa/policy")).arn();
    String policy = SeedSecretPolicy.document(CUSTODIAN, READER);

    custodian.putResourcePolicy(
        b -> b.secretId(arn).resourcePolicy(policy).blockPublicPolicy(true));
    assertThat(custodian.getResourcePolicy(b -> b.secretId(arn)).resourcePolicy())
        .isEqualTo(policy);

    try (SecretsManagerClient admin = as(custody.createAccessKey("admin"))) {
      // The policy itself denies changing it to everyone but the custodian.
      assertDenied(
          () -> admin.deleteResourcePolicy(b -> b.secretId(arn)),
          "AccessDeniedException",
          "explicit deny in a resource-based policy");
    }
    custodian.deleteResourcePolicy(b -> b.secretId(arn));
    assertThat(custodian.getResourcePolicy(b -> b.secretId(arn)).resourcePolicy()).isNull();
  }

  @Test
  void blockPublicPolicyRefusesAnAllowForEveryone() {
    String arn = custodian.createSecret(b -> b.name("rootmfa/public")).arn();
    String everyone =
        """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
          "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}""";

    assertDenied(
        () ->
            custodian.putResourcePolicy(
                b -> b.secretId(arn).resourcePolicy(everyone).blockPublicPolicy(true)),
        "PublicPolicyException",
        "BlockPublicPolicy");
    custodian.putResourcePolicy(b -> b.secretId(arn).resourcePolicy(everyone));
    assertThat(custodian.getResourcePolicy(b -> b.secretId(arn)).resourcePolicy())
        .isEqualTo(everyone);
  }

  @Test
  void aPolicyTheEmulatorCannotEvaluateIsRefused() {
    String arn = custodian.createSecret(b -> b.name("rootmfa/malformed")).arn();
    assertDenied(
        () ->
            custodian.putResourcePolicy(
                b ->
                    b.secretId(arn)
                        .resourcePolicy(
                            """
                            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                              "NotPrincipal": {"AWS": "%s"}, "Action": "*", "Resource": "*"}]}"""
                                .formatted(READER))),
        "MalformedPolicyDocumentException",
        "does not evaluate");
  }

  @Test
  void theMemberAccountsAdministratorIsDeniedItsOwnRootSeed() {
    String arn = seedSecret("alias/rootmfa-seed");

    try (SecretsManagerClient memberAdmin = as(member.createAccessKey("admin"))) {
      assertDenied(
          () -> memberAdmin.getSecretValue(b -> b.secretId(arn)),
          "AccessDeniedException",
          "explicit deny in a resource-based policy");
    }
  }

  @Test
  void theCustodyAccountsOwnAdministratorIsDeniedTooAndCannotDeleteOrRewriteTheSeed() {
    String arn = seedSecret("alias/rootmfa-seed");

    try (SecretsManagerClient admin = as(custody.createAccessKey("admin"))) {
      assertDenied(
          () -> admin.getSecretValue(b -> b.secretId(arn)),
          "AccessDeniedException",
          "explicit deny");
      assertDenied(
          () ->
              admin.putSecretValue(
                  b ->
                      b.secretId(arn)
                          .clientRequestToken(TOKEN.replace('1', '2'))
                          .secretString("x")),
          "AccessDeniedException",
          "explicit deny");
      assertDenied(
          () -> admin.putResourcePolicy(b -> b.secretId(arn).resourcePolicy("{}")),
          "AccessDeniedException",
          "explicit deny");
    }
    assertDenied(
        () -> custodian.deleteSecret(b -> b.secretId(arn)),
        "AccessDeniedException",
        "explicit deny");
  }

  @Test
  void theBreakGlassReaderReadsTheSeed() {
    String arn = seedSecret("alias/rootmfa-seed");

    try (SecretsManagerClient reader = as(assume(custody.createAccessKey("security"), READER))) {
      assertThat(reader.getSecretValue(b -> b.secretId(arn)).secretString()).isEqualTo("seed");
    }
  }

  @Test
  void theKeyPolicyDecidesWhoDecryptsEvenWithoutAResourcePolicy() {
    String arn =
        custodian
            .createSecret(
                b ->
                    b.name("rootmfa/no-policy")
                        .kmsKeyId("alias/rootmfa-seed")
                        .clientRequestToken(TOKEN)
                        .secretString("seed"))
            .arn();

    try (SecretsManagerClient admin = as(custody.createAccessKey("admin"))) {
      // Same account, no resource policy: Secrets Manager allows the call, KMS refuses the key.
      assertDenied(
          () -> admin.getSecretValue(b -> b.secretId(arn)),
          "AccessDeniedException",
          "Access to KMS is not allowed");
    }
    assertThat(custodian.getSecretValue(b -> b.secretId(arn)).secretString()).isEqualTo("seed");
  }

  @Test
  void anotherAccountNeedsAnAllowInTheResourcePolicyAndCannotUseTheAwsManagedKey() {
    String withKey =
        custodian
            .createSecret(
                b ->
                    b.name("rootmfa/cross")
                        .kmsKeyId("alias/rootmfa-seed")
                        .clientRequestToken(TOKEN)
                        .secretString("seed"))
            .arn();
    String withDefaultKey =
        custodian
            .createSecret(
                b -> b.name("rootmfa/cross-default").clientRequestToken(TOKEN).secretString("s"))
            .arn();
    String allowMember =
        """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::%s:root"},
          "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}"""
            .formatted(MEMBER);

    try (SecretsManagerClient memberAdmin = as(member.createAccessKey("admin"))) {
      assertDenied(
          () -> memberAdmin.getSecretValue(b -> b.secretId(withKey)),
          "AccessDeniedException",
          "no resource-based policy allows");
      custodian.putResourcePolicy(b -> b.secretId(withKey).resourcePolicy(allowMember));
      // Allowed by the resource policy, refused by the key policy (which names no member
      // principal).
      assertDenied(
          () -> memberAdmin.getSecretValue(b -> b.secretId(withKey)),
          "AccessDeniedException",
          "Access to KMS is not allowed");
      custodian.putResourcePolicy(b -> b.secretId(withDefaultKey).resourcePolicy(allowMember));
      assertDenied(
          () -> memberAdmin.getSecretValue(b -> b.secretId(withDefaultKey)),
          "InvalidRequestException",
          "default KMS service key");
    }
  }
}
