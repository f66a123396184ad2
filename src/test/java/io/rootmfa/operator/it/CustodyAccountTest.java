package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.aws.SeedSecretPolicy;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.CallRecord;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.EmulatorClients;
import io.rootmfa.operator.emulator.Secret;
import io.rootmfa.operator.workflow.CustodyAccount;
import io.rootmfa.operator.workflow.CustodyPlacement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Seeds in a custody account (issue 13), on the real API server and the emulator: the operator
 * reaches the custody account the platform configured through its role there, creates each seed
 * secret without a value, attaches the resource policy (BlockPublicPolicy), and only then writes
 * the seed; the emulator's policy evaluation then denies the member account's administrator (and
 * the custody account's) and lets the break-glass reader read it. A custody account the operator is
 * not configured for, or one that requires a customer-managed key when none is named, is refused
 * with no AWS call.
 */
@Integration
class CustodyAccountTest {
  private static final String TOOLING = "111100000001";
  private static final String CUSTODY = "777700000001";
  private static final String STRICT_CUSTODY = "777700000002";
  private static final String CUSTODIAN = "arn:aws:iam::" + CUSTODY + ":role/RootMfaSeedCustodian";
  private static final String READER = "arn:aws:iam::" + CUSTODY + ":role/RootMfaBreakGlass";
  static AwsEmulator aws;
  static OperatorRig rig;
  static EmulatedAccount custody;
  static int members;

  @BeforeAll
  static void start() {
    aws = AwsEmulator.builder().start();
    EmulatedAccount tooling = aws.createAccount(TOOLING);
    tooling.createUser("rootmfa-operator");
    AccessKey operatorKey = tooling.createAccessKey("rootmfa-operator");
    CustodyAccount custodian =
        EmulatorFixtures.custodyAccount(
            aws,
            CUSTODY,
            "arn:aws:iam::" + TOOLING + ":user/rootmfa-operator",
            Optional.of("custody-ext"));
    custody = aws.account(CUSTODY);
    custody.createUser("admin");
    aws.createAccount(STRICT_CUSTODY);
    CustodyPlacement.Accounts configured =
        new CustodyPlacement.Accounts(
            Map.of(
                CUSTODY,
                custodian,
                STRICT_CUSTODY,
                new CustodyAccount(
                    STRICT_CUSTODY,
                    "arn:aws:iam::" + STRICT_CUSTODY + ":role/RootMfaSeedCustodian",
                    Optional.empty(),
                    "arn:aws:iam::" + STRICT_CUSTODY + ":role/RootMfaBreakGlass",
                    Optional.empty(),
                    true,
                    List.of())),
            Optional.empty());
    rig =
        OperatorRig.builder()
            .emulator(aws)
            .namespacePrefix("custody-account")
            .operatorIdentity(operatorKey.credentialsProvider())
            .custodyAccounts(configured)
            .start();
  }

  @AfterAll
  static void stop() {
    rig.close();
    aws.close();
  }

  /** A member account with the break-glass user, an administrator and the enroller's keys. */
  private static EmulatedAccount member(String keys) {
    EmulatedAccount m = aws.createAccount(String.valueOf(400_000_000_001L + members++));
    m.createUser("breakglass");
    m.createUser("admin");
    m.createUser("enroller");
    rig.keysSecret(keys, m.createAccessKey("enroller"));
    return m;
  }

  private static String enforce(String name, EmulatedAccount m, String keys, String custodyId) {
    return Policies.enforce(
            name, m.accountId(), Policies.iamUser("breakglass"), keys, Policies.OPEN)
        .replace(
            "secretsManager: {secretName:",
            "secretsManager: {custodyAccount: \"" + custodyId + "\", secretName:");
  }

  private static List<CallRecord> callsIn(String accountId) {
    return aws.calls().matching(c -> accountId.equals(c.accountId()));
  }

  private static SecretsManagerClient as(AccessKey key) {
    return EmulatorClients.secretsManager(aws, key);
  }

  private static AccessKey assume(AccessKey user, String roleArn) {
    try (StsClient sts = EmulatorClients.sts(aws, user)) {
      var c = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("break-glass")).credentials();
      return new AccessKey(
          c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration(), null);
    }
  }

  private static void assertDenied(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            SecretsManagerException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
              assertThat(e.awsErrorDetails().errorMessage()).contains(message);
            });
  }

  @Test
  void rootByConsoleWhoseSeedBelongsInTheCustodyAccountIsStalledAndNothingIsWritten() {
    EmulatedAccount m = member("keys-console");
    rig.apply(
        Policies.enforce(
                "console", m.accountId(), Policies.ROOT_CONSOLE, "keys-console", Policies.OPEN)
            .replace(
                "secretsManager: {secretName:",
                "secretsManager: {custodyAccount: \"" + CUSTODY + "\", secretName:"));
    RootMfaPolicy p = rig.awaitReason("console", "ConsoleCustodyUnsupported");

    assertThat(Conditions.status(p, "Stalled")).isEqualTo("True");
    assertThat(Conditions.of(p, "Ready").orElseThrow().getMessage())
        .contains("custody account " + CUSTODY);
    assertThat(callsIn(m.accountId())).noneMatch(CallRecord::isWrite);
    assertThat(callsIn(CUSTODY)).noneMatch(CallRecord::isWrite);
    assertThat(custody.secret("us-east-1", "rootmfa/" + m.accountId() + "/console")).isEmpty();
  }

  @Test
  void theSeedLivesInTheCustodyAccountWithItsResourcePolicyFromItsFirstVersion() {
    EmulatedAccount m = member("keys-first");
    rig.apply(enforce("first", m, "keys-first", CUSTODY));
    RootMfaPolicy p = rig.awaitReason("first", "Compliant");

    String name = "rootmfa/" + m.accountId() + "/first";
    assertThat(m.secret("us-east-1", name)).as("nothing in the member account").isEmpty();
    Secret secret = custody.secret("us-east-1", name).orElseThrow();
    assertThat(p.getStatus().getSeed().getSecretArn()).isEqualTo(secret.arn());
    assertThat(secret.kmsKeyId()).isEqualTo("alias/rootmfa-seed");
    assertThat(secret.resourcePolicy()).contains(SeedSecretPolicy.document(CUSTODIAN, READER));

    // Every write to the custody account, by the custodian role: the secret is created, given its
    // policy, and only then its value, which is its first and only version.
    List<CallRecord> writes =
        callsIn(CUSTODY).stream()
            .filter(CallRecord::isWrite)
            .filter(
                c ->
                    name.equals(c.param("Name"))
                        || (c.param("SecretId") != null && c.param("SecretId").startsWith(name)))
            .toList();
    assertThat(writes)
        .extracting(CallRecord::operation)
        .containsExactly("CreateSecret", "PutResourcePolicy", "PutSecretValue");
    assertThat(writes)
        .allMatch(c -> c.principalArn().contains(":assumed-role/RootMfaSeedCustodian/"));
    assertThat(secret.hadResourcePolicyAtFirstVersion()).contains(true);
    assertThat(secret.versions()).hasSize(1);
    assertThat(secret.versions().get(0).versionId())
        .isEqualTo(writes.get(2).param("ClientRequestToken"));

    // GetResourcePolicy, as the custody account's administrator may call it, returns that policy.
    try (SecretsManagerClient admin = as(custody.createAccessKey("admin"))) {
      assertThat(admin.getResourcePolicy(b -> b.secretId(secret.arn())).resourcePolicy())
          .isEqualTo(SeedSecretPolicy.document(CUSTODIAN, READER));
    }
  }

  @Test
  void theMemberAccountsAdministratorIsDeniedItsRootSeedAndTheBreakGlassReaderIsNot() {
    EmulatedAccount m = member("keys-read");
    rig.apply(enforce("read", m, "keys-read", CUSTODY));
    String arn = rig.awaitReason("read", "Compliant").getStatus().getSeed().getSecretArn();

    try (SecretsManagerClient memberAdmin = as(m.createAccessKey("admin"))) {
      assertDenied(
          () -> memberAdmin.getSecretValue(b -> b.secretId(arn)),
          "explicit deny in a resource-based policy");
    }
    try (SecretsManagerClient custodyAdmin = as(custody.createAccessKey("admin"))) {
      assertDenied(() -> custodyAdmin.getSecretValue(b -> b.secretId(arn)), "explicit deny");
    }
    try (SecretsManagerClient reader = as(assume(custody.createAccessKey("security"), READER))) {
      String document = reader.getSecretValue(b -> b.secretId(arn)).secretString();
      assertThat(document).contains("\"target\"").contains(m.accountId());
    }
  }

  @Test
  void aCustodyAccountThatRequiresACustomerManagedKeyWithoutOneIsRefusedWithNoCall() {
    EmulatedAccount m = member("keys-keyless");
    int before = aws.calls().all().size();
    rig.apply(enforce("keyless", m, "keys-keyless", STRICT_CUSTODY));
    RootMfaPolicy p = rig.awaitReason("keyless", "CustomerManagedKeyRequired");

    assertThat(Conditions.status(p, "Stalled")).isEqualTo("True");
    assertThat(Conditions.of(p, "Ready").orElseThrow().getMessage())
        .contains("customer-managed KMS key");
    assertThat(callsIn(m.accountId())).isEmpty();
    assertThat(callsIn(STRICT_CUSTODY)).isEmpty();
    assertThat(aws.calls().all().subList(before, aws.calls().all().size()))
        .noneMatch(
            c ->
                c.operation().equals("AssumeRole")
                    && c.param("RoleArn") != null
                    && c.param("RoleArn").contains(STRICT_CUSTODY));
  }

  @Test
  void aCustodyAccountTheOperatorIsNotConfiguredForIsRefusedWithNoCall() {
    EmulatedAccount m = member("keys-unknown");
    rig.apply(enforce("unknown", m, "keys-unknown", "123456789012"));
    RootMfaPolicy p = rig.awaitReason("unknown", "CustodyAccountNotConfigured");

    assertThat(Conditions.status(p, "Stalled")).isEqualTo("True");
    assertThat(Conditions.of(p, "Ready").orElseThrow().getMessage())
        .contains("123456789012")
        .contains(CUSTODY);
    assertThat(callsIn(m.accountId())).isEmpty();
    assertThat(aws.calls().matching(c -> "123456789012".equals(c.accountId()))).isEmpty();
  }

  @Test
  void aSecretLeftWithoutAValueByAnInterruptedWriteIsContinued() {
    EmulatedAccount m = member("keys-resume");
    String name = "rootmfa/" + m.accountId() + "/resume";
    // What a crash between CreateSecret and PutResourcePolicy leaves: the operator's tags, no
    // policy, no value.
    try (SecretsManagerClient custodyAdmin = as(custody.createAccessKey("admin"))) {
      custodyAdmin.createSecret(
          b ->
              b.name(name)
                  .kmsKeyId("alias/rootmfa-seed")
                  .tags(
                      t -> t.key("rootmfa.io/managed-by").value("rootmfa-operator"),
                      t -> t.key("rootmfa.io/account").value(m.accountId()),
                      t -> t.key("rootmfa.io/target").value("iamUser/breakglass")));
    }
    rig.apply(enforce("resume", m, "keys-resume", CUSTODY));
    rig.awaitReason("resume", "Compliant");

    Secret secret = custody.secret("us-east-1", name).orElseThrow();
    assertThat(secret.resourcePolicy()).contains(SeedSecretPolicy.document(CUSTODIAN, READER));
    assertThat(secret.hadResourcePolicyAtFirstVersion()).contains(true);
    assertThat(secret.versions()).hasSize(1);
  }

  @Test
  void aSecretWithoutAValueThatTheOperatorDidNotCreateIsLeftAlone() {
    EmulatedAccount m = member("keys-squat");
    String name = "rootmfa/" + m.accountId() + "/squat";
    try (SecretsManagerClient custodyAdmin = as(custody.createAccessKey("admin"))) {
      custodyAdmin.createSecret(b -> b.name(name));
    }
    rig.apply(enforce("squat", m, "keys-squat", CUSTODY));
    rig.awaitReason("squat", "SeedSecretInUse");

    Secret secret = custody.secret("us-east-1", name).orElseThrow();
    assertThat(secret.versions()).isEmpty();
    assertThat(secret.resourcePolicy()).isEmpty();
    assertThat(m.devices()).isEmpty();
  }
}
