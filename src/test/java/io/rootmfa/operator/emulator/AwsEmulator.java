package io.rootmfa.operator.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

/**
 * An in-process emulator of the AWS APIs rootmfa-operator uses: IAM and STS (AWS Query protocol,
 * XML) and Secrets Manager (AWS JSON 1.1), all on one loopback HTTP endpoint that the unmodified
 * AWS SDK for Java v2 reaches through {@code endpointOverride(emulator.endpoint())}.
 *
 * <p>Callers are identified by the SigV4 {@code Authorization} header (whose signature is verified
 * against the key's secret by default); the scope's region selects the Secrets Manager region.
 * Every response carries a {@code Date} header from the emulator's own clock ({@link
 * #setClockOffset}) and {@code x-amzn-RequestId}.
 *
 * <pre>{@code
 * try (AwsEmulator aws = AwsEmulator.start()) {
 *     EmulatedAccount account = aws.createAccount("111122223333");
 *     AccessKey root = account.createRootAccessKey();
 *     IamClient iam = EmulatorClients.iam(aws, root);
 *     ...
 * }
 * }</pre>
 */
public final class AwsEmulator implements AutoCloseable {

  private final EmulatorClock clock;
  private final KeyRegistry keys = new KeyRegistry();
  private final Map<String, EmulatedAccount> accounts = new ConcurrentSkipListMap<>();
  private final Map<String, KmsKey> kmsKeys = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.Queue<EmulatedOrganization> organizations =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final Set<String> refusedKmsKeys = ConcurrentHashMap.newKeySet();
  private final Map<String, String> failedReplicaRegions = new ConcurrentHashMap<>();
  private final Faults faults = new Faults();
  private final CallLog calls = new CallLog();
  private final java.util.Queue<String> issuedSeeds =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.Queue<List<String>> acceptedCodes =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final RootApiMode defaultRootApiMode;
  private final LongSupplier quotaTicker;
  private final MiniHttpServer server;
  private final AdminApi adminApi;

  /** Every emulator started in this JVM, for leak scans over everything a test run produced. */
  private static final java.util.Queue<AwsEmulator> STARTED =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  private AwsEmulator(Builder builder) {
    this.clock = new EmulatorClock(builder.clock);
    this.defaultRootApiMode = builder.rootApiMode;
    this.quotaTicker = builder.quotaTicker;
    Dispatcher dispatcher = new Dispatcher(this, keys, builder.verifySignatures);
    this.adminApi = new AdminApi(this);
    try {
      this.server =
          new MiniHttpServer(
              builder.port,
              request ->
                  request.path().startsWith(AdminApi.PREFIX)
                      ? adminApi.handle(request)
                      : dispatcher.dispatch(request));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the AWS emulator", e);
    }
    dispatcher.attach(server);
    STARTED.add(this);
  }

  /**
   * The emulators started in this JVM so far, closed ones included (their secrets still count for
   * leak scans).
   */
  public static List<AwsEmulator> startedInThisJvm() {
    return List.copyOf(STARTED);
  }

  /** Starts an emulator on a free loopback port with default settings. */
  public static AwsEmulator start() {
    return builder().start();
  }

  /** A builder for non-default settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** Emulator settings. */
  public static final class Builder {
    private int port;
    private RootApiMode rootApiMode = RootApiMode.ALLOWED;
    private boolean verifySignatures = true;
    private Clock clock = Clock.systemUTC();
    private LongSupplier quotaTicker = System::nanoTime;

    private Builder() {}

    /** The loopback port; 0 (default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The default {@link RootApiMode} for accounts (default {@link RootApiMode#ALLOWED}). */
    public Builder rootApiMode(RootApiMode mode) {
      this.rootApiMode = Objects.requireNonNull(mode);
      return this;
    }

    /** Whether SigV4 signatures are verified (default true). */
    public Builder verifySignatures(boolean verify) {
      this.verifySignatures = verify;
      return this;
    }

