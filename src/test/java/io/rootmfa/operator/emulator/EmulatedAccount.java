package io.rootmfa.operator.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

/**
 * One AWS account's state: root user, IAM users, roles, virtual MFA devices, secrets (per region),
 * deny rules and quotas. Handlers mutate it while holding its monitor ({@code synchronized
 * (account)}); the public accessors return snapshots and are safe to call from tests at any time.
 */
public final class EmulatedAccount {

  /**
   * Secrets Manager's documented write quota (CreateSecret, PutSecretValue, TagResource,
   * DeleteSecret…).
   */
  public static final int DEFAULT_SECRETS_MANAGER_WRITES_PER_SECOND = 50;

  /** AWS allows up to eight MFA devices per user (root included). */
  public static final int MAX_MFA_DEVICES_PER_PRINCIPAL = 8;

  private final String accountId;
  private final Principal root;
  private final Instant createDate;
  private final EmulatorClock clock;
  private final KeyRegistry keys;
  private final RootApiMode emulatorRootApiMode;
  private volatile RootApiMode rootApiMode;
  private volatile boolean rootPasswordPresent = true;
  private volatile boolean rootAccessKeysPresent;

  final Map<String, IamUser> users = new ConcurrentSkipListMap<>(String.CASE_INSENSITIVE_ORDER);
  final Map<String, Role> roles = new ConcurrentSkipListMap<>(String.CASE_INSENSITIVE_ORDER);

  /** Devices by serial number. */
  final Map<String, VirtualMfaDevice> devices = new ConcurrentSkipListMap<>();

  /** Primary secrets by {@code region + "/" + name}. */
  final Map<String, Secret> secrets = new ConcurrentSkipListMap<>();

  private final Map<String, SigningCertificate> rootSigningCertificates =
      new ConcurrentSkipListMap<>();
  private final Map<String, Set<String>> denied = new ConcurrentHashMap<>();
  private final LongSupplier quotaTicker;
  private final RateLimiter iamLimiter;
  private final Map<String, RateLimiter> secretsManagerWriteLimiters = new ConcurrentHashMap<>();
  private volatile int secretsManagerWritesPerSecond = DEFAULT_SECRETS_MANAGER_WRITES_PER_SECOND;
  private final Map<String, Integer> enableBeforeStoredSeed = new ConcurrentHashMap<>();

  EmulatedAccount(
      String accountId,
      EmulatorClock clock,
      KeyRegistry keys,
      RootApiMode emulatorRootApiMode,
      LongSupplier quotaTicker) {
    if (!accountId.matches("\\d{12}")) {
      throw new IllegalArgumentException("account id must be 12 digits");
    }
    this.accountId = accountId;
    this.root = Principal.root(accountId);
    this.clock = clock;
    this.createDate = clock.now();
    this.keys = keys;
    this.emulatorRootApiMode = emulatorRootApiMode;
    this.quotaTicker = quotaTicker;
    this.iamLimiter = new RateLimiter(0, quotaTicker);
  }

  /** The 12-digit account id. */
  public String accountId() {
    return accountId;
  }

  /** The root user principal ({@code arn:aws:iam::<acct>:root}). */
  public Principal rootPrincipal() {
    return root;
  }

  /** When the account (and its root user) was created. */
  public Instant createDate() {
    return createDate;
  }

  // ---- root user
  // ---------------------------------------------------------------------------------------

  /**
   * Whether the root user has a console password ({@code AccountPasswordPresent}); default true.
   */
  public boolean rootPasswordPresent() {
    return rootPasswordPresent;
  }

  /** Sets whether the root user has a console password. */
  public EmulatedAccount setRootPasswordPresent(boolean present) {
    this.rootPasswordPresent = present;
    return this;
  }

  /**
   * Marks root access keys as present even though the emulator issued none (keys that exist
   * "somewhere"). {@code AccountAccessKeysPresent} is 1 if this flag is set or any root key was
   * created here.
   */
  public EmulatedAccount setRootAccessKeysPresent(boolean present) {
    this.rootAccessKeysPresent = present;
    return this;
  }

  /** {@code AccountAccessKeysPresent}. */
  public boolean rootAccessKeysPresent() {
    return rootAccessKeysPresent || !keys.longTermKeysOf(root.arn()).isEmpty();
  }

  /** Creates a root access key (which makes {@code AccountAccessKeysPresent} 1). */
  public AccessKey createRootAccessKey() {
    return keys.issueLongTerm(root);
  }

  /** The long-term access keys of a principal of this account (root: its root ARN). */
  public List<AccessKey> longTermKeysOf(String principalArn) {
    return keys.longTermKeysOf(principalArn);
  }

