package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.aws.AccountSessions;
import io.rootmfa.operator.aws.CredentialSource;
import io.rootmfa.operator.aws.SeedSecretPolicy;
import io.rootmfa.operator.aws.SeedVault;
import io.rootmfa.operator.workflow.FreshDevice;
import io.rootmfa.operator.workflow.PolicyRef;
import io.rootmfa.operator.workflow.Seed;
import io.rootmfa.operator.workflow.SeedCustody;
import io.rootmfa.operator.workflow.SeedDocument;
import io.rootmfa.operator.workflow.TargetRef;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The IAM-user enrollment against moto_server, an AWS emulation we did not write, started by {@code
 * make test} ({@code -Dmoto.endpoint}). moto does not validate TOTP codes and does not model root,
 * so this proves the wire protocol and the Secrets Manager custody against an independent
 * implementation, not the code checks.
 */
@Integration
class MotoPeerTest {
  static final String ACCOUNT = "123456789012"; // moto's default account
  static final String KEY_ID = "MOTOPEERTESTKEY00001";
  static URI moto;
  static OperatorRig rig;

  @BeforeAll
  static void start() {
    moto = Moto.endpoint();
    rig = OperatorRig.builder().endpoint(moto).namespacePrefix("moto").start();
  }

  @AfterAll
  static void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C>
      C client(B b) {
    return b.endpointOverride(moto)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, "moto-secret")))
        .build();
  }

  @Test
  void enrollsAnIamUserAgainstMoto() {
    try (IamClient iam = client(IamClient.builder());
        SecretsManagerClient sm = client(SecretsManagerClient.builder())) {
      iam.createUser(b -> b.userName("breakglass-moto"));
      rig.keysSecret("moto-keys", KEY_ID, "moto-secret");
      rig.apply(
          Policies.enforce(
              "moto-user",
              ACCOUNT,
              Policies.iamUser("breakglass-moto"),
              "moto-keys",
              Policies.OPEN));
      RootMfaPolicy p = rig.awaitReason("moto-user", "Compliant");

      MFADevice device = iam.listMFADevices(b -> b.userName("breakglass-moto")).mfaDevices().get(0);
      assertThat(device.serialNumber()).endsWith(":mfa/rootmfa/rootmfa-breakglass-moto");
      assertThat(p.getStatus().getDevice().getSerialNumber()).isEqualTo(device.serialNumber());
      String seed =
          iam.listVirtualMFADevices().virtualMFADevices().stream()
              .filter(d -> d.serialNumber().equals(device.serialNumber()))
              .findFirst()
              .orElseThrow()
              .base32StringSeed()
              .asUtf8String(); // moto, unlike AWS, lists seeds: handy for this check
      String stored =
          sm.getSecretValue(b -> b.secretId("rootmfa/" + ACCOUNT + "/moto-user")).secretString();
      assertThat(stored)
          .contains("\"seed\":\"" + seed + "\"")
          .contains("\"target\":\"iamUser/breakglass-moto\"");
      assertThat(p.getStatus().getSeed().getSecretArn())
          .startsWith("arn:aws:secretsmanager:us-east-1:" + ACCOUNT);
      assertThat(io.fabric8.kubernetes.client.utils.Serialization.asYaml(p)).doesNotContain(seed);
    }
  }

  @Test
  void auditsAnIamUserWithoutMfaAsNonCompliantAgainstMoto() {
    try (IamClient iam = client(IamClient.builder())) {
      iam.createUser(b -> b.userName("no-mfa-moto"));
      rig.keysSecret("moto-keys-2", KEY_ID, "moto-secret");
      rig.apply(
          Policies.audit("moto-audit", ACCOUNT, Policies.iamUser("no-mfa-moto"), "moto-keys-2"));
      RootMfaPolicy p = rig.awaitReason("moto-audit", "NonCompliant");
      assertThat(Conditions.status(p, "MfaEnabled")).isEqualTo("False");
    }
  }

  @Test
  void aCustodySecretGetsItsResourcePolicyBeforeItsValueOnMoto() throws Exception {
    // moto implements CreateSecret without a value, PutResourcePolicy and GetResourcePolicy (it
    // does
    // not evaluate policies, nor BlockPublicPolicy): the three calls as AWS takes them.
    String policy =
        SeedSecretPolicy.document(
            "arn:aws:iam::" + ACCOUNT + ":role/RootMfaSeedCustodian",
            "arn:aws:iam::" + ACCOUNT + ":role/RootMfaBreakGlass");
    try (AccountSessions sessions =
            new AccountSessions(
                new AccountSessions.Settings(
                    Optional.of(moto),
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(KEY_ID, "moto-secret")),
                    40,
                    Duration.ofSeconds(5),
                    2),
                new SimpleMeterRegistry(),
                Clock.systemUTC());
        SecretsManagerClient sm = client(SecretsManagerClient.builder())) {
      SeedCustody custody =
          sessions
              .sessionFor(
                  "moto/custody",
                  new AccountSessions.Key(ACCOUNT, "us-east-1", new CredentialSource.PodIdentity()),
                  Optional.empty())
              .seedVault()
              .at(
                  new SeedVault.Location(
                          "rootmfa/" + ACCOUNT + "/custody", Optional.empty(), List.of(), Map.of())
                      .inCustody(Optional.empty(), policy));
      assertThat(custody.observe()).isInstanceOf(SeedCustody.Absent.class);
      SeedDocument document =
          SeedDocument.complete(
              ACCOUNT,
              TargetRef.iamUser("custody-moto"),
              new FreshDevice(
                  "arn:aws:iam::" + ACCOUNT + ":mfa/rootmfa/custody",
                  "enr-1",
                  Seed.ofBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")),
              new PolicyRef("moto", "custody", "uid"),
              Instant.now());
      assertThat(custody.write(document, false)).isInstanceOf(SeedCustody.Stored.class);

      String secretId = "rootmfa/" + ACCOUNT + "/custody";
      assertThat(
              new ObjectMapper()
                  .readTree(sm.getResourcePolicy(b -> b.secretId(secretId)).resourcePolicy()))
          .isEqualTo(new ObjectMapper().readTree(policy));
      assertThat(custody.readCurrent().orElseThrow().names(document.deviceSerial().orElseThrow()))
          .isTrue();
    }
  }
}
