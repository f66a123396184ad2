package io.rootmfa.operator.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

class AwsEmulatorFaultsTest {

  private static final String ACCOUNT = "111122223333";
  private static final String TOKEN = "33333333-3333-4333-8333-333333333333";

  private final AtomicLong frozenTicker = new AtomicLong();
  private AwsEmulator aws;
  private EmulatedAccount account;
  private AccessKey rootKey;
  private IamClient iam;

  @BeforeEach
  void start() {
    aws = AwsEmulator.builder().quotaTicker(frozenTicker::get).start();
    account = aws.createAccount(ACCOUNT);
    account.createUser("breakglass");
    rootKey = account.createRootAccessKey();
    iam = EmulatorClients.iam(aws, rootKey);
  }

  @AfterEach
  void stop() {
    iam.close();
    aws.close();
  }

  private IamClient iamWithAttempts(int attempts) {
    return EmulatorClients.iam(aws, rootKey, c -> c.retryStrategy(r -> r.maxAttempts(attempts)));
  }

  private String createDevice() {
    return iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("bg").path("/rootmfa/"))
        .virtualMFADevice()
        .serialNumber();
  }

  private void enable(IamClient client, String serial) {
    String seed = account.device(serial).orElseThrow().seedForAssertions();
    long step = Totp.step(aws.clock());
    client.enableMFADevice(
        b ->
            b.userName("breakglass")
                .serialNumber(serial)
                .authenticationCode1(Totp.codeAtStep(seed, step))
                .authenticationCode2(Totp.codeAtStep(seed, step + 1)));
  }

  private List<String> outcomes(String operation) {
    return aws.calls().of(operation).stream().map(CallRecord::outcome).toList();
  }

  @Test
  void injectedThrottlingIsRecognisedByTheSdkAndRetriedUntilItSucceeds() {
    String serial = createDevice();
    aws.faults().failNext("EnableMFADevice", 2, Fault.THROTTLE);

    enable(iam, serial);

    assertThat(outcomes("EnableMFADevice")).containsExactly("Throttling", "Throttling", "OK");
    assertThat(aws.calls().of("EnableMFADevice"))
        .extracting(CallRecord::fault)
        .containsExactly(Fault.THROTTLE, Fault.THROTTLE, null);
    assertThat(account.device(serial).orElseThrow().assignedTo()).isPresent();
  }

  @Test
  void throttlingThatOutlastsTheRetriesSurfacesAsAThrottlingException() {
    aws.faults().failNext("GetAccountSummary", 10, Fault.THROTTLE);

    try (IamClient client = iamWithAttempts(2)) {
      assertThatThrownBy(client::getAccountSummary)
          .isInstanceOfSatisfying(
              IamException.class,
              e -> {
                assertThat(e.isThrottlingException()).isTrue();
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
                assertThat(e.statusCode()).isEqualTo(400);
              });
    }
    assertThat(outcomes("GetAccountSummary")).containsExactly("Throttling", "Throttling");
  }

  @Test
  void theIamPerAccountRateLimitThrottlesCallsBeyondTheQuota() {
    account.setIamCallsPerSecond(2);

    try (IamClient client = iamWithAttempts(2)) {
      client.getAccountSummary();
      client.getAccountSummary();
      assertThatThrownBy(client::getAccountSummary)
          .isInstanceOfSatisfying(
              IamException.class, e -> assertThat(e.isThrottlingException()).isTrue());
      frozenTicker.addAndGet(Duration.ofSeconds(1).toNanos());
      client.getAccountSummary();
    }
    assertThat(outcomes("GetAccountSummary"))
        .containsExactly("OK", "OK", "Throttling", "Throttling", "OK");
  }

  @Test
  void secretsManagerThrottlingIsRecognisedByTheSdkAndRetried() {
    aws.faults().failNext("CreateSecret", 1, Fault.THROTTLE);

    try (SecretsManagerClient sm = EmulatorClients.secretsManager(aws, rootKey)) {
      sm.createSecret(b -> b.name("s").clientRequestToken(TOKEN).secretString("v"));
    }
    assertThat(outcomes("CreateSecret")).containsExactly("ThrottlingException", "OK");
    assertThat(account.secrets()).hasSize(1);
  }

  @Test
  void aServerErrorBeforeTheEffectIsRetriedAndTheOperationHappensOnce() {
    aws.faults().failNext("CreateVirtualMFADevice", 1, Fault.SERVER_ERROR);

    createDevice();

    assertThat(outcomes("CreateVirtualMFADevice")).containsExactly("ServiceFailure", "OK");
    assertThat(account.devices()).hasSize(1);
  }

  @Test
  void aServerErrorAfterTheEffectLosesTheResponseSoTheRetryMeetsTheCreatedDevice() {
    aws.faults().failNextAfterEffect("CreateVirtualMFADevice", 1, Fault.SERVER_ERROR);

    assertThatThrownBy(this::createDevice)
        .isInstanceOfSatisfying(
            IamException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityAlreadyExists"));

    assertThat(outcomes("CreateVirtualMFADevice")).containsExactly("OK", "EntityAlreadyExists");
    assertThat(aws.calls().of("CreateVirtualMFADevice").get(0).fault())
        .isEqualTo(Fault.SERVER_ERROR);
    assertThat(account.devices()).hasSize(1);
  }

  @Test
  void aTimeoutHoldsTheRequestBeyondTheClientTimeoutWithoutApplyingTheEffect() {
    aws.faults()
        .timeoutHold(Duration.ofSeconds(3))
        .failNext("CreateVirtualMFADevice", 1, Fault.TIMEOUT);

    try (IamClient client =
        EmulatorClients.iam(
            aws,
            rootKey,
            c ->
                c.apiCallAttemptTimeout(Duration.ofMillis(300))
                    .retryStrategy(r -> r.maxAttempts(1)))) {
      assertThatThrownBy(() -> client.createVirtualMFADevice(b -> b.virtualMFADeviceName("t")))
          .isInstanceOf(ApiCallAttemptTimeoutException.class);
    }
    assertThat(account.devices()).isEmpty();
  }

  @Test
  void aTimeoutAfterTheEffectDropsTheResponseOfASuccessfulEnable() {
    String serial = createDevice();
    aws.faults()
        .timeoutHold(Duration.ofMillis(50))
        .failNextAfterEffect("EnableMFADevice", 1, Fault.TIMEOUT);

    try (IamClient client = iamWithAttempts(1)) {
      assertThatThrownBy(() -> enable(client, serial)).isInstanceOf(SdkClientException.class);
    }
    assertThat(aws.calls().of("EnableMFADevice").get(0))
        .satisfies(
            c -> {
              assertThat(c.outcome()).isEqualTo("OK");
              assertThat(c.fault()).isEqualTo(Fault.TIMEOUT);
            });
    assertThat(account.device(serial).orElseThrow().assignedTo()).isPresent();
  }

  @Test
  void aMalformedBodyFailsInTheSdkAsAClientErrorNotAServiceError() {
    aws.faults()
        .failNext("GetAccountSummary", 1, Fault.MALFORMED)
        .failNext("GetSecretValue", 1, Fault.MALFORMED);

    try (IamClient client = iamWithAttempts(1);
        SecretsManagerClient sm =
            EmulatorClients.secretsManager(
                aws.endpoint(),
                rootKey,
                Region.US_EAST_1,
                c -> c.retryStrategy(r -> r.maxAttempts(1)))) {
      assertThatThrownBy(client::getAccountSummary)
          .isInstanceOf(SdkClientException.class)
          .isNotInstanceOf(AwsServiceException.class);
      assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId("any")))
          .isInstanceOf(SdkClientException.class)
          .isNotInstanceOf(AwsServiceException.class);
    }
    assertThat(outcomes("GetAccountSummary")).containsExactly("MALFORMED");
  }

  @Test
  void latencyDelaysEveryCallOfTheOperation() {
    aws.faults().latency("GetAccountSummary", Duration.ofMillis(250));

    long start = System.nanoTime();
    iam.getAccountSummary();
    iam.getAccountSummary();

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aWildcardFaultHitsTheNextCallOfAnyOperation() {
    aws.faults().failNext(Faults.ANY, 1, Fault.UNAVAILABLE);

    try (IamClient client = iamWithAttempts(1);
        StsClient sts = EmulatorClients.sts(aws, rootKey)) {
      assertThatThrownBy(client::getAccountSummary)
          .isInstanceOfSatisfying(
              IamException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(503);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
              });
      assertThat(sts.getCallerIdentity().account()).isEqualTo(ACCOUNT);
    }
    assertThat(aws.calls().operations()).containsExactly("GetAccountSummary", "GetCallerIdentity");
  }

  @Test
  void stsServerErrorsUseInternalFailure() {
    aws.faults().failNext("GetCallerIdentity", 5, Fault.SERVER_ERROR);

    try (StsClient sts =
        EmulatorClients.sts(aws, rootKey, c -> c.retryStrategy(r -> r.maxAttempts(1)))) {
      assertThatThrownBy(sts::getCallerIdentity)
          .isInstanceOfSatisfying(
              StsException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(500);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
              });
    }
  }

  @Test
  void secretsManagerServerErrorsUseInternalServiceError() {
    aws.faults().failNext("ListSecrets", 5, Fault.SERVER_ERROR);

    try (SecretsManagerClient sm =
        EmulatorClients.secretsManager(
            aws.endpoint(),
            rootKey,
            Region.US_EAST_1,
            c -> c.retryStrategy(r -> r.maxAttempts(1)))) {
      assertThatThrownBy(sm::listSecrets)
          .isInstanceOfSatisfying(
              SecretsManagerException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(500);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalServiceError");
              });
    }
  }

  @Test
  void clearRemovesPendingFaultsAndLatencies() {
    aws.faults()
        .failNext("GetAccountSummary", 3, Fault.SERVER_ERROR)
        .latency(Faults.ANY, Duration.ofSeconds(5));

    aws.faults().clear();

    try (IamClient client = iamWithAttempts(1)) {
      client.getAccountSummary();
    }
    assertThat(outcomes("GetAccountSummary")).containsExactly("OK");
  }
}
