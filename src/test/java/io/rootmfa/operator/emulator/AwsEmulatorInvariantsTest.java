package io.rootmfa.operator.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

class AwsEmulatorInvariantsTest {

  private static final String ACCOUNT = "111122223333";

  private AwsEmulator aws;
  private EmulatedAccount account;
  private IamClient iam;
  private SecretsManagerClient sm;

  @BeforeEach
  void start() {
    aws = AwsEmulator.start();
    account = aws.createAccount(ACCOUNT);
    AccessKey root = account.createRootAccessKey();
    iam = EmulatorClients.iam(aws, root);
    sm = EmulatorClients.secretsManager(aws, root);
  }

  @AfterEach
  void stop() {
    iam.close();
    sm.close();
    aws.close();
  }

  private String createDevice(String name) {
    return iam.createVirtualMFADevice(b -> b.virtualMFADeviceName(name).path("/rootmfa/"))
        .virtualMFADevice()
        .serialNumber();
  }

  private String seedOf(String serial) {
    return account.device(serial).orElseThrow().seedForAssertions();
  }

  private void storeSeed(String secretName, String serial, String seed) throws Exception {
    storeDocument(secretName, v1(serial, seed));
  }

  private Map<String, Object> v1(String serial, String seed) {
    return Map.of(
        "format",
        "rootmfa.io/seed/v1",
        "accountId",
        ACCOUNT,
        "target",
        "root",
        "deviceSerial",
        serial,
        "enrollmentId",
        "e1",
        "seed",
        seed,
        "createdAt",
        aws.clock().toString());
  }

  private void storeV2(String secretName, String serial, String seed, String state)
      throws Exception {
    Map<String, Object> v2 = new java.util.HashMap<>(v1(serial, seed));
    v2.put("format", "rootmfa.io/seed/v2");
    v2.put("owner", Map.of("namespace", "ns", "name", "p", "uid", "u"));
    v2.put("state", state);
    storeDocument(secretName, v2);
  }

  private void storeDocument(String secretName, Map<String, Object> fields) throws Exception {
    String document = new ObjectMapper().writeValueAsString(fields);
    sm.createSecret(
        b ->
            b.name(secretName)
                .clientRequestToken(UUID.randomUUID().toString())
                .secretString(document));
  }

  private void enableForRoot(String serial) {
    String seed = seedOf(serial);
    long step = Totp.step(aws.clock());
    iam.enableMFADevice(
        b ->
            b.serialNumber(serial)
                .authenticationCode1(Totp.codeAtStep(seed, step))
                .authenticationCode2(Totp.codeAtStep(seed, step + 1)));
  }

  private Invariants.TargetInvariants root() {
    return aws.invariants().account(ACCOUNT).orElseThrow().target("root").orElseThrow();
  }

  @Test
  void enablingAfterStoringAndReadingBackTheSeedKeepsEveryInvariant() throws Exception {
    String serial = createDevice("root");
    storeSeed("rootmfa/root", serial, seedOf(serial));
    sm.getSecretValue(b -> b.secretId("rootmfa/root"));

    enableForRoot(serial);

    assertThat(root()).isEqualTo(new Invariants.TargetInvariants("root", 1, true, 1, 0));
    assertThat(aws.invariants().account(ACCOUNT).orElseThrow().unassignedRootmfaDevices()).isZero();
  }

  @Test
  void enablingBeforeAnyStoreIsCountedAsEnableBeforeStoredSeed() {
    String serial = createDevice("root");

    enableForRoot(serial);

    assertThat(root().enableBeforeStoredSeed()).isEqualTo(1);
    assertThat(root().assignedSeedMatchesStoredSecret()).isFalse();
    assertThat(account.enableBeforeStoredSeed("root")).isEqualTo(1);
  }

  @Test
  void aSeedWrittenButNeverReadBackStillCountsAsEnableBeforeStoredSeed() throws Exception {
    String serial = createDevice("root");
    storeSeed("rootmfa/root", serial, seedOf(serial));

    enableForRoot(serial);

    assertThat(root().enableBeforeStoredSeed()).isEqualTo(1);
    assertThat(root().assignedSeedMatchesStoredSecret()).isTrue();
  }

  @Test
  void aStoredSeedThatDiffersFromTheAssignedDevicesSeedIsReportedAsAMismatch() throws Exception {
    String serial = createDevice("root");
    storeSeed("rootmfa/root", serial, Totp.base32Encode(Ids.bytes(40)));

    enableForRoot(serial);

    assertThat(root().assignedSeedMatchesStoredSecret()).isFalse();
    assertThat(root().secrets()).isEqualTo(1);
  }

  @Test
  void unassignedOperatorDevicesAreCountedAsOrphans() {
    createDevice("orphan-1");
    iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("not-ours").path("/"));

    assertThat(aws.invariants().account(ACCOUNT).orElseThrow().unassignedRootmfaDevices())
        .isEqualTo(1);
  }

  @Test
  void aCompleteV2DocumentNamingTheDeviceIsItsCustody() throws Exception {
    String serial = createDevice("root");
    storeV2("rootmfa/root", serial, seedOf(serial), "complete");

    enableForRoot(serial);

    assertThat(root().assignedSeedMatchesStoredSecret()).isTrue();
  }

  @Test
  void aPendingV2DocumentIsNoDevicesCustody() throws Exception {
    String serial = createDevice("root");
    storeV2("rootmfa/root", serial, seedOf(serial), "pending");

    enableForRoot(serial);

    assertThat(root().assignedSeedMatchesStoredSecret()).isFalse();
  }
}
