package io.rootmfa.operator.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An AWS Organizations organization (all features): its root, organizational units, member accounts
 * with their status, delegated administrators, and the two features of IAM's centralized root
 * access ({@code RootCredentialsManagement}, {@code RootSessions}). Every member is also an {@link
 * EmulatedAccount} of the emulator. Thread-safe.
 */
public final class EmulatedOrganization {

  /** The service principal of IAM, whose delegated administrator may call {@code AssumeRoot}. */
  public static final String IAM_SERVICE_PRINCIPAL = "iam.amazonaws.com";

  /** Account status as {@code ListAccounts} reports it. */
  public enum AccountStatus {
    ACTIVE,
    SUSPENDED,
    PENDING_CLOSURE
  }

  /** One member account. */
  public record Member(
      String accountId,
      String name,
      String email,
      String parentId,
      AccountStatus status,
      String joinedMethod,
      Instant joined) {}

  /** One organizational unit. */
  public record OrganizationalUnit(String id, String name, String parentId) {}

  private final AwsEmulator emulator;
  private final String id;
  private final String rootId;
  private final String managementAccountId;
  private final Map<String, OrganizationalUnit> units = new LinkedHashMap<>();
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final Map<String, Set<String>> delegatedAdministrators = new ConcurrentHashMap<>();
  private volatile boolean rootCredentialsManagement;
  private volatile boolean rootSessions;
  private volatile int maxPageSize = 20;

  EmulatedOrganization(AwsEmulator emulator, String managementAccountId) {
    this.emulator = emulator;
    this.id = "o-" + Ids.lowerAlnum(10);
    this.rootId = "r-" + Ids.lowerAlnum(4);
    this.managementAccountId = managementAccountId;
    EmulatedAccount management =
        emulator
            .findAccount(managementAccountId)
            .orElseGet(() -> emulator.createAccount(managementAccountId));
    members.put(
        managementAccountId,
        new Member(
            managementAccountId,
            "management",
            "management@example.com",
            rootId,
            AccountStatus.ACTIVE,
            "CREATED",
            management.createDate()));
  }

  /** {@code o-…}. */
  public String id() {
    return id;
  }

  /** The root's id, {@code r-…}: the top parent of every OU and account. */
  public String rootId() {
    return rootId;
  }

  /** The management account's id. */
  public String managementAccountId() {
    return managementAccountId;
  }

  /** The organization's ARN. */
  public String arn() {
    return "arn:aws:organizations::" + managementAccountId + ":organization/" + id;
  }

  /** Creates an organizational unit under a parent (the root or another OU). */
  public synchronized OrganizationalUnit createOrganizationalUnit(String parentId, String name) {
    requireParent(parentId);
    String ouId = "ou-" + rootId.substring(2) + "-" + Ids.lowerAlnum(8);
    OrganizationalUnit unit = new OrganizationalUnit(ouId, name, parentId);
    units.put(ouId, unit);
    return unit;
  }

  /**
   * Adds an account (created in the emulator if it does not exist yet) under a parent, {@code
   * ACTIVE}. Its root user has a password and no access keys unless the caller changes that.
   */
  public synchronized EmulatedAccount addAccount(String accountId, String parentId, String name) {
    requireParent(parentId);
    if (members.containsKey(accountId)) {
      throw new IllegalArgumentException("already a member: " + accountId);
    }
    EmulatedAccount account =
        emulator.findAccount(accountId).orElseGet(() -> emulator.createAccount(accountId));
    members.put(
        accountId,
        new Member(
            accountId,
            name,
            name + "@example.com",
            parentId,
            AccountStatus.ACTIVE,
            "CREATED",
            emulator.clock()));
    return account;
  }

  /** The account leaves the organization; the account itself (and all its state) stays. */
  public synchronized void removeAccount(String accountId) {
    if (accountId.equals(managementAccountId)) {
      throw new IllegalArgumentException("the management account cannot leave its organization");
    }
    if (members.remove(accountId) == null) {
      throw new IllegalArgumentException("not a member: " + accountId);
    }
  }

