package io.rootmfa.operator.aws;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import lombok.extern.jbosslog.JBossLog;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Opens, shares and closes {@link AccountSession}s. A session is keyed by account, region and
 * credential source and is shared by every policy that uses the same key; when the last policy
 * using it moves to another key or is deleted, it is closed.
 *
 * <p>A session owns no client, thread or connection: every session's requests go through one IAM
 * client, and one Secrets Manager and one STS client per region, which share one HTTP connection
 * pool and one scheduler for timeouts. Each request carries its session's credentials, retry
 * strategy and identity ({@link SessionScopedClient}), so threads and memory do not grow with the
 * number of accounts; a session is a few small objects. Assumed-role credentials are cached per
 * session and refreshed on the calling thread five minutes before they expire.
 *
 * <p>Each session has its own adaptive retry strategy: when AWS throttles an account, that
 * account's calls are paced by the SDK's client-side rate limiter (and retried with backoff and
 * jitter), while other accounts, whose quotas are their own, go on at full speed.
 */
@JBossLog
public final class AccountSessions implements AutoCloseable {

  /** Connections to one endpoint; more than the reconcile threads that could use them at once. */
  private static final int MAX_CONNECTIONS = 128;

  /** What a session is for: account, region and how to reach it. */
  public record Key(String accountId, String region, CredentialSource source) {}

  /** Settings shared by every session. */
  public record Settings(
      Optional<URI> endpointOverride,
      AwsCredentialsProvider operatorIdentity,
      double secretsManagerWritesPerSecond,
      Duration callTimeout,
      int maxAttempts) {}

  /** The clients of one region. */
  private record RegionClients(SecretsManagerClient secretsManager, StsClient sts) {}

  private final Settings settings;
  private final Clock clock;
  private final SdkHttpClient http;
  private final ScheduledExecutorService timeouts;
  private final ClientOverrideConfiguration sharedOverride;
  private final IamClient iam;
  private final Map<String, RegionClients> regions = new ConcurrentHashMap<>();
  private final Map<Key, AccountSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, Key> keyOfPolicy = new ConcurrentHashMap<>();
  private final Map<String, RatePacer> writePacers = new ConcurrentHashMap<>();
  private volatile @Nullable OrganizationDirectory organizations;

