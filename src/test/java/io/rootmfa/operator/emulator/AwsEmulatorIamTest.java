package io.rootmfa.operator.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.CreateVirtualMfaDeviceResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.SummaryKeyType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

class AwsEmulatorIamTest {

  private static final String ACCOUNT = "111122223333";

  private AwsEmulator aws;
  private EmulatedAccount account;
  private IamClient rootIam;

  @BeforeEach
  void start() {
    aws = AwsEmulator.start();
    account = aws.createAccount(ACCOUNT);
    rootIam = EmulatorClients.iam(aws, account.createRootAccessKey());
  }

  @AfterEach
  void stop() {
    rootIam.close();
    aws.close();
  }

  private String createDevice(IamClient iam, String name) {
    return iam.createVirtualMFADevice(b -> b.virtualMFADeviceName(name).path("/rootmfa/"))
        .virtualMFADevice()
        .serialNumber();
  }

  private void enable(IamClient iam, String userName, String serial) {
    String seed = account.device(serial).orElseThrow().seedForAssertions();
    long step = Totp.step(aws.clock());
    iam.enableMFADevice(
        b ->
            b.userName(userName)
                .serialNumber(serial)
                .authenticationCode1(Totp.codeAtStep(seed, step))
                .authenticationCode2(Totp.codeAtStep(seed, step + 1)));
  }

  private int summary(SummaryKeyType key) {
    return rootIam.getAccountSummary().summaryMap().get(key);
  }

  @Test
  void createVirtualMfaDeviceReturnsSerialUnderPathAnd64CharBase32SeedAndPng() {
    CreateVirtualMfaDeviceResponse response =
        rootIam.createVirtualMFADevice(
            b ->
                b.virtualMFADeviceName("root-mfa")
                    .path("/rootmfa/")
                    .tags(Tag.builder().key("team").value("sec").build()));

    VirtualMFADevice device = response.virtualMFADevice();
    assertThat(device.serialNumber())
        .isEqualTo("arn:aws:iam::" + ACCOUNT + ":mfa/rootmfa/root-mfa");
    String seed = device.base32StringSeed().asString(StandardCharsets.US_ASCII);
    assertThat(seed.matches("[A-Z2-7]{64}")).as("seed is 64 Base32 characters").isTrue();
    assertThat(seed.equals(account.device(device.serialNumber()).orElseThrow().seedForAssertions()))
        .as("returned seed is the device's seed")
        .isTrue();
    byte[] png = device.qrCodePNG().asByteArray();
    assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    assertThat(device.tags()).containsExactly(Tag.builder().key("team").value("sec").build());
  }