    /** The base clock the emulator clock offsets from (default the system UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * The monotonic nanosecond ticker behind the per-second quotas (default {@link
     * System#nanoTime()}). Tests can freeze it so that a quota is exhausted deterministically,
     * whatever the machine's speed.
     */
    public Builder quotaTicker(LongSupplier nanoTicker) {
      this.quotaTicker = Objects.requireNonNull(nanoTicker);
      return this;
    }

    /** Starts the emulator. */
    public AwsEmulator start() {
      return new AwsEmulator(this);
    }
  }

  /** {@code http://127.0.0.1:<port>}, for {@code endpointOverride}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** The bound port. */
  public int port() {
    return server.port();
  }

  // ---- accounts
  // --------------------------------------------------------------------------------------

  /** Creates an account (12 digits) whose root user has a password and no access keys. */
  public EmulatedAccount createAccount(String accountId) {
    EmulatedAccount account =
        new EmulatedAccount(accountId, clock, keys, defaultRootApiMode, quotaTicker);
    if (accounts.putIfAbsent(accountId, account) != null) {
      throw new IllegalArgumentException("account exists: " + accountId);
    }
    return account;
  }

  /** An existing account; throws if unknown. */
  public EmulatedAccount account(String accountId) {
    return findAccount(accountId)
        .orElseThrow(() -> new IllegalArgumentException("no such account: " + accountId));
  }

  /** An account, if it exists. */
  /** The AWS console of an account, as a person with its root password uses it. */
  public ConsoleWizard console(String accountId) {
    return new ConsoleWizard(this, account(accountId));
  }

  public Optional<EmulatedAccount> findAccount(String accountId) {
    return Optional.ofNullable(accounts.get(accountId));
  }

  /** All accounts by id. */
  public List<EmulatedAccount> accounts() {
    return List.copyOf(accounts.values());
  }

  /**
   * Registers caller-chosen long-term credentials for an IAM user or the root user ({@code userName
   * == null}), e.g. fixed demo credentials.
   */
  public AccessKey registerAccessKey(
      String accountId, String userName, String accessKeyId, String secretAccessKey) {
    EmulatedAccount account = account(accountId);
    Principal principal =
        userName == null
            ? account.rootPrincipal()
            : account
                .user(userName)
                .orElseThrow(() -> new IllegalArgumentException("no such user"))
                .principal();
    return keys.register(accessKeyId, secretAccessKey, principal);
  }

  // ---- organizations
  // ---------------------------------------------------------------------------------

  /**
   * Creates an organization (all features, centralized root access off) whose management account is
   * {@code managementAccountId}, created here if it does not exist yet.
   */
  public EmulatedOrganization createOrganization(String managementAccountId) {
    if (organizationOf(managementAccountId).isPresent()) {
      throw new IllegalArgumentException("already in an organization: " + managementAccountId);
    }
    EmulatedOrganization org = new EmulatedOrganization(this, managementAccountId);
    organizations.add(org);
    return org;
  }

  /** The organization an account is a member of, if any. */
  public Optional<EmulatedOrganization> organizationOf(String accountId) {
    return organizations.stream().filter(o -> o.isMember(accountId)).findFirst();
  }

  /** Denies an action (e.g. {@code iam:EnableMFADevice}) to every principal of an account. */
  public void deny(String accountId, String action) {
    account(accountId).deny(action);
  }

  // ---- KMS
  // -----------------------------------------------------------------------------------------------

  /**
   * Makes Secrets Manager writes and reads with this KMS key id fail with {@code
   * AccessDeniedException}.
   */
  public void refuseKmsKey(String kmsKeyId) {
    refusedKmsKeys.add(kmsKeyId);
  }

  /** Undoes {@link #refuseKmsKey}. */
  public void allowKmsKey(String kmsKeyId) {
    refusedKmsKeys.remove(kmsKeyId);
  }

  /**
   * A customer-managed KMS key of an account with its key policy, named by key id and alias: a
   * secret encrypted with it ({@code KmsKeyId} = the id, the alias or the key ARN) can be read or
   * written only by a caller the key policy allows {@code kms:Decrypt} or {@code
   * kms:GenerateDataKey} (through Secrets Manager). Keys not created here are not evaluated.
   */
  public void createKmsKey(String accountId, String keyId, String alias, String keyPolicy) {
    kmsKeys.put(
        accountId + "/" + keyId,
        new KmsKey(accountId, keyId, alias, PolicyDocument.parse(keyPolicy)));
  }

