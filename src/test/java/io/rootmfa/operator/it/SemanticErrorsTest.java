package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.RootApiMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What admission cannot know (docs/design.md §2): a missing Secret or key, a role that cannot be
 * assumed, an IAM user that does not exist, a KMS key AWS refuses. Each becomes Ready=False with
 * InvalidSpec or AccessDenied, a message that names the problem and an Event; fixing the spec or
 * the Secret recovers without restarting the operator.
 */
@Integration
class SemanticErrorsTest {
  private static final String HUB = "400000000000";
  private static final String HUB_ROOT = "arn:aws:iam::" + HUB + ":root";
  private static AwsEmulator aws;
  private static OperatorRig rig;

  @BeforeAll
  static void start() {
    aws = AwsEmulator.builder().rootApiMode(RootApiMode.ALLOWED).start();
    rig =
        OperatorRig.builder()
            .emulator(aws)
            .namespacePrefix("semantic")
            .operatorUser(aws.createAccount(HUB))
            .start();
  }

  @AfterAll
  static void stop() {
    rig.close();
    aws.close();
  }

  private static EmulatedAccount account(String id) {
    EmulatedAccount account = aws.createAccount(id);
    account.createUser("enroller");
    return account;
  }

  private static RootMfaPolicy awaitReason(String name, String reason) {
    Awaitility.await(name + " Ready reason " + reason)
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Conditions.readyReason(rig.get(name)).equals(Optional.of(reason)));
    return rig.get(name);
  }

  private static String readyMessage(RootMfaPolicy p) {
    return Conditions.of(p, "Ready").orElseThrow().getMessage();
  }

  private static void assertWarningEvent(String reason, String messagePart) {
    List<Event> events = rig.admin().v1().events().inNamespace(rig.namespace).list().getItems();
    assertThat(events)
        .anyMatch(
            e ->
                e.getType().equals("Warning")
                    && e.getReason().equals(reason)
                    && e.getMessage().contains(messagePart));
  }

  @Test
  void aMissingSecretIsInvalidSpecUntilItIsCreated() {
    EmulatedAccount account = account("400000000001");
    rig.apply(
        Policies.enforce(
            "missing-secret", "400000000001", Policies.ROOT, "absent-keys", Policies.OPEN));
    RootMfaPolicy p = awaitReason("missing-secret", "InvalidSpec");
    assertThat(readyMessage(p))
        .contains("Secret " + rig.namespace + "/absent-keys")
        .contains("does not exist");
    assertThat(Conditions.status(p, "Stalled")).isEqualTo("True");
    assertWarningEvent("InvalidSpec", "absent-keys");

    rig.keysSecret("absent-keys", account.createAccessKey("enroller"));
    awaitReason("missing-secret", "Compliant");
  }

  @Test
  void aSecretWithoutTheSecretKeyIsInvalidSpecUntilItIsCompleted() {
    EmulatedAccount account = account("400000000002");
    AccessKey key = account.createAccessKey("enroller");
    rig.admin()
        .secrets()
        .inNamespace(rig.namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("half-keys")
                .endMetadata()
                .withStringData(Map.of("accessKeyId", key.accessKeyId()))
                .build())
        .serverSideApply();
    rig.apply(
        Policies.enforce("missing-key", "400000000002", Policies.ROOT, "half-keys", Policies.OPEN));
    RootMfaPolicy p = awaitReason("missing-key", "InvalidSpec");
    assertThat(readyMessage(p)).contains("has no key 'secretAccessKey'");
    assertWarningEvent("InvalidSpec", "secretAccessKey");

    rig.keysSecret("half-keys", key);
    awaitReason("missing-key", "Compliant");
  }

  @Test
  void aRoleThatCannotBeAssumedIsReportedUntilTheExternalIdIsFixed() {
    EmulatedAccount account = aws.createAccount("400000000003");
    // The role's trust names another binding's external id, until the platform team fixes it.
    account.createRole(
        "rootmfa-enroller", "rootmfa:another-binding:" + rig.namespace, Set.of(HUB_ROOT));
    String yaml =
        Policies.enforce("role", "400000000003", Policies.ROOT, "unused", Policies.OPEN)
            .replace(
                "credentials: {secretRef: {name: unused}}",
                "credentials: {assumeRole: {roleArn: "
                    + "\"arn:aws:iam::400000000003:role/rootmfa-enroller\"}}");
    rig.apply(yaml);
    RootMfaPolicy p = awaitReason("role", "AccessDenied");
    assertThat(readyMessage(p)).contains("sts:AssumeRole").contains("rootmfa-enroller");
    assertWarningEvent("AccessDenied", "sts:AssumeRole");
    assertThat(account.devices()).isEmpty();

    account.deleteRole("rootmfa-enroller");
    account.createRole("rootmfa-enroller", rig.externalId(), Set.of(HUB_ROOT));
    awaitReason("role", "Compliant");
  }

  @Test
  void anIamUserThatDoesNotExistIsInvalidSpecUntilTheSpecNamesOneThatDoes() {
    EmulatedAccount account = account("400000000004");
    rig.keysSecret("keys-4", account.createAccessKey("enroller"));
    account.createUser("breakglass");
    String yaml =
        Policies.enforce(
            "ghost", "400000000004", Policies.iamUser("USER"), "keys-4", Policies.OPEN);
    rig.apply(yaml.replace("USER", "no-such-user"));
    RootMfaPolicy p = awaitReason("ghost", "InvalidSpec");
    assertThat(readyMessage(p)).contains("IAM user no-such-user does not exist");
    assertWarningEvent("InvalidSpec", "no-such-user");
    assertThat(account.devices()).isEmpty();

    rig.apply(yaml.replace("USER", "breakglass"));
    awaitReason("ghost", "Compliant");
    assertThat(account.devicesAssignedTo("iamUser/breakglass")).hasSize(1);
  }

  @Test
  void aRefusedKmsKeyIsAccessDeniedAndNothingIsEnabledUntilTheSpecNamesAUsableKey() {
    EmulatedAccount account = account("400000000005");
    rig.keysSecret("keys-5", account.createAccessKey("enroller"));
    aws.refuseKmsKey("alias/refused");
    String yaml =
        Policies.enforce("kms", "400000000005", Policies.ROOT, "keys-5", Policies.OPEN)
            .replace(
                "secretName: \"rootmfa/400000000005/kms\"}",
                "secretName: \"rootmfa/400000000005/kms\", " + "kmsKeyId: KEY}");
    rig.apply(yaml.replace("KEY", "alias/refused"));
    RootMfaPolicy p = awaitReason("kms", "AccessDenied");
    assertThat(readyMessage(p)).contains("KMS");
    assertWarningEvent("AccessDenied", "KMS");
    assertThat(account.rootMfaEnabled()).isFalse();

    rig.apply(yaml.replace("KEY", "alias/usable"));
    awaitReason("kms", "Compliant");
    assertThat(account.secret("us-east-1", "rootmfa/400000000005/kms").orElseThrow().kmsKeyId())
        .isEqualTo("alias/usable");
    assertThat(aws.invariants().account("400000000005").orElseThrow().unassignedRootmfaDevices())
        .isZero();
  }
}
