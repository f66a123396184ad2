package io.rootmfa.operator.emulator;

import java.net.URI;
import java.util.function.Consumer;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Real AWS SDK v2 clients pointed at an emulator: static credentials, {@code
 * UrlConnectionHttpClient}, region {@code us-east-1} unless given. Each client owns its HTTP
 * client; close the client when done.
 */
public final class EmulatorClients {

  /** The region tests use by default. */
  public static final Region REGION = Region.US_EAST_1;

  private EmulatorClients() {}

  /** An IAM client acting as {@code key}. */
  public static IamClient iam(AwsEmulator emulator, AccessKey key) {
    return iam(emulator, key, c -> {});
  }

  /** An IAM client with extra override configuration (retries, interceptors, timeouts). */
  public static IamClient iam(
      AwsEmulator emulator, AccessKey key, Consumer<ClientOverrideConfiguration.Builder> config) {
    return IamClient.builder()
        .endpointOverride(emulator.endpoint())
        .region(REGION)
        .credentialsProvider(key.credentialsProvider())
        .httpClient(http())
        .overrideConfiguration(config)
        .build();
  }

  /** An STS client acting as {@code key}. */
  public static StsClient sts(AwsEmulator emulator, AccessKey key) {
    return sts(emulator, key, c -> {});
  }

  /** An STS client with extra override configuration. */
  public static StsClient sts(
      AwsEmulator emulator, AccessKey key, Consumer<ClientOverrideConfiguration.Builder> config) {
    return StsClient.builder()
        .endpointOverride(emulator.endpoint())
        .region(REGION)
        .credentialsProvider(key.credentialsProvider())
        .httpClient(http())
        .overrideConfiguration(config)
        .build();
  }

  /** A Secrets Manager client acting as {@code key} in {@code us-east-1}. */
  public static SecretsManagerClient secretsManager(AwsEmulator emulator, AccessKey key) {
    return secretsManager(emulator.endpoint(), key, REGION, c -> {});
  }

  /** A Secrets Manager client with a region and extra override configuration. */
  public static SecretsManagerClient secretsManager(
      URI endpoint,
      AccessKey key,
      Region region,
      Consumer<ClientOverrideConfiguration.Builder> config) {
    return SecretsManagerClient.builder()
        .endpointOverride(endpoint)
        .region(region)
        .credentialsProvider(key.credentialsProvider())
        .httpClient(http())
        .overrideConfiguration(config)
        .build();
  }

  private static SdkHttpClient http() {
    return UrlConnectionHttpClient.builder().build();
  }
}