  public AccountSessions(Settings settings, MeterRegistry meters, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.http =
        Apache5HttpClient.builder()
            .maxConnections(MAX_CONNECTIONS)
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(settings.callTimeout())
            .build();
    AtomicInteger n = new AtomicInteger();
    ScheduledThreadPoolExecutor timeouts =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "aws-call-timeouts-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    // Every call schedules its timeouts and cancels them when it ends: without this a cancelled
    // timeout (and what it refers to) would wait in the queue for its full delay.
    timeouts.setRemoveOnCancelPolicy(true);
    this.timeouts = timeouts;
    this.sharedOverride =
        ClientOverrideConfiguration.builder()
            .addExecutionInterceptor(new AwsCallRecorder(meters))
            .scheduledExecutorService(timeouts)
            .retryStrategy(retryStrategy())
            .apiCallTimeout(settings.callTimeout().multipliedBy(settings.maxAttempts()))
            .apiCallAttemptTimeout(settings.callTimeout())
            .build();
    // IAM is a global service: its endpoint lives in us-east-1 (aws-global) whatever the policy's
    // region.
    this.iam = configure(IamClient.builder().region(Region.AWS_GLOBAL)).build();
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

  /**
   * The pacer of Secrets Manager writes to one account and region, shared by every session that
   * writes there: the quota belongs to the account that holds the secrets, whoever writes them.
   */
  public RatePacer secretsManagerWrites(String accountId, String region) {
    return writePacers.computeIfAbsent(
        accountId + "/" + region, k -> new RatePacer(settings.secretsManagerWritesPerSecond()));
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
    RegionClients regional = regions.computeIfAbsent(key.region(), this::regionClients);
    AwsClock awsClock = new AwsClock(clock);
    AwsCredentialsProvider credentials = credentialsFor(key, regional.sts(), keys);
    AwsRequestOverrideConfiguration session =
        AwsRequestOverrideConfiguration.builder()
            .credentialsProvider(credentials)
            .putExecutionAttribute(AwsCallRecorder.ACCOUNT, key.accountId())
            .putExecutionAttribute(AwsCallRecorder.CLOCK, awsClock)
            .addPlugin(withRetryStrategy(retryStrategy()))
            .build();
    LOG.debugf(
        "opened AWS session for account %s region %s via %s",
        key.accountId(), key.region(), key.source().getClass().getSimpleName());
    return new AccountSession(
        key.accountId(),
        SessionScopedClient.of(IamClient.class, iam, session),
        SessionScopedClient.of(SecretsManagerClient.class, regional.secretsManager(), session),
        SessionScopedClient.of(StsClient.class, regional.sts(), session),
        awsClock,
        secretsManagerWrites(key.accountId(), key.region()),
        credentials instanceof AutoCloseable closeable ? closeable : () -> {},
        issuedInAccount(key, credentials));
  }

  /**
   * How a session learns the account of its credentials without a call of its own: sts:AssumeRole
   * answers with the ARN of the role's session ({@code arn:aws:sts::ACCOUNT:assumed-role/...}), and
   * the SDK's provider keeps its account with the credentials. Obtaining them is the AssumeRole
   * call, reported as such when it fails. Other sources say nothing (keys from a Secret name no
   * account; sts:AssumeRoot answers no ARN), so their sessions ask GetCallerIdentity.
   */
  private static Supplier<Optional<String>> issuedInAccount(
      Key key, AwsCredentialsProvider credentials) {
    if (!(key.source() instanceof CredentialSource.AssumedRole)) {
      return Optional::empty;
    }
    return () ->
        AwsCallException.wrap(key.accountId(), "AssumeRole", credentials::resolveCredentials)
            .accountId();
  }

  private RegionClients regionClients(String region) {
    Region r = Region.of(region);
    return new RegionClients(
        configure(SecretsManagerClient.builder().region(r)).build(),
        configure(StsClient.builder().region(r)).build());
  }

  /**
   * The credentials of a session. Assumed-role credentials come from the region's shared STS client
   * acting as the operator, cached until five minutes before they expire.
   */
  private AwsCredentialsProvider credentialsFor(
      Key key, StsClient sts, Optional<CredentialSource.StaticKeys> keys) {
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
      return StsAssumeRoleCredentialsProvider.builder()
          .stsClient(sts)
          .prefetchTime(Duration.ofMinutes(5))
          .staleTime(Duration.ofMinutes(1))
          .refreshRequest(
              r -> {
                r.roleArn(role.roleArn())
                    .roleSessionName(role.session().name())
                    .externalId(role.externalId())
                    .durationSeconds(3600);
                if (!role.session().tags().isEmpty()) {
                  r.tags(
                      role.session().tags().entrySet().stream()
                          .sorted(Map.Entry.comparingByKey())
                          .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                          .toList());
                }
              })
          .build();
    }
    if (key.source() instanceof CredentialSource.RootSession root) {
      // sts:AssumeRoot on the region's STS endpoint, as the operator (management account or
      // delegated administrator); closing the session closes only this provider's cache.
      return new RootSessionCredentials(sts, key.accountId(), root.taskPolicyArn());
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

  private RetryStrategy retryStrategy() {
    return AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
        .maxAttempts(settings.maxAttempts())
        .build();
  }

  /**
   * A request plugin that gives the request's execution a retry strategy of its own. The override
   * holds only the strategy, so only the strategy is replaced (the SDK copies the options an
   * override sets), and it is built once per session, not per request.
   */
  private static SdkPlugin withRetryStrategy(RetryStrategy strategy) {
    ClientOverrideConfiguration retry =
        ClientOverrideConfiguration.builder().retryStrategy(strategy).build();
    return config -> config.overrideConfiguration(retry);
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
    builder
        .credentialsProvider(settings.operatorIdentity())
        .overrideConfiguration(sharedOverride)
        .httpClient(http);
    settings.endpointOverride().ifPresent(builder::endpointOverride);
    return builder;
  }

  @Override
  public void close() {
    sessions.values().forEach(AccountSession::close);
    sessions.clear();
    iam.close();
    regions
        .values()
        .forEach(
            r -> {
              r.secretsManager().close();
              r.sts().close();
            });
    regions.clear();
    http.close();
    timeouts.shutdownNow();
  }
}