  /** A root signing certificate (X.509): its id and upload date only. */
  public record SigningCertificate(String certificateId, Instant uploadDate) {}

  /**
   * Uploads a signing certificate for the root user (makes {@code
   * AccountSigningCertificatesPresent} 1).
   */
  public SigningCertificate uploadRootSigningCertificate() {
    SigningCertificate certificate =
        new SigningCertificate(Ids.awsId("") + Ids.awsId(""), clock.now());
    rootSigningCertificates.put(certificate.certificateId(), certificate);
    return certificate;
  }

  /** The root user's signing certificates. */
  public List<SigningCertificate> rootSigningCertificates() {
    return List.copyOf(rootSigningCertificates.values());
  }

  boolean deleteRootSigningCertificate(String certificateId) {
    return rootSigningCertificates.remove(certificateId) != null;
  }

  /** Deletes an access key of any principal of this account. */
  public boolean deleteAccessKey(String accessKeyId) {
    AccessKey key = keys.find(accessKeyId);
    return key != null && key.principal().accountId().equals(accountId) && keys.remove(accessKeyId);
  }

  /** True when an MFA device is assigned to the root user ({@code AccountMFAEnabled}). */
  public boolean rootMfaEnabled() {
    return devices.values().stream()
        .anyMatch(d -> d.assignedTo().map(MfaTarget::isRoot).orElse(false));
  }

  /** The effective root API mode (this account's override, else the emulator's default). */
  public RootApiMode rootApiMode() {
    RootApiMode mode = rootApiMode;
    return mode != null ? mode : emulatorRootApiMode;
  }

  /**
   * Overrides the emulator's root API mode for this account ({@code null} restores the default).
   */
  public EmulatedAccount setRootApiMode(RootApiMode mode) {
    this.rootApiMode = mode;
    return this;
  }

  // ---- IAM users and roles
  // -----------------------------------------------------------------------------

  /** Creates an IAM user (names are unique case-insensitively, as in IAM). */
  public synchronized IamUser createUser(String userName) {
    if (!userName.matches("[\\w+=,.@-]{1,64}")) {
      throw new IllegalArgumentException("invalid IAM user name");
    }
    if (users.containsKey(userName)) {
      throw new IllegalArgumentException("user exists: " + userName);
    }
    IamUser user =
        new IamUser(
            accountId,
            userName,
            Ids.awsId("AIDA"),
            "arn:aws:iam::" + accountId + ":user/" + userName,
            clock.now());
    users.put(userName, user);
    return user;
  }

  /** Creates an access key for an existing IAM user. */
  public AccessKey createAccessKey(String userName) {
    IamUser user =
        user(userName).orElseThrow(() -> new IllegalArgumentException("no such user: " + userName));
    return keys.issueLongTerm(user.principal());
  }

  /** An IAM user by name. */
  public Optional<IamUser> user(String userName) {
    return Optional.ofNullable(users.get(userName));
  }

  /** All IAM users. */
  public List<IamUser> users() {
    return List.copyOf(users.values());
  }

  /**
   * Creates a role any principal known to the emulator may assume.
   *
   * @param externalId the external id the trust requires, or {@code null}
   */
  public Role createRole(String roleName, String externalId) {
    return createRole(roleName, externalId, Set.of());
  }

  /**
   * Creates a role.
   *
   * @param externalId the external id the trust requires, or {@code null}
   * @param trustedPrincipals principal ARNs allowed to assume it ({@code arn:aws:iam::<acct>:root}
   *     = that whole account); empty = any known principal
   */
  public synchronized Role createRole(
      String roleName, String externalId, Set<String> trustedPrincipals) {
    return createRole(roleName, externalId, trustedPrincipals, true);
  }

  /**
   * Creates a role whose trust policy allows {@code sts:TagSession} only when {@code
   * allowsTagSession} (AWS refuses AssumeRole with session tags otherwise).
   */
  public synchronized Role createRole(
      String roleName, String externalId, Set<String> trustedPrincipals, boolean allowsTagSession) {
    if (!roleName.matches("[\\w+=,.@-]{1,64}")) {
      throw new IllegalArgumentException("invalid role name");
    }
    if (roles.containsKey(roleName)) {
      throw new IllegalArgumentException("role exists: " + roleName);
    }
    Role role =
        new Role(
            accountId,
            roleName,
            Ids.awsId("AROA"),
            "arn:aws:iam::" + accountId + ":role/" + roleName,
            externalId,
            Set.copyOf(trustedPrincipals),
            Duration.ofHours(1),
            clock.now(),
            allowsTagSession);
    roles.put(roleName, role);
    return role;
  }