  /** Sets a member's status (e.g. {@link AccountStatus#SUSPENDED}). */
  public synchronized void setStatus(String accountId, AccountStatus status) {
    Member m = member(accountId).orElseThrow(() -> new IllegalArgumentException("not a member"));
    members.put(
        accountId,
        new Member(
            m.accountId(),
            m.name(),
            m.email(),
            m.parentId(),
            status,
            m.joinedMethod(),
            m.joined()));
  }

  /** Registers a member as delegated administrator for a service principal. */
  public void registerDelegatedAdministrator(String accountId, String servicePrincipal) {
    if (!isMember(accountId) || accountId.equals(managementAccountId)) {
      throw new IllegalArgumentException("a delegated administrator must be a member account");
    }
    delegatedAdministrators
        .computeIfAbsent(accountId, k -> ConcurrentHashMap.newKeySet())
        .add(servicePrincipal);
  }

  /** Whether an account is a delegated administrator for any service. */
  public boolean isDelegatedAdministrator(String accountId) {
    return !delegatedAdministrators.getOrDefault(accountId, Set.of()).isEmpty();
  }

  /** Whether an account is a delegated administrator for one service principal. */
  public boolean isDelegatedAdministrator(String accountId, String servicePrincipal) {
    return delegatedAdministrators.getOrDefault(accountId, Set.of()).contains(servicePrincipal);
  }

  /**
   * Turns IAM's centralized root access on or off: both {@code RootCredentialsManagement} and
   * {@code RootSessions}.
   */
  public EmulatedOrganization setCentralizedRootAccess(boolean enabled) {
    return setRootCredentialsManagement(enabled).setRootSessions(enabled);
  }

  /** IAM's {@code RootCredentialsManagement} feature. */
  public EmulatedOrganization setRootCredentialsManagement(boolean enabled) {
    this.rootCredentialsManagement = enabled;
    return this;
  }

  /** IAM's {@code RootSessions} feature. */
  public EmulatedOrganization setRootSessions(boolean enabled) {
    this.rootSessions = enabled;
    return this;
  }

  public boolean rootCredentialsManagement() {
    return rootCredentialsManagement;
  }

  public boolean rootSessions() {
    return rootSessions;
  }

  /**
   * The most items one page of a {@code List*} call returns, whatever {@code MaxResults} asks (AWS
   * may return fewer than asked; default 20, the documented maximum).
   */
  public EmulatedOrganization setMaxPageSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("page size must be positive");
    }
    this.maxPageSize = size;
    return this;
  }

  int maxPageSize() {
    return maxPageSize;
  }

  /** Whether an account is a member (the management account included). */
  public synchronized boolean isMember(String accountId) {
    return members.containsKey(accountId);
  }

  /** A member, if it is one. */
  public synchronized Optional<Member> member(String accountId) {
    return Optional.ofNullable(members.get(accountId));
  }

  /** All members, by account id. */
  public synchronized List<Member> members() {
    List<Member> list = new ArrayList<>(members.values());
    list.sort(Comparator.comparing(Member::accountId));
    return list;
  }

  /** Members directly under a parent, by account id. */
  public synchronized List<Member> membersOf(String parentId) {
    return members().stream().filter(m -> m.parentId().equals(parentId)).toList();
  }

  /** OUs directly under a parent, by id. */
  public synchronized List<OrganizationalUnit> unitsOf(String parentId) {
    return units.values().stream()
        .filter(u -> u.parentId().equals(parentId))
        .sorted(Comparator.comparing(OrganizationalUnit::id))
        .toList();
  }

  /** Whether a parent id names the root or an OU of this organization. */
  public synchronized boolean hasParent(String parentId) {
    return rootId.equals(parentId) || units.containsKey(parentId);
  }

  private void requireParent(String parentId) {
    if (!hasParent(parentId)) {
      throw new IllegalArgumentException("no such parent: " + parentId);
    }
  }

  String accountArn(String accountId) {
    return "arn:aws:organizations::" + managementAccountId + ":account/" + id + "/" + accountId;
  }
}
