package io.rootmfa.operator.aws;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Opens, shares and closes {@link AccountSession}s. A session is keyed by account, region and
 * credential source and is shared by every policy that uses the same key; when the last policy
 * using it moves to another key or is deleted, it is closed. Assumed-role credentials are cached by
 * the SDK and refreshed five minutes before expiry.
 */
public final class AccountSessions implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AccountSessions.class);

  /** What a session is for: account, region and how to reach it. */
  public record Key(String accountId, String region, CredentialSource source) {}

  /** Settings shared by every session. */
  public record Settings(
      Optional<URI> endpointOverride,
      AwsCredentialsProvider operatorIdentity,
      double secretsManagerWritesPerSecond,
      Duration callTimeout,
      int maxAttempts) {}

  private final Settings settings;
  private final MeterRegistry meters;
  private final Clock clock;
  private final SdkHttpClient http;
  private final Map<Key, AccountSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, Key> keyOfPolicy = new ConcurrentHashMap<>();
  private final Map<String, RatePacer> writePacers = new ConcurrentHashMap<>();
  private volatile OrganizationDirectory organizations;

  public AccountSessions(Settings settings, MeterRegistry meters, Clock clock) {
    this.settings = settings;
    this.meters = meters;
    this.clock = clock;
    this.http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(settings.callTimeout())
            .build();
  }

  /** The session for a policy; {@code keys} are used only when the source is a Secret. */
  public AccountSession sessionFor(
      String policy, Key key, Optional<CredentialSource.StaticKeys> keys) {
    Key previous = keyOfPolicy.put(policy, key);
    AccountSession session = sessions.computeIfAbsent(key, k -> open(k, keys));
    if (previous != null && !previous.equals(key)) {
      closeIfUnused(previous);
    }
    return session;
  }

  /** The policy no longer needs AWS (deleted): close its session if nobody else uses it. */
  public void release(String policy) {
    Key previous = keyOfPolicy.remove(policy);
    if (previous != null) {
      closeIfUnused(previous);
    }
  }

  public int openSessions() {
    return sessions.size();
  }

  private void closeIfUnused(Key key) {
    if (!keyOfPolicy.containsValue(key)) {
      AccountSession s = sessions.remove(key);
      if (s != null) {
        s.close();
        LOG.debugf("closed AWS session for account %s region %s", key.accountId(), key.region());
      }
    }
  }

  private AccountSession open(Key key, Optional<CredentialSource.StaticKeys> keys) {
    Region region = Region.of(key.region());
    AwsClock awsClock = new AwsClock(clock);
    List<AutoCloseable> owned = new ArrayList<>();
    AwsCredentialsProvider credentials = credentialsFor(key, region, keys, owned);
    AwsCallRecorder recorder = new AwsCallRecorder(meters, awsClock, key.accountId());
    ClientOverrideConfiguration override =
        ClientOverrideConfiguration.builder()
            .addExecutionInterceptor(recorder)
            .retryStrategy(
                AwsRetryStrategy.standardRetryStrategy().toBuilder()
                    .maxAttempts(settings.maxAttempts())
                    .build())
            .apiCallTimeout(settings.callTimeout().multipliedBy(settings.maxAttempts()))
            .apiCallAttemptTimeout(settings.callTimeout())
            .build();
    // IAM is a global service: its endpoint lives in us-east-1 (aws-global) whatever the policy's
    // region.
    IamClient iam =
        configure(IamClient.builder().region(Region.AWS_GLOBAL), credentials, override).build();
    SecretsManagerClient sm =
        configure(SecretsManagerClient.builder().region(region), credentials, override).build();
    StsClient sts = configure(StsClient.builder().region(region), credentials, override).build();
    RatePacer pacer =
        writePacers.computeIfAbsent(
            key.accountId() + "/" + key.region(),
            r -> new RatePacer(settings.secretsManagerWritesPerSecond()));
    LOG.debugf(
        "opened AWS session for account %s region %s via %s",
        key.accountId(), key.region(), key.source().getClass().getSimpleName());
    return new AccountSession(
        key.accountId(),
        iam,
        sm,
        sts,
        awsClock,
        pacer,
        () -> {
          for (AutoCloseable c : owned) {
            c.close();
          }
        });
  }

  /**
   * The credentials for a session; what it creates that must be closed with the session goes into
   * {@code owned}.
   */
  private AwsCredentialsProvider credentialsFor(
      Key key,
      Region region,
      Optional<CredentialSource.StaticKeys> keys,
      List<AutoCloseable> owned) {
    if (key.source() instanceof CredentialSource.FromSecret) {
      CredentialSource.StaticKeys k =
          keys.orElseThrow(() -> new IllegalStateException("no keys for " + key));
      return StaticCredentialsProvider.create(
          k.sessionToken()
              .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(
                  t -> AwsSessionCredentials.create(k.accessKeyId(), k.secretAccessKey(), t))
              .orElseGet(() -> AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey())));
    }
    if (key.source() instanceof CredentialSource.AssumedRole role) {
      StsClient base =
          configure(
                  StsClient.builder().region(region),
                  settings.operatorIdentity(),
                  ClientOverrideConfiguration.builder().build())
              .build();
      StsAssumeRoleCredentialsProvider provider =
          StsAssumeRoleCredentialsProvider.builder()
              .stsClient(base)
              .prefetchTime(Duration.ofMinutes(5))
              .staleTime(Duration.ofMinutes(1))
              .refreshRequest(
                  r -> {
                    r.roleArn(role.roleArn())
                        .roleSessionName("rootmfa-operator")
                        .durationSeconds(3600);
                    role.externalId().ifPresent(r::externalId);
                  })
              .build();
      owned.add(provider);
      owned.add(base);
      return provider;
    }
    if (key.source() instanceof CredentialSource.RootSession root) {
      StsClient base =
          configure(
                  StsClient.builder().region(region),
                  settings.operatorIdentity(),
                  ClientOverrideConfiguration.builder().build())
              .build();
      RootSessionCredentials provider =
          new RootSessionCredentials(base, key.accountId(), root.taskPolicyArn());
      owned.add(provider);
      owned.add(base);
      return provider;
    }
    return settings.operatorIdentity();
  }

  /**
   * AWS Organizations as the operator's own identity sees it (organization mode runs in the
   * management account or a delegated administrator).
   */
  public OrganizationDirectory organizations() {
    OrganizationDirectory d = organizations;
    if (d == null) {
      synchronized (this) {
        if (organizations == null) {
          organizations =
              new OrganizationDirectory(
                  http,
                  settings.operatorIdentity(),
                  settings.endpointOverride(),
                  settings.maxAttempts(),
                  "operator");
        }
        d = organizations;
      }
    }
    return d;
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(
      B builder, AwsCredentialsProvider credentials, ClientOverrideConfiguration override) {
    builder.credentialsProvider(credentials).overrideConfiguration(override);
    settings.endpointOverride().ifPresent(builder::endpointOverride);
    if (builder
        instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
      sync.httpClient(http);
    }
    return builder;
  }

  @Override
  public void close() {
    sessions.values().forEach(AccountSession::close);
    sessions.clear();
    http.close();
  }
}