  @Test
  void createVirtualMfaDeviceWithTakenNameFailsWithEntityAlreadyExists409() {
    createDevice(rootIam, "dup");

    assertThatThrownBy(() -> createDevice(rootIam, "dup"))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityAlreadyExists");
              assertThat(e.statusCode()).isEqualTo(409);
            });
  }

  @Test
  void createVirtualMfaDeviceWithInvalidPathFailsWithValidationError() {
    assertThatThrownBy(
            () ->
                rootIam.createVirtualMFADevice(b -> b.virtualMFADeviceName("x").path("no-slashes")))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
  }

  @Test
  void enableMfaDeviceWithWrongCodesFailsWithInvalidAuthenticationCode403() {
    account.createUser("breakglass");
    String serial = createDevice(rootIam, "bg");

    assertThatThrownBy(
            () ->
                rootIam.enableMFADevice(
                    b ->
                        b.userName("breakglass")
                            .serialNumber(serial)
                            .authenticationCode1("000000")
                            .authenticationCode2("000001")))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAuthenticationCode");
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("Authentication code for device is not valid.");
            });
    assertThat(account.device(serial).orElseThrow().assignedTo()).isEmpty();
  }

  @Test
  void enableMfaDeviceWithNonConsecutiveCodesFails() {
    account.createUser("breakglass");
    String serial = createDevice(rootIam, "bg");
    String seed = account.device(serial).orElseThrow().seedForAssertions();
    long step = Totp.step(aws.clock());

    assertThatThrownBy(
            () ->
                rootIam.enableMFADevice(
                    b ->
                        b.userName("breakglass")
                            .serialNumber(serial)
                            .authenticationCode1(Totp.codeAtStep(seed, step))
                            .authenticationCode2(Totp.codeAtStep(seed, step + 2))))
        .isInstanceOfSatisfying(
            IamException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAuthenticationCode"));
  }

  @Test
  void enableMfaDeviceRejectsCodesOlderThanTwoSteps() {
    account.createUser("breakglass");
    String serial = createDevice(rootIam, "bg");
    String seed = account.device(serial).orElseThrow().seedForAssertions();
    long step = Totp.step(aws.clock()) - 3;

    assertThatThrownBy(
            () ->
                rootIam.enableMFADevice(
                    b ->
                        b.userName("breakglass")
                            .serialNumber(serial)
                            .authenticationCode1(Totp.codeAtStep(seed, step))
                            .authenticationCode2(Totp.codeAtStep(seed, step + 1))))
        .isInstanceOfSatisfying(
            IamException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAuthenticationCode"));
  }

  @Test
  void enableMfaDeviceRejectsAPairWhoseStepWasAlreadyUsedForTheDevice() {
    account.createUser("breakglass");
    String serial = createDevice(rootIam, "bg");
    enable(rootIam, "breakglass", serial);
    rootIam.deactivateMFADevice(b -> b.userName("breakglass").serialNumber(serial));

    assertThatThrownBy(() -> enable(rootIam, "breakglass", serial))
        .isInstanceOfSatisfying(
            IamException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAuthenticationCode"));
  }

  @Test
  void enableMfaDeviceValidatesCodesAgainstTheEmulatorClockNotTheJvmClock() {
    account.createUser("breakglass");
    String serial = createDevice(rootIam, "bg");
    String seed = account.device(serial).orElseThrow().seedForAssertions();
    aws.setClockOffset(Duration.ofMinutes(10));
    long jvmStep = Totp.step(Instant.now());

    assertThatThrownBy(
            () ->
                rootIam.enableMFADevice(
                    b ->
                        b.userName("breakglass")
                            .serialNumber(serial)
                            .authenticationCode1(Totp.codeAtStep(seed, jvmStep))
                            .authenticationCode2(Totp.codeAtStep(seed, jvmStep + 1))))
        .isInstanceOfSatisfying(
            IamException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAuthenticationCode"));
    enable(rootIam, "breakglass", serial);
    assertThat(account.device(serial).orElseThrow().assignedTo()).isPresent();
  }

  @Test
  void everyResponseCarriesTheEmulatorClockInItsDateHeaderAndARequestId() {
    RecordingInterceptor recorder = new RecordingInterceptor();
    aws.setClockOffset(Duration.ofHours(-3));
    try (IamClient iam =
        EmulatorClients.iam(
            aws, account.createRootAccessKey(), c -> c.addExecutionInterceptor(recorder))) {
      iam.getAccountSummary();
    }

    RecordingInterceptor.RawResponse response = recorder.responses().get(0);
    Instant date =
        ZonedDateTime.parse(
                response.header("Date").orElseThrow(), DateTimeFormatter.RFC_1123_DATE_TIME)
            .toInstant();
    assertThat(date).isBetween(aws.clock().minusSeconds(5), aws.clock().plusSeconds(1));
    assertThat(Duration.between(date, Instant.now())).isGreaterThan(Duration.ofMinutes(170));
    assertThat(response.header("x-amzn-RequestId")).isPresent();
  }

  @Test
  void assigningToAnIamUserDoesNotFlipAccountMfaEnabled() {
    account.createUser("breakglass");
    String serial = createDevice(rootIam, "bg");

    enable(rootIam, "breakglass", serial);

    assertThat(account.device(serial).orElseThrow().assignedTo().orElseThrow().label())
        .isEqualTo("iamUser/breakglass");
    assertThat(summary(SummaryKeyType.ACCOUNT_MFA_ENABLED)).isZero();
    assertThat(summary(SummaryKeyType.MFA_DEVICES_IN_USE)).isEqualTo(1);
  }

  @Test
  void rootApiAllowedAssignsTheDeviceToRootAndFlipsAccountMfaEnabled() {
    account.setRootApiMode(RootApiMode.ALLOWED);
    String serial = createDevice(rootIam, "root");
    assertThat(summary(SummaryKeyType.ACCOUNT_MFA_ENABLED)).isZero();

    enable(rootIam, null, serial);

    assertThat(summary(SummaryKeyType.ACCOUNT_MFA_ENABLED)).isEqualTo(1);
    assertThat(account.device(serial).orElseThrow().assignedTo().orElseThrow().arn())
        .isEqualTo("arn:aws:iam::" + ACCOUNT + ":root");
  }

  @Test
  void rootApiRefusedRefusesWithValidationErrorAndLeavesAccountMfaEnabledZero() {
    account.setRootApiMode(RootApiMode.REFUSED);
    String serial = createDevice(rootIam, "root");

    assertThatThrownBy(() -> enable(rootIam, null, serial))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(RootApiMode.REFUSED_MESSAGE);
            });
    assertThat(summary(SummaryKeyType.ACCOUNT_MFA_ENABLED)).isZero();
    assertThat(account.device(serial).orElseThrow().assignedTo()).isEmpty();
  }

  @Test
  void emulatorWideRefusedModeAppliesToNewAccounts() {
    try (AwsEmulator refusing = AwsEmulator.builder().rootApiMode(RootApiMode.REFUSED).start()) {
      assertThat(refusing.createAccount("444455556666").rootApiMode())
          .isEqualTo(RootApiMode.REFUSED);
    }
  }

  @Test
  void enablingAnAlreadyAssignedDeviceFailsWithEntityAlreadyExists() {
    account.createUser("a");
    account.createUser("b");
    String serial = createDevice(rootIam, "shared");
    enable(rootIam, "a", serial);

    assertThatThrownBy(() -> enable(rootIam, "b", serial))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityAlreadyExists"));
  }

  @Test
  void aNinthDeviceForOnePrincipalFailsWithLimitExceeded() {
    account.createUser("many");
    for (int i = 0; i < EmulatedAccount.MAX_MFA_DEVICES_PER_PRINCIPAL; i++) {
      String serial = createDevice(rootIam, "d" + i);
      enable(rootIam, "many", serial);
    }
    String ninth = createDevice(rootIam, "d9");

    assertThatThrownBy(() -> enable(rootIam, "many", ninth))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("LimitExceeded"));
  }

  @Test
  void enableMfaDeviceForUnknownSerialOrUserFailsWithNoSuchEntity404() {
    account.createUser("breakglass");
    String serial = createDevice(rootIam, "bg");

    assertThatThrownBy(
            () ->
                rootIam.enableMFADevice(
                    b ->
                        b.userName("breakglass")
                            .serialNumber("arn:aws:iam::" + ACCOUNT + ":mfa/nope")
                            .authenticationCode1("123456")
                            .authenticationCode2("234567")))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity");
              assertThat(e.statusCode()).isEqualTo(404);
            });
    assertThatThrownBy(() -> enable(rootIam, "ghost", serial))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity"));
  }

  @Test
  void deleteVirtualMfaDeviceOnAnAssignedDeviceFailsWithDeleteConflict() {
    String serial = createDevice(rootIam, "root");
    enable(rootIam, null, serial);

    assertThatThrownBy(() -> rootIam.deleteVirtualMFADevice(b -> b.serialNumber(serial)))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DeleteConflict");
              assertThat(e.statusCode()).isEqualTo(409);
            });
    assertThat(account.device(serial)).isPresent();
  }

  @Test
  void deleteVirtualMfaDeviceRemovesAnUnassignedDevice() {
    String serial = createDevice(rootIam, "orphan");

    rootIam.deleteVirtualMFADevice(b -> b.serialNumber(serial));

    assertThat(account.device(serial)).isEmpty();
    assertThat(summary(SummaryKeyType.MFA_DEVICES)).isZero();
  }

  @Test
  void listVirtualMfaDevicesReturnsNoTagsLikeAwsAndListMfaDeviceTagsDoes() {
    String serial =
        rootIam
            .createVirtualMFADevice(
                b ->
                    b.virtualMFADeviceName("tagged")
                        .path("/rootmfa/")
                        .tags(Tag.builder().key("rootmfa.io/enrollment-id").value("e-1").build()))
            .virtualMFADevice()
            .serialNumber();

    assertThat(rootIam.listVirtualMFADevices().virtualMFADevices())
        .singleElement()
        .satisfies(d -> assertThat(d.hasTags()).isFalse());
    assertThat(rootIam.listMFADeviceTags(b -> b.serialNumber(serial)).tags())
        .containsExactly(Tag.builder().key("rootmfa.io/enrollment-id").value("e-1").build());
  }

  @Test
  void listVirtualMfaDevicesFiltersByAssignmentAndNamesRootAsTheUser() {
    String assigned = createDevice(rootIam, "root");
    String unassigned = createDevice(rootIam, "spare");
    enable(rootIam, null, assigned);

    List<VirtualMFADevice> onlyAssigned =
        rootIam
            .listVirtualMFADevices(b -> b.assignmentStatus(AssignmentStatusType.ASSIGNED))
            .virtualMFADevices();
    List<VirtualMFADevice> onlyUnassigned =
        rootIam
            .listVirtualMFADevices(b -> b.assignmentStatus(AssignmentStatusType.UNASSIGNED))
            .virtualMFADevices();

    assertThat(onlyAssigned)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.serialNumber()).isEqualTo(assigned);
              assertThat(d.user().arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":root");
              assertThat(d.user().userId()).isEqualTo(ACCOUNT);
              assertThat(d.enableDate()).isNotNull();
              assertThat(d.base32StringSeed()).isNull();
            });
    assertThat(onlyUnassigned)
        .extracting(VirtualMFADevice::serialNumber)
        .containsExactly(unassigned);
  }

  @Test
  void listMfaDevicesWithoutUserNameListsTheCallersDevices() {
    String serial = createDevice(rootIam, "root");
    enable(rootIam, null, serial);

    assertThat(rootIam.listMFADevices().mfaDevices())
        .singleElement()
        .satisfies(d -> assertThat(d.serialNumber()).isEqualTo(serial));
  }

  @Test
  void deactivateMfaDeviceUnassignsAndClearsAccountMfaEnabled() {
    String serial = createDevice(rootIam, "root");
    enable(rootIam, null, serial);

    rootIam.deactivateMFADevice(b -> b.serialNumber(serial));

    assertThat(summary(SummaryKeyType.ACCOUNT_MFA_ENABLED)).isZero();
    assertThat(account.device(serial).orElseThrow().assignedTo()).isEmpty();
  }

  @Test
  void accountSummaryReportsRootPasswordAndAccessKeys() {
    account.setRootPasswordPresent(false);

    assertThat(summary(SummaryKeyType.ACCOUNT_PASSWORD_PRESENT)).isZero();
    assertThat(summary(SummaryKeyType.ACCOUNT_ACCESS_KEYS_PRESENT)).isEqualTo(1);
    account.createUser("u");
    assertThat(summary(SummaryKeyType.USERS)).isEqualTo(1);
  }

  @Test
  void accountAccessKeysPresentIsZeroWhenRootHasNoKeys() {
    EmulatedAccount keyless = aws.createAccount("999988887777");
    keyless.createUser("auditor");

    try (IamClient auditor = EmulatorClients.iam(aws, keyless.createAccessKey("auditor"))) {
      assertThat(
              auditor
                  .getAccountSummary()
                  .summaryMap()
                  .get(SummaryKeyType.ACCOUNT_ACCESS_KEYS_PRESENT))
          .isZero();
      keyless.createRootAccessKey();
      assertThat(
              auditor
                  .getAccountSummary()
                  .summaryMap()
                  .get(SummaryKeyType.ACCOUNT_ACCESS_KEYS_PRESENT))
          .isEqualTo(1);
    }
  }

  @Test
  void getUserWithoutNameReturnsTheCallerAndUnknownNameFailsWithNoSuchEntity() {
    account.createUser("alice");
    try (IamClient alice = EmulatorClients.iam(aws, account.createAccessKey("alice"))) {
      assertThat(alice.getUser().user().arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/alice");
      assertThatThrownBy(() -> alice.getUser(b -> b.userName("bob")))
          .isInstanceOfSatisfying(
              IamException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity"));
    }
  }

  @Test
  void aDeniedActionFailsWithAccessDeniedNamingPrincipalActionAndResource() {
    account.createUser("breakglass");
    String serial = createDevice(rootIam, "bg");
    aws.deny(ACCOUNT, "iam:EnableMFADevice");

    assertThatThrownBy(() -> enable(rootIam, "breakglass", serial))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorMessage())
                  .startsWith(
                      "User: arn:aws:iam::"
                          + ACCOUNT
                          + ":root is not authorized to perform: iam:EnableMFADevice on resource: arn:aws:iam::"
                          + ACCOUNT
                          + ":user/breakglass");
            });
  }

  @Test
  void unknownAccessKeyFailsWithInvalidClientTokenId403() {
    try (IamClient stranger =
        IamClient.builder()
            .endpointOverride(aws.endpoint())
            .region(EmulatorClients.REGION)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIAUNKNOWN0000000", "x")))
            .build()) {
      assertThatThrownBy(stranger::getAccountSummary)
          .isInstanceOfSatisfying(
              IamException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
                assertThat(e.statusCode()).isEqualTo(403);
              });
    }
  }

  @Test
  void aWrongSecretKeyFailsWithSignatureDoesNotMatch() {
    AccessKey real = account.createRootAccessKey();
    AccessKey forged =
        new AccessKey(real.accessKeyId(), "wrong-secret", null, null, real.principal());
    try (IamClient iam = EmulatorClients.iam(aws, forged)) {
      assertThatThrownBy(iam::getAccountSummary)
          .isInstanceOfSatisfying(
              IamException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch"));
    }
  }

  @Test
  void seedIsReturnedOnlyByCreateVirtualMfaDevice() {
    RecordingInterceptor recorder = new RecordingInterceptor();
    account.createUser("breakglass");
    try (IamClient iam =
        EmulatorClients.iam(
            aws, account.createRootAccessKey(), c -> c.addExecutionInterceptor(recorder))) {
      String serial = createDevice(iam, "bg");
      enable(iam, "breakglass", serial);
      iam.listVirtualMFADevices();
      iam.listMFADevices(b -> b.userName("breakglass"));
      iam.getAccountSummary();
      iam.getUser(b -> b.userName("breakglass"));
      String seed = account.device(serial).orElseThrow().seedForAssertions();
      String seedOnWire =
          Base64.getEncoder().encodeToString(seed.getBytes(StandardCharsets.US_ASCII));

      List<String> operationsRevealingSeed =
          recorder.responses().stream()
              .filter(r -> r.body().contains(seed) || r.body().contains(seedOnWire))
              .map(RecordingInterceptor.RawResponse::operation)
              .toList();
      assertThat(operationsRevealingSeed).containsExactly("CreateVirtualMFADevice");
      assertThat(recorder.responses()).hasSize(6);
      boolean logRevealsSeed =
          aws.calls().all().stream().anyMatch(c -> c.toString().contains(seed));
      assertThat(logRevealsSeed).as("call log mentions the seed").isFalse();
    }
  }
}
