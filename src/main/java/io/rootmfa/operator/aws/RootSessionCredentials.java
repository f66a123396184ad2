package io.rootmfa.operator.aws;

import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.utils.cache.CachedSupplier;
import software.amazon.awssdk.utils.cache.RefreshResult;

/**
 * Root-session credentials for a member account from {@code sts:AssumeRoot}, called with the
 * operator's own identity on the regional STS endpoint, scoped by one AWS root-task policy. AWS
 * caps a root session at 900 s: the credentials are cached and assumed again two minutes before
 * they expire (the SDK's {@link CachedSupplier}, as its own STS providers do).
 */
public final class RootSessionCredentials implements AwsCredentialsProvider, AutoCloseable {

  /** Reads root's password, access keys, signing certificates and MFA devices. */
  public static final String AUDIT_TASK_POLICY =
      "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials";

  /** Deletes root's password, access keys and signing certificates (and could deactivate MFA). */
  public static final String DELETE_TASK_POLICY =
      "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials";

  /** The longest root session AWS grants. */
  public static final int MAX_SESSION_SECONDS = 900;

  private static final Duration PREFETCH = Duration.ofMinutes(2);
  private static final Duration STALE = Duration.ofSeconds(30);

  private final StsClient sts;
  private final String accountId;
  private final String taskPolicyArn;
  private final CachedSupplier<AwsSessionCredentials> cache;

  public RootSessionCredentials(StsClient sts, String accountId, String taskPolicyArn) {
    this.sts = sts;
    this.accountId = accountId;
    this.taskPolicyArn = taskPolicyArn;
    this.cache =
        CachedSupplier.builder(this::assumeRoot)
            .cachedValueName("RootSessionCredentials(" + accountId + ")")
            .build();
  }

  @Override
  public AwsCredentials resolveCredentials() {
    return cache.get();
  }

  private RefreshResult<AwsSessionCredentials> assumeRoot() {
    Credentials c;
    try {
      c =
          sts.assumeRoot(
                  r ->
                      r.targetPrincipal(accountId)
                          .taskPolicyArn(p -> p.arn(taskPolicyArn))
                          .durationSeconds(MAX_SESSION_SECONDS))
              .credentials();
    } catch (SdkException e) {
      throw AwsCallException.of(accountId, "AssumeRoot", e);
    }
    Instant expiration = c.expiration();
    AwsSessionCredentials credentials =
        AwsSessionCredentials.builder()
            .accessKeyId(c.accessKeyId())
            .secretAccessKey(c.secretAccessKey())
            .sessionToken(c.sessionToken())
            .expirationTime(expiration)
            .build();
    return RefreshResult.builder(credentials)
        .staleTime(expiration.minus(STALE))
        .prefetchTime(expiration.minus(PREFETCH))
        .build();
  }

  @Override
  public void close() {
    cache.close();
  }

  @Override
  public String toString() {
    return "RootSessionCredentials[" + accountId + ", " + taskPolicyArn + "]";
  }
}
