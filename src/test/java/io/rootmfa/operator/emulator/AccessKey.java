package io.rootmfa.operator.emulator;

import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Credentials the emulator knows, and whom they belong to. {@link #toString()} never shows the
 * secret or the session token.
 *
 * @param accessKeyId {@code AKIA…} (long-term) or {@code ASIA…} (temporary)
 * @param secretAccessKey the signing secret
 * @param sessionToken the session token for temporary credentials, else {@code null}
 * @param expiration expiry for temporary credentials, else {@code null}
 * @param principal the principal these credentials act as
 */
public record AccessKey(
    String accessKeyId,
    String secretAccessKey,
    String sessionToken,
    Instant expiration,
    Principal principal) {

  /** True for STS session credentials. */
  public boolean isTemporary() {
    return sessionToken != null;
  }

  /** A static SDK credentials provider for these credentials. */
  public AwsCredentialsProvider credentialsProvider() {
    return StaticCredentialsProvider.create(
        isTemporary()
            ? AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken)
            : AwsBasicCredentials.create(accessKeyId, secretAccessKey));
  }

  @Override
  public String toString() {
    String who = principal == null ? "?" : principal.arn();
    return "AccessKey["
        + accessKeyId
        + " for "
        + who
        + (isTemporary() ? ", expires " + expiration : "")
        + "]";
  }
}