  /** A key created with {@link #createKmsKey}, by the id, alias or ARN a secret names. */
  Optional<KmsKey> kmsKey(String accountId, String kmsKeyId) {
    if (kmsKeyId == null) {
      return Optional.empty();
    }
    return kmsKeys.values().stream()
        .filter(k -> k.accountId().equals(accountId) && k.isNamedBy(kmsKeyId))
        .findFirst();
  }

  /** A customer-managed key: its account, id, alias and key policy. */
  record KmsKey(String accountId, String keyId, String alias, PolicyDocument policy) {
    boolean isNamedBy(String kmsKeyId) {
      String tail = kmsKeyId.startsWith("arn:") ? kmsKeyId.split(":", 6)[5] : kmsKeyId;
      return kmsKeyId.equals(keyId)
          || kmsKeyId.equals(alias)
          || tail.equals("key/" + keyId)
          || tail.equals(alias);
    }
  }

  boolean isKmsKeyRefused(String kmsKeyId) {
    return kmsKeyId != null && refusedKmsKeys.contains(kmsKeyId);
  }

  /**
   * Makes replication to a region fail, as AWS reports it: every replica created in {@code region}
   * from now on has {@code ReplicationStatus} {@code Failed} with {@code statusMessage} (the
   * primary is written as usual).
   */
  public void failReplication(String region, String statusMessage) {
    failedReplicaRegions.put(region, statusMessage);
  }

  /** The status message of a replication to {@code region} made to fail, if it was. */
  Optional<String> replicationFailure(String region) {
    return Optional.ofNullable(failedReplicaRegions.get(region));
  }

  // ---- clock, faults, observation
  // ---------------------------------------------------------------------

  /** The emulator's current time ("AWS time"). */
  public Instant clock() {
    return clock.now();
  }

  /** Sets the emulator clock's offset from the JVM clock. */
  public void setClockOffset(Duration offset) {
    clock.setOffset(offset);
  }

  /** The emulator clock's offset from the JVM clock. */
  public Duration clockOffset() {
    return clock.offset();
  }

  /** Fault injection. */
  public Faults faults() {
    return faults;
  }

  /** The call log. */
  public CallLog calls() {
    return calls;
  }

  /** The emulator-wide default root API mode. */
  public RootApiMode defaultRootApiMode() {
    return defaultRootApiMode;
  }

  /** The design's invariants, evaluated now over all accounts. */
  public Invariants invariants() {
    return Invariants.compute(accounts());
  }

  /**
   * Every secret value this emulator handed out or accepted so far, for leak scans. Tests search
   * logs, Events and objects for these; they must never print them.
   */
  public IssuedSecrets issuedSecretsForAssertions() {
    List<String> credentials = new java.util.ArrayList<>();
    for (AccessKey key : keys.all()) {
      credentials.add(key.secretAccessKey());
      if (key.sessionToken() != null) {
        credentials.add(key.sessionToken());
      }
    }
    return new IssuedSecrets(
        List.copyOf(issuedSeeds), List.copyOf(acceptedCodes), List.copyOf(credentials));
  }

  void noteIssuedSeed(String seed) {
    issuedSeeds.add(seed);
  }

  void noteAcceptedCodes(String first, String second) {
    acceptedCodes.add(List.of(first, second));
  }

  /**
   * Records that a {@code GetSecretValue} returned a seed document (used by {@link Invariants}).
   */
  void noteSeedReadBack(SeedRecord record) {
    if (record == null) {
      return;
    }
    for (EmulatedAccount account : accounts.values()) {
      for (VirtualMfaDevice device : account.devices.values()) {
        if (device.seed().equals(record.seed())) {
          device.markSeedReadBack();
        }
      }
    }
  }

  /** Stops the server; held requests are released. */
  @Override
  public void close() {
    server.close();
  }
}