  /** Deletes a role, as an administrator would to replace its trust policy. */
  public synchronized void deleteRole(String roleName) {
    roles.remove(roleName);
  }

  /** A role by name. */
  public Optional<Role> role(String roleName) {
    return Optional.ofNullable(roles.get(roleName));
  }

  // ---- MFA devices
  // ---------------------------------------------------------------------------------------

  /** All virtual MFA devices, by serial number. */
  public List<VirtualMfaDevice> devices() {
    return List.copyOf(devices.values());
  }

  /** A device by serial number. */
  public Optional<VirtualMfaDevice> device(String serialNumber) {
    return Optional.ofNullable(devices.get(serialNumber));
  }

  /** Devices assigned to a target ({@code root} or {@code iamUser/<name>}). */
  public List<VirtualMfaDevice> devicesAssignedTo(String targetLabel) {
    return devices.values().stream()
        .filter(d -> d.assignedTo().map(t -> t.label().equals(targetLabel)).orElse(false))
        .toList();
  }

  /**
   * How many successful {@code EnableMFADevice} calls for {@code targetLabel} used a device whose
   * seed had not been read back from Secrets Manager first (invariant 1 of the design: must stay
   * 0).
   */
  public int enableBeforeStoredSeed(String targetLabel) {
    return enableBeforeStoredSeed.getOrDefault(targetLabel, 0);
  }

  Map<String, Integer> enableBeforeStoredSeedCounts() {
    return Map.copyOf(enableBeforeStoredSeed);
  }

  void countEnableBeforeStoredSeed(String targetLabel) {
    enableBeforeStoredSeed.merge(targetLabel, 1, Integer::sum);
  }

  // ---- secrets
  // ---------------------------------------------------------------------------------------------

  /** All primary secrets (including those scheduled for deletion), by region then name. */
  public List<Secret> secrets() {
    List<Secret> list = new ArrayList<>(secrets.values());
    list.sort(Comparator.comparing(Secret::primaryRegion).thenComparing(Secret::name));
    return list;
  }

  /** A secret by region and name; replicas are found in their replica regions too. */
  public Optional<Secret> secret(String region, String name) {
    Secret primary = secrets.get(region + "/" + name);
    if (primary != null) {
      return Optional.of(primary);
    }
    return secrets.values().stream()
        .filter(s -> s.name().equals(name) && s.hasReplicaIn(region))
        .findFirst();
  }

  // ---- policy and quotas
  // -------------------------------------------------------------------------------------

  /**
   * Denies {@code action} (e.g. {@code iam:EnableMFADevice}, {@code iam:*}, {@code *}) to every
   * principal.
   */
  public EmulatedAccount deny(String action) {
    return deny(action, "*");
  }

  /**
   * Denies {@code action} to one principal ARN of this account (for sessions: the assumed-role
   * ARN).
   */
  public EmulatedAccount deny(String action, String principalArn) {
    denied
        .computeIfAbsent(principalArn, k -> ConcurrentHashMap.newKeySet())
        .add(action.toLowerCase(Locale.ROOT));
    return this;
  }

  /** Removes every deny rule. */
  public EmulatedAccount allowAll() {
    denied.clear();
    return this;
  }

  boolean isDenied(Principal principal, String action) {
    String lower = action.toLowerCase(Locale.ROOT);
    String servicePrefix = lower.substring(0, lower.indexOf(':') + 1) + "*";
    for (String who : List.of("*", principal.arn())) {
      Set<String> actions = denied.get(who);
      if (actions != null
          && (actions.contains(lower)
              || actions.contains(servicePrefix)
              || actions.contains("*"))) {
        return true;
      }
    }
    return false;
  }

  /** IAM calls per second allowed for this account; 0 (the default) is unlimited. */
  public EmulatedAccount setIamCallsPerSecond(int perSecond) {
    iamLimiter.setPerSecond(perSecond);
    return this;
  }

  /** Secrets Manager writes per second per region (default 50). */
  public EmulatedAccount setSecretsManagerWritesPerSecond(int perSecond) {
    this.secretsManagerWritesPerSecond = perSecond;
    secretsManagerWriteLimiters.values().forEach(l -> l.setPerSecond(perSecond));
    return this;
  }

  boolean tryIamCall() {
    return iamLimiter.tryAcquire();
  }

  boolean trySecretsManagerWrite(String region) {
    return secretsManagerWriteLimiters
        .computeIfAbsent(region, r -> new RateLimiter(secretsManagerWritesPerSecond, quotaTicker))
        .tryAcquire();
  }

  @Override
  public String toString() {
    return "EmulatedAccount[" + accountId + "]";
  }
}
