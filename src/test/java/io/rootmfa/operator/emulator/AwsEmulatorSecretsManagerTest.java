package io.rootmfa.operator.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ReplicaRegionType;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

class AwsEmulatorSecretsManagerTest {

  private static final String ACCOUNT = "111122223333";
  private static final String TOKEN_1 = "11111111-1111-4111-8111-111111111111";
  private static final String TOKEN_2 = "22222222-2222-4222-8222-222222222222";

  private final AtomicLong frozenTicker = new AtomicLong();
  private AwsEmulator aws;
  private EmulatedAccount account;
  private AccessKey key;
  private SecretsManagerClient sm;

  @BeforeEach
  void start() {
    aws = AwsEmulator.builder().quotaTicker(frozenTicker::get).start();
    account = aws.createAccount(ACCOUNT);
    account.createUser("operator");
    key = account.createAccessKey("operator");
    sm = EmulatorClients.secretsManager(aws, key);
  }

  @AfterEach
  void stop() {
    sm.close();
    aws.close();
  }

  private CreateSecretResponse create(String name, String token, String value) {
    return sm.createSecret(b -> b.name(name).clientRequestToken(token).secretString(value));
  }

  private Secret stored(String name) {
    return account.secret("us-east-1", name).orElseThrow();
  }

  private static void assertError(Runnable call, String code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            SecretsManagerException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code));
  }

  @Test
  void createSecretReturnsAnArnWithASixCharacterSuffixAndTheTokenAsVersionId() {
    CreateSecretResponse response = create("rootmfa/111122223333/root", TOKEN_1, "v1");

    assertThat(response.arn())
        .matches(
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:rootmfa/111122223333/root-[A-Za-z0-9]{6}");
    assertThat(response.versionId()).isEqualTo(TOKEN_1);
    assertThat(
            stored("rootmfa/111122223333/root")
                .versionWithStage("AWSCURRENT")
                .orElseThrow()
                .versionId())
        .isEqualTo(TOKEN_1);
  }

  @Test
  void createSecretWithATakenNameAndANewTokenFailsWithResourceExists() {
    create("s", TOKEN_1, "v1");

    assertError(() -> create("s", TOKEN_2, "v1"), "ResourceExistsException");
  }

  @Test
  void createSecretRetriedWithTheSameTokenAndValueSucceedsWithoutANewVersion() {
    String arn = create("s", TOKEN_1, "v1").arn();

    CreateSecretResponse retry = create("s", TOKEN_1, "v1");

    assertThat(retry.arn()).isEqualTo(arn);
    assertThat(stored("s").versions()).hasSize(1);
  }

  @Test
  void putSecretValueWithTheSameTokenAndValueSucceedsWithoutANewVersion() {
    create("s", TOKEN_1, "v1");
    sm.putSecretValue(b -> b.secretId("s").clientRequestToken(TOKEN_2).secretString("v2"));

    PutSecretValueResponse again =
        sm.putSecretValue(b -> b.secretId("s").clientRequestToken(TOKEN_2).secretString("v2"));

    assertThat(again.versionId()).isEqualTo(TOKEN_2);
    assertThat(again.versionStages()).containsExactly("AWSCURRENT");
    assertThat(stored("s").versions()).hasSize(2);
  }

  @Test
  void putSecretValueWithTheSameTokenAndADifferentValueFailsWithResourceExists() {
    create("s", TOKEN_1, "v1");

    assertError(
        () ->
            sm.putSecretValue(
                b -> b.secretId("s").clientRequestToken(TOKEN_1).secretString("other")),
        "ResourceExistsException");
    assertThat(stored("s").versions())
        .singleElement()
        .satisfies(v -> assertThat(v.secretStringForAssertions()).isEqualTo("v1"));
  }

  @Test
  void putSecretValueMovesAwsCurrentAndMarksThePreviousVersionAwsPrevious() {
    create("s", TOKEN_1, "v1");

    sm.putSecretValue(b -> b.secretId("s").clientRequestToken(TOKEN_2).secretString("v2"));

    assertThat(sm.getSecretValue(b -> b.secretId("s")).secretString()).isEqualTo("v2");
    assertThat(sm.getSecretValue(b -> b.secretId("s").versionStage("AWSPREVIOUS")).secretString())
        .isEqualTo("v1");
    assertThat(sm.getSecretValue(b -> b.secretId("s").versionId(TOKEN_1)).versionStages())
        .containsExactly("AWSPREVIOUS");
  }

  @Test
  void getSecretValueAcceptsAFullOrPartialArn() {
    String arn = create("s", TOKEN_1, "v1").arn();

    assertThat(sm.getSecretValue(b -> b.secretId(arn)).secretString()).isEqualTo("v1");
    assertThat(
            sm.getSecretValue(b -> b.secretId(arn.substring(0, arn.length() - 7))).secretString())
        .isEqualTo("v1");
  }

  @Test
  void unknownSecretFailsWithResourceNotFound() {
    assertError(() -> sm.getSecretValue(b -> b.secretId("missing")), "ResourceNotFoundException");
    assertError(() -> sm.describeSecret(b -> b.secretId("missing")), "ResourceNotFoundException");
  }

  @Test
  void describeSecretShowsKmsKeyTagsStagesAndReplication() {
    sm.createSecret(
        b ->
            b.name("s")
                .clientRequestToken(TOKEN_1)
                .secretString("v1")
                .kmsKeyId("alias/rootmfa")
                .description("seed")
                .tags(Tag.builder().key("owner").value("platform").build())
                .addReplicaRegions(
                    ReplicaRegionType.builder()
                        .region("eu-west-1")
                        .kmsKeyId("alias/rootmfa-eu")
                        .build()));

    DescribeSecretResponse d = sm.describeSecret(b -> b.secretId("s"));

    assertThat(d.kmsKeyId()).isEqualTo("alias/rootmfa");
    assertThat(d.tags()).containsExactly(Tag.builder().key("owner").value("platform").build());
    assertThat(d.versionIdsToStages()).containsExactly(Map.entry(TOKEN_1, List.of("AWSCURRENT")));
    assertThat(d.replicationStatus())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.region()).isEqualTo("eu-west-1");
              assertThat(r.kmsKeyId()).isEqualTo("alias/rootmfa-eu");
              assertThat(r.statusAsString()).isEqualTo("InSync");
            });
    assertThat(d.createdDate()).isNotNull();
    assertThat(d.deletedDate()).isNull();
  }

  @Test
  void aReplicationMadeToFailIsReportedFailedWithItsMessageAndTheOtherRegionsAreInSync() {
    aws.failReplication("eu-west-1", "Access to KMS is not allowed in eu-west-1");
    sm.createSecret(
        b ->
            b.name("s")
                .clientRequestToken(TOKEN_1)
                .secretString("v1")
                .addReplicaRegions(
                    ReplicaRegionType.builder().region("eu-west-1").build(),
                    ReplicaRegionType.builder().region("us-west-2").build()));

    DescribeSecretResponse d = sm.describeSecret(b -> b.secretId("s"));

    assertThat(d.replicationStatus())
        .extracting(r -> r.region() + " " + r.statusAsString() + " " + r.statusMessage())
        .containsExactly(
            "eu-west-1 Failed Access to KMS is not allowed in eu-west-1",
            "us-west-2 InSync Replication succeeded");
    assertThat(sm.getSecretValue(b -> b.secretId("s")).secretString()).isEqualTo("v1");
  }

  @Test
  void aReplicaIsReadableInItsRegionButNotWritable() {
    sm.createSecret(
        b ->
            b.name("s")
                .clientRequestToken(TOKEN_1)
                .secretString("v1")
                .addReplicaRegions(ReplicaRegionType.builder().region("eu-west-1").build()));

    try (SecretsManagerClient eu =
        EmulatorClients.secretsManager(aws.endpoint(), key, Region.EU_WEST_1, c -> {})) {
      assertThat(eu.getSecretValue(b -> b.secretId("s")).arn())
          .startsWith("arn:aws:secretsmanager:eu-west-1:");
      assertError(
          () ->
              eu.putSecretValue(
                  b -> b.secretId("s").clientRequestToken(TOKEN_2).secretString("v2")),
          "InvalidRequestException");
    }
  }

  @Test
  void secretsAreSeparatedByRegion() {
    create("s", TOKEN_1, "v1");

    try (SecretsManagerClient eu =
        EmulatorClients.secretsManager(aws.endpoint(), key, Region.EU_WEST_1, c -> {})) {
      assertError(() -> eu.getSecretValue(b -> b.secretId("s")), "ResourceNotFoundException");
      eu.createSecret(b -> b.name("s").clientRequestToken(TOKEN_2).secretString("eu"));
    }
    assertThat(account.secrets())
        .extracting(Secret::primaryRegion)
        .containsExactly("eu-west-1", "us-east-1");
  }

  @Test
  void listSecretsFiltersByNamePrefix() {
    create("rootmfa/a", TOKEN_1, "v");
    create("rootmfa/b", TOKEN_1, "v");
    create("other", TOKEN_1, "v");

    List<SecretListEntry> list =
        sm.listSecrets(
                b ->
                    b.filters(
                        Filter.builder().key(FilterNameStringType.NAME).values("rootmfa/").build()))
            .secretList();

    assertThat(list).extracting(SecretListEntry::name).containsExactly("rootmfa/a", "rootmfa/b");
  }

  @Test
  void tagResourceAddsTags() {
    create("s", TOKEN_1, "v1");

    sm.tagResource(
        b -> b.secretId("s").tags(Tag.builder().key("rootmfa.io/state").value("active").build()));

    assertThat(stored("s").tags()).containsEntry("rootmfa.io/state", "active");
  }

  @Test
  void aSecretScheduledForDeletionRefusesReadsWritesAndRecreation() {
    create("s", TOKEN_1, "v1");

    sm.deleteSecret(b -> b.secretId("s").recoveryWindowInDays(7L));

    assertError(() -> sm.getSecretValue(b -> b.secretId("s")), "InvalidRequestException");
    assertError(
        () ->
            sm.putSecretValue(b -> b.secretId("s").clientRequestToken(TOKEN_2).secretString("v2")),
        "InvalidRequestException");
    assertError(() -> create("s", TOKEN_2, "v2"), "InvalidRequestException");
    assertThat(sm.describeSecret(b -> b.secretId("s")).deletedDate()).isNotNull();
    assertThat(sm.listSecrets().secretList()).isEmpty();
  }

  @Test
  void forceDeleteWithoutRecoveryRemovesTheSecretAtOnce() {
    create("s", TOKEN_1, "v1");

    sm.deleteSecret(b -> b.secretId("s").forceDeleteWithoutRecovery(true));

    assertError(() -> sm.describeSecret(b -> b.secretId("s")), "ResourceNotFoundException");
    create("s", TOKEN_2, "again");
  }

  @Test
  void aSecretIsPurgedWhenItsRecoveryWindowEndsOnTheEmulatorClock() {
    create("s", TOKEN_1, "v1");
    sm.deleteSecret(b -> b.secretId("s").recoveryWindowInDays(7L));

    aws.setClockOffset(Duration.ofDays(8));

    assertError(() -> sm.describeSecret(b -> b.secretId("s")), "ResourceNotFoundException");
  }

  @Test
  void aRefusedKmsKeyFailsTheWriteWithAccessDeniedException() {
    aws.refuseKmsKey("alias/locked");

    assertThatThrownBy(
            () ->
                sm.createSecret(
                    b ->
                        b.name("s")
                            .clientRequestToken(TOKEN_1)
                            .secretString("v")
                            .kmsKeyId("alias/locked")))
        .isInstanceOfSatisfying(
            SecretsManagerException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
              assertThat(e.awsErrorDetails().errorMessage()).contains("KMS");
            });
    assertThat(account.secrets()).isEmpty();
  }

  @Test
  void aDeniedActionFailsWithAccessDeniedException() {
    account.deny("secretsmanager:GetSecretValue");
    create("s", TOKEN_1, "v1");

    assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId("s")))
        .isInstanceOfSatisfying(
            SecretsManagerException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .startsWith(
                      "User: arn:aws:iam::"
                          + ACCOUNT
                          + ":user/operator is not authorized to perform: secretsmanager:GetSecretValue");
            });
  }

  @Test
  void unknownAccessKeyFailsWithUnrecognizedClientException() {
    AccessKey stranger = new AccessKey("AKIAUNKNOWN0000000", "x", null, null, null);
    try (SecretsManagerClient client = EmulatorClients.secretsManager(aws, stranger)) {
      assertError(client::listSecrets, "UnrecognizedClientException");
    }
  }

  @Test
  void moreThanFiftyWritesPerSecondFailWithThrottlingExceptionRecognisedByTheSdk() {
    try (SecretsManagerClient noRetry =
        EmulatorClients.secretsManager(
            aws.endpoint(), key, Region.US_EAST_1, c -> c.retryStrategy(r -> r.maxAttempts(1)))) {
      for (int i = 0; i < EmulatedAccount.DEFAULT_SECRETS_MANAGER_WRITES_PER_SECOND; i++) {
        int n = i;
        noRetry.createSecret(b -> b.name("s" + n).clientRequestToken(TOKEN_1).secretString("v"));
      }

      assertThatThrownBy(
              () ->
                  noRetry.createSecret(
                      b -> b.name("s51").clientRequestToken(TOKEN_1).secretString("v")))
          .isInstanceOfSatisfying(
              SecretsManagerException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.isThrottlingException()).isTrue();
              });
      assertThat(noRetry.getSecretValue(b -> b.secretId("s0")).secretString())
          .as("reads are not writes")
          .isEqualTo("v");
      frozenTicker.addAndGet(Duration.ofSeconds(1).toNanos());
      noRetry.createSecret(b -> b.name("s51").clientRequestToken(TOKEN_1).secretString("v"));
    }
    assertThat(aws.calls().count("CreateSecret", "ThrottlingException")).isEqualTo(1);
  }

  @Test
  void theCallLogNeverHoldsSecretValues() {
    create("s", TOKEN_1, "very-secret-value");
    sm.getSecretValue(b -> b.secretId("s"));

    assertThat(aws.calls().all())
        .extracting(CallRecord::operation)
        .containsExactly("CreateSecret", "GetSecretValue");
    assertThat(aws.calls().all().get(0).params())
        .containsEntry("Name", "s")
        .containsEntry("ClientRequestToken", TOKEN_1);
    boolean leaks =
        aws.calls().all().stream().anyMatch(c -> c.toString().contains("very-secret-value"));
    assertThat(leaks).as("call log holds a secret value").isFalse();
  }
}
