package io.rootmfa.operator.chaos;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.v1alpha1.OrganizationRootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.aws.SeedSecretPolicy;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.CallRecord;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.EmulatedOrganization;
import io.rootmfa.operator.emulator.Invariants;
import io.rootmfa.operator.emulator.RootApiMode;
import io.rootmfa.operator.emulator.Secret;
import io.rootmfa.operator.emulator.VirtualMfaDevice;
import io.rootmfa.operator.it.Bindings;
import io.rootmfa.operator.it.Conditions;
import io.rootmfa.operator.it.EmulatorFixtures;
import io.rootmfa.operator.it.OperatorRig;
import io.rootmfa.operator.it.Policies;
import io.rootmfa.operator.it.TestCluster;
import io.rootmfa.operator.organization.OrganizationRootMfaPolicyReconciler;
import io.rootmfa.operator.workflow.CustodyAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What a crash test runs against: one real API server (CRD installed) and one AWS emulator, both in
 * this JVM, shared by every run; each run gets an account, a namespace, a credentials Secret and a
 * policy of its own. Operators are separate processes ({@link OperatorProcess}) that reach both
 * over HTTP.
 */
public final class ChaosWorld implements AutoCloseable {
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final AtomicInteger MEMBERS = new AtomicInteger();

  /** The management account of the organization whose members' root credentials are removed. */
  public static final String MANAGEMENT = "930000000000";

  public final TestCluster cluster;
  public final AwsEmulator aws;
  public final Path kubeconfig;
  public final Path logs;
  private final List<OperatorProcess> started = new ArrayList<>();
  private @Nullable EmulatedOrganization organization;
  private Map<String, String> managementIdentity = Map.of();

  /** The custody account of {@link #newCustodyTarget}'s seeds. */
  public static final String CUSTODY = "950000000000";

  private @Nullable CustodyAccount custody;

  /**
   * One policy under test: its account, namespace, name, the target label of the emulator's
   * invariants, and the custody account its seed is kept in, if not the account itself.
   */
  public record Target(
      String accountId,
      String namespace,
      String policy,
      String label,
      Optional<String> custodyAccount) {
    public Target(String accountId, String namespace, String policy, String label) {
      this(accountId, namespace, policy, label, Optional.empty());
    }

    /** The name of its seed secret (spec.seedStore.secretsManager.secretName). */
    public String secretName() {
      return "rootmfa/" + accountId + "/" + policy;
    }
  }

  private ChaosWorld(Path logs) throws IOException {
    this.cluster = TestCluster.get();
    this.aws = AwsEmulator.builder().rootApiMode(RootApiMode.ALLOWED).start();
    this.kubeconfig = cluster.kubeconfigFile();
    this.logs = Files.createDirectories(logs);
    // An interrupted run (Ctrl-C, SIGTERM) must not leave operators running against a vanished API
    // server.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () ->
                    started.forEach(
                        p -> {
                          if (p.isAlive()) {
                            p.destroyNow();
                          }
                        }),
                "chaos-operators-stop"));
  }

  public static ChaosWorld start(Path logs) throws IOException {
    return new ChaosWorld(logs);
  }

  /**
   * The world of the *IT classes: logs under target/chaos-it, and a TIMEOUT fault that holds its
   * call 60 s without effect (tests kill the operator long before), so a fault can park the
   * operator at a step boundary.
   */
  public static ChaosWorld forIntegrationTests() throws IOException {
    ChaosWorld world = new ChaosWorld(Path.of("target", "chaos-it"));
    world.aws.faults().timeoutHold(java.time.Duration.ofSeconds(60));
    return world;
  }

  /**
   * A fresh account with an enroller's keys in a Secret, and an Enforce policy with an open window.
   */
  public Target newTarget(String prefix, boolean iamUser) {
    return newTarget(prefix, iamUser, Optional.empty());
  }

  /**
   * A fresh account as {@link #newTarget}, whose policy keeps its seed in the custody account
   * {@value #CUSTODY}; its operators need {@link #custodyEnvironment()}.
   */
  public Target newCustodyTarget(String prefix, boolean iamUser) {
    custodyAccount();
    return newTarget(prefix, iamUser, Optional.of(CUSTODY));
  }

  private Target newTarget(String prefix, boolean iamUser, Optional<String> custodyAccount) {
    String accountId =
        String.format(
            "7%011d",
            ProcessHandle.current().pid() % 1000 * 100_000_000L + ACCOUNTS.incrementAndGet());
    EmulatedAccount account = aws.createAccount(accountId);
    account.createUser("enroller");
    AccessKey key = account.createAccessKey("enroller");
    String namespace = cluster.newNamespace(prefix);
    keysSecret(namespace, key);
    String target = Policies.ROOT;
    String label = "root";
    if (iamUser) {
      account.createUser("breakglass");
      target = Policies.iamUser("breakglass");
      label = "iamUser/breakglass";
    }
    String policy = Policies.enforce("mfa", accountId, target, "aws-keys", Policies.OPEN);
    applyPolicy(
        namespace,
        custodyAccount
            .map(
                id ->
                    policy.replace(
                        "secretsManager: {secretName:",
                        "secretsManager: {custodyAccount: \"" + id + "\", secretName:"))
            .orElse(policy));
    return new Target(accountId, namespace, "mfa", label, custodyAccount);
  }

  /**
   * The custody account {@value #CUSTODY} (made on first use): its custodian role trusts the
   * operator's identity ({@link #managementIdentity()}), and it requires its customer-managed key.
   */
  public synchronized CustodyAccount custodyAccount() {
    if (custody == null) {
      managementIdentity();
      custody =
          EmulatorFixtures.custodyAccount(
              aws,
              CUSTODY,
              "arn:aws:iam::" + MANAGEMENT + ":user/rootmfa-operator",
              Optional.empty());
    }
    return custody;
  }

  /**
   * The environment of an operator that keeps seeds in {@value #CUSTODY}: its identity, and the
   * custody account as the chart's values render it (helm/rootmfa-operator deployment.yaml).
   */
  public Map<String, String> custodyEnvironment() {
    CustodyAccount c = custodyAccount();
    String prefix = "ROOTMFA_CUSTODY_ACCOUNTS__" + c.accountId() + "__";
    Map<String, String> env = new LinkedHashMap<>(managementIdentity());
    env.put(prefix + "ROLE_ARN", c.roleArn());
    env.put(prefix + "READER_ROLE_ARN", c.readerRoleArn());
    c.kmsKeyId().ifPresent(key -> env.put(prefix + "KMS_KEY_ID", key));
    env.put(prefix + "REQUIRE_CUSTOMER_MANAGED_KEY", String.valueOf(c.requireCustomerManagedKey()));
    return env;
  }

  /** AWS calls in {@code t}'s custody account naming its seed secret. */
  public List<CallRecord> custodyCalls(Target t, Predicate<CallRecord> filter) {
    String custodyAccount = t.custodyAccount().orElseThrow();
    return aws.calls()
        .matching(
            c ->
                custodyAccount.equals(c.accountId())
                    && (t.secretName().equals(c.param("Name"))
                        || String.valueOf(c.param("SecretId")).contains(t.secretName()))
                    && filter.test(c));
  }

  /**
   * A second, younger policy that overlaps {@code original}: either for the same account and target
   * with a seed secret of its own, or for another IAM user of the account naming the original's
   * seed secret (the copy-paste case). Its keys belong to an IAM user of its own, so its AWS calls
   * can be told apart. It must end {@code DuplicatePolicy} and write nothing.
   */
  public Overlap newOverlap(Target original, boolean sharedSecret) {
    EmulatedAccount account = aws.account(original.accountId());
    String namespace = cluster.newNamespace("overlap");
    String keysUser = "overlap-" + namespace;
    account.createUser(keysUser);
    keysSecret(namespace, account.createAccessKey(keysUser));
    String target;
    String label;
    String secretName;
    if (sharedSecret) {
      String user = "second-" + namespace;
      account.createUser(user);
      target = Policies.iamUser(user);
      label = "iamUser/" + user;
      secretName = "rootmfa/" + original.accountId() + "/" + original.policy();
    } else {
      target = original.label().equals("root") ? Policies.ROOT : Policies.iamUser("breakglass");
      label = original.label();
      secretName = "rootmfa/" + original.accountId() + "/copy";
    }
    applyPolicy(
        namespace,
        Policies.enforce("mfa", original.accountId(), target, "aws-keys", Policies.OPEN)
            .replace("rootmfa/" + original.accountId() + "/mfa", secretName));
    return new Overlap(
        new Target(original.accountId(), namespace, "mfa", label), keysUser, sharedSecret);
  }

  /**
   * The operator's identity in the organization's management account (centralized root access on),
   * as its environment: made on first use, with the organization. Policies with keys of their own
   * ignore it.
   */
  public synchronized Map<String, String> managementIdentity() {
    if (organization == null) {
      organization = aws.createOrganization(MANAGEMENT).setCentralizedRootAccess(true);
      aws.account(MANAGEMENT).createUser("rootmfa-operator");
      AccessKey key = aws.account(MANAGEMENT).createAccessKey("rootmfa-operator");
      managementIdentity =
          Map.of(
              "AWS_ACCESS_KEY_ID", key.accessKeyId(),
              "AWS_SECRET_ACCESS_KEY", key.secretAccessKey(),
              "AWS_REGION", "us-east-1");
    }
    return managementIdentity;
  }

  public synchronized EmulatedOrganization organization() {
    managementIdentity();
    return java.util.Objects.requireNonNull(organization);
  }

  /**
   * A member account of the organization whose root has a password, two access keys, a signing
   * certificate and, if asked, an MFA device, and a policy {@code remove} that removes them through
   * {@code sts:AssumeRoot} inside an open window.
   */
  public Removal newRemovalTarget(String prefix, boolean withMfa) {
    EmulatedAccount account = newMemberAccount(organization().rootId(), prefix);
    String accountId = account.accountId();
    account.createRootAccessKey();
    account.createRootAccessKey();
    account.uploadRootSigningCertificate();
    Optional<String> serial =
        withMfa
            ? Optional.of(io.rootmfa.operator.it.EmulatorFixtures.enableRootMfa(aws, account))
            : Optional.empty();
    String namespace = cluster.newNamespace(prefix);
    applyPolicy(namespace, Policies.removeRootCredentials("remove", accountId, Policies.OPEN));
    return new Removal(new Target(accountId, namespace, "remove", "root"), serial);
  }

  /** A new ACTIVE member account of the organization under {@code parentId}. */
  public EmulatedAccount newMemberAccount(String parentId, String name) {
    return organization()
        .addAccount(String.format("93%010d", MEMBERS.incrementAndGet()), parentId, name);
  }

  /**
   * An organization policy (Audit, root, through {@code assumeRoot}) over a new OU holding one
   * member whose root cannot sign in, in a new namespace the platform team bound to that OU; its
   * child converges to {@code NotApplicable}.
   */
  public OrganizationPolicy newOrganizationPolicy(String prefix) {
    EmulatedOrganization org = organization();
    String unit = org.createOrganizationalUnit(org.rootId(), prefix).id();
    EmulatedAccount member = newMemberAccount(unit, prefix + "-member");
    member.setRootPasswordPresent(false);
    String namespace = cluster.newNamespace(prefix + "-org");
    OrganizationRootMfaPolicy parent =
        Serialization.unmarshal(
            """
            apiVersion: rootmfa.io/v1alpha1
            kind: OrganizationRootMfaPolicy
            metadata: {name: members}
            spec:
              accounts: {organizationalUnits: [%s]}
              template: {mode: Audit, target: {root: {}}, credentials: {assumeRoot: {}}}
            """
                .formatted(unit),
            OrganizationRootMfaPolicy.class);
    parent.getMetadata().setNamespace(namespace);
    Bindings.apply(
        cluster.admin(),
        namespace,
        List.of(namespace),
        List.of(),
        List.of(unit),
        List.of("assumeRoot"));
    cluster.admin().resource(parent).serverSideApply();
    Target child =
        new Target(
            member.accountId(),
            namespace,
            OrganizationRootMfaPolicyReconciler.childName(parent, member.accountId()),
            "root");
    return new OrganizationPolicy(namespace, unit, member.accountId(), child);
  }

  /** An organization policy named {@code members} in {@code namespace}, and its one child. */
  public record OrganizationPolicy(
      String namespace, String unit, String memberAccountId, Target child) {}

  /** A removal target: its policy, and the serial of root's MFA device if it has one. */
  public record Removal(Target target, Optional<String> mfaSerial) {
    /** Compliant with MFA; without, root cannot sign in once its credentials are gone. */
    public String convergedReason() {
      return mfaSerial.isPresent() ? "Compliant" : "NotApplicable";
    }
  }

  /**
   * A policy that asks to remove the management account's root credentials: it must be refused
   * ({@code InvalidSpec}) without any call in that account.
   */
  public Target newManagementPolicy(String prefix) {
    managementIdentity();
    String namespace = cluster.newNamespace(prefix);
    applyPolicy(namespace, Policies.removeRootCredentials("remove", MANAGEMENT, Policies.OPEN));
    return new Target(MANAGEMENT, namespace, "remove", "root");
  }

  /**
   * What is wrong with a removal after its cycle: its policy did not converge, root still has a
   * password, an access key or a certificate, its MFA device is no longer assigned, or an MFA
   * device of the account was ever deactivated or deleted.
   */
  public RemovalFindings checkRemoval(Removal r) {
    RemovalFindings f =
        new RemovalFindings(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    Target t = r.target();
    EmulatedAccount account = aws.account(t.accountId());
    Optional<String> reason = readyReason(t);
    if (!reason.equals(Optional.of(r.convergedReason()))) {
      f.stuck().add(t + ": " + reason.orElse("unreconciled") + ", not " + r.convergedReason());
    }
    if (account.rootPasswordPresent()) {
      f.leftovers().add(t + ": root still has a password");
    }
    if (account.rootAccessKeysPresent()) {
      f.leftovers().add(t + ": root still has access keys");
    }
    if (!account.rootSigningCertificates().isEmpty()) {
      f.leftovers().add(t + ": root still has signing certificates");
    }
    List<String> assigned =
        account.devicesAssignedTo("root").stream().map(d -> d.serialNumber()).toList();
    if (!assigned.equals(r.mfaSerial().stream().toList())) {
      f.disarms().add(t + ": root's MFA devices are " + assigned + ", were " + r.mfaSerial());
    }
    calls(t, c -> DISARMING.contains(c.operation()))
        .forEach(c -> f.disarms().add(t + ": " + c.operation() + " was called"));
    return f;
  }

  /** The removal's policy has its final reason and root no credential left (cheap to poll). */
  public boolean removalConverged(Removal r) {
    EmulatedAccount account = aws.account(r.target().accountId());
    return readyReason(r.target()).equals(Optional.of(r.convergedReason()))
        && !account.rootPasswordPresent()
        && !account.rootAccessKeysPresent()
        && account.rootSigningCertificates().isEmpty();
  }

  private static final java.util.Set<String> DISARMING =
      java.util.Set.of("DeactivateMFADevice", "DeleteVirtualMFADevice");

  /** What one removal check found; descriptions without secret values. */
  public record RemovalFindings(List<String> stuck, List<String> leftovers, List<String> disarms) {
    public List<String> all() {
      return java.util.stream.Stream.of(stuck, leftovers, disarms).flatMap(List::stream).toList();
    }
  }

  /**
   * What touched the management account: a root session for it, or any IAM call in it; and its
   * policy if it is not refused as {@code InvalidSpec}.
   */
  public List<String> checkManagementUntouched(Target managementPolicy) {
    List<String> problems = new ArrayList<>();
    Optional<String> reason = readyReason(managementPolicy);
    if (!reason.equals(Optional.of("InvalidSpec"))) {
      problems.add(managementPolicy + ": " + reason.orElse("unreconciled") + ", not InvalidSpec");
    }
    aws.calls()
        .matching(
            c ->
                (c.operation().equals("AssumeRoot")
                        && String.valueOf(c.param("TargetPrincipal")).contains(MANAGEMENT))
                    || (MANAGEMENT.equals(c.accountId()) && c.service().equals("iam")))
        .forEach(c -> problems.add("management account: " + c.operation() + " was called"));
    return problems;
  }

  /** An overlapping policy: where it is, whose keys it uses, and which kind of overlap it is. */
  public record Overlap(Target target, String keysUser, boolean sharedSecret) {}

  private void keysSecret(String namespace, AccessKey key) {
    cluster
        .admin()
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("aws-keys")
                .endMetadata()
                .withStringData(
                    Map.of(
                        "accessKeyId", key.accessKeyId(), "secretAccessKey", key.secretAccessKey()))
                .build())
        .serverSideApply();
  }

  /** Binds the namespace to the policy's account and credential kind, then applies the policy. */
  private void applyPolicy(String namespace, String yaml) {
    RootMfaPolicy p = Serialization.unmarshal(yaml, RootMfaPolicy.class);
    Bindings.apply(
        cluster.admin(),
        namespace,
        namespace,
        List.of(p.getSpec().getAccountId()),
        OperatorRig.kindOf(p.getSpec().getCredentials()));
    p.getMetadata().setNamespace(namespace);
    cluster.admin().resource(p).serverSideApply();
  }

  /**
   * What is wrong with an overlapping policy after its cycle: it must have lost and written
   * nothing.
   */
  public List<String> checkOverlap(Overlap o) {
    List<String> problems = new ArrayList<>();
    Target t = o.target();
    Optional<String> reason = readyReason(t);
    if (!reason.equals(Optional.of("DuplicatePolicy"))) {
      problems.add(
          t + ": overlapping policy is " + reason.orElse("unreconciled") + ", not DuplicatePolicy");
    }
    List<String> writes =
        calls(t, c -> c.principalArn() != null && c.principalArn().endsWith("user/" + o.keysUser()))
            .stream()
            .filter(CallRecord::isWrite)
            .map(CallRecord::operation)
            .toList();
    if (!writes.isEmpty()) {
      problems.add(t + ": overlapping policy wrote " + writes);
    }
    if (o.sharedSecret() && !aws.account(t.accountId()).devicesAssignedTo(t.label()).isEmpty()) {
      problems.add(t + ": the shared-secret policy's target got a device");
    }
    return problems;
  }

  public OperatorProcess startOperator(
      String name, List<String> namespaces, Map<String, String> env) throws IOException {
    OperatorProcess p =
        OperatorProcess.start(
            kubeconfig, aws.endpoint(), namespaces, logs.resolve(name + ".log"), env);
    started.add(p);
    return p;
  }

  public RootMfaPolicy policy(Target t) {
    return cluster
        .admin()
        .resources(RootMfaPolicy.class)
        .inNamespace(t.namespace())
        .withName(t.policy())
        .get();
  }

  public Optional<String> readyReason(Target t) {
    return Conditions.readyReason(policy(t));
  }

  /** AWS calls made with the target account's credentials. */
  public List<CallRecord> calls(Target t, Predicate<CallRecord> filter) {
    return aws.calls().matching(c -> t.accountId().equals(c.accountId()) && filter.test(c));
  }

  /**
   * Blocks until the call log holds a call of {@code t} matching {@code filter}, or the timeout
   * passes.
   */
  public boolean awaitCall(Target t, Predicate<CallRecord> filter, Duration timeout)
      throws InterruptedException {
    return await(() -> !calls(t, filter).isEmpty(), timeout);
  }

  /**
   * Polls every 10 ms (a kill must land within the few seconds an injected hold or latency keeps
   * the operator at a step boundary, tighter than Awaitility's defaults) and answers whether the
   * condition held, instead of throwing.
   */
  public static boolean await(java.util.function.BooleanSupplier condition, Duration timeout) {
    try {
      org.awaitility.Awaitility.await()
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(10))
          .until(condition::getAsBoolean);
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }

  /** The invariants of docs/design.md §3 for one target, checked from the emulator's state. */
  public Findings check(Target t) {
    Findings f = new Findings();
    Invariants.AccountInvariants account = aws.invariants().account(t.accountId()).orElseThrow();
    Optional<Invariants.TargetInvariants> target = account.target(t.label());
    if (target.isEmpty() || target.get().enabledDevices() == 0) {
      f.notEnrolled.add(t + ": no enabled device");
    }
    target.ifPresent(
        ti -> {
          if (ti.enableBeforeStoredSeed() > 0) {
            f.lockouts.add(
                t
                    + ": "
                    + ti.enableBeforeStoredSeed()
                    + " EnableMFADevice before a read-back seed");
          }
          if (ti.enabledDevices() > 0 && !ti.assignedSeedMatchesStoredSecret()) {
            f.lockouts.add(t + ": the enabled device's seed is not the stored seed");
          }
          if (ti.enabledDevices() > 1) {
            f.duplicates.add(t + ": " + ti.enabledDevices() + " enabled devices");
          }
          if (ti.secrets() != 1) {
            (ti.secrets() > 1 ? f.duplicates : f.lockouts)
                .add(t + ": " + ti.secrets() + " seed secrets");
          }
        });
    int secrets = aws.account(t.accountId()).secrets().size();
    if (secrets > 1) {
      f.duplicates.add(t + ": " + secrets + " secrets in the account");
    }
    t.custodyAccount().ifPresent(id -> checkCustody(t, secrets, f));
    RootMfaPolicy p = policy(t);
    if (target.isPresent()
        && target.get().secrets() == 1
        && Conditions.readyReason(p).equals(Optional.of("Compliant"))
        && !"True".equals(Conditions.status(p, "SeedStored"))) {
      f.untruthful.add(
          t
              + ": Compliant with its seed stored, but the status says SeedStored="
              + Conditions.status(p, "SeedStored"));
    }
    if (account.unassignedRootmfaDevices() > 0) {
      f.orphans.add(
          t + ": " + account.unassignedRootmfaDevices() + " unassigned devices under /rootmfa/");
    }
    return f;
  }

  /**
   * A seed kept in the custody account: the member account holds no secret; the custody account
   * holds the seed secret, with its resource policy from before its first value, and the seed of
   * the target's one enabled device.
   */
  private void checkCustody(Target t, int memberSecrets, Findings f) {
    if (memberSecrets > 0) {
      f.misplaced.add(t + ": " + memberSecrets + " secrets in the member account");
    }
    CustodyAccount c = custodyAccount();
    Optional<Secret> secret = aws.account(c.accountId()).secret("us-east-1", t.secretName());
    if (secret.isEmpty()) {
      f.misplaced.add(t + ": no seed secret in the custody account");
      return;
    }
    if (!secret
        .get()
        .resourcePolicy()
        .equals(Optional.of(SeedSecretPolicy.document(c.roleArn(), c.readerRoleArn())))) {
      f.misplaced.add(t + ": the custody secret lacks its resource policy");
    }
    if (!secret.get().hadResourcePolicyAtFirstVersion().equals(Optional.of(true))) {
      f.misplaced.add(t + ": the custody secret's first value had no resource policy");
    }
    List<VirtualMfaDevice> enabled = aws.account(t.accountId()).devicesAssignedTo(t.label());
    boolean holdsTheSeed =
        enabled.size() == 1
            && secret
                .get()
                .versionWithStage("AWSCURRENT")
                .map(v -> v.holdsSeedOf(enabled.get(0)))
                .orElse(false);
    if (!holdsTheSeed) {
      f.lockouts.add(t + ": the custody secret does not hold the enabled device's seed");
    }
  }

  /** Everything a person could see of the targets: Events and policies as YAML. */
  public Map<String, String> kubernetesViews(List<Target> targets) {
    Map<String, String> views = new LinkedHashMap<>();
    for (Target t : targets) {
      views.put(
          t.namespace() + "/events",
          Serialization.asYaml(cluster.admin().v1().events().inNamespace(t.namespace()).list()));
      views.put(
          t.namespace() + "/policies",
          Serialization.asYaml(
              cluster.admin().resources(RootMfaPolicy.class).inNamespace(t.namespace()).list()));
    }
    return views;
  }

  /** What one check found; every list holds descriptions without secret values. */
  public static final class Findings {
    public final List<String> lockouts = new ArrayList<>();
    public final List<String> orphans = new ArrayList<>();
    public final List<String> duplicates = new ArrayList<>();
    public final List<String> notEnrolled = new ArrayList<>();

    /** The status contradicts AWS (docs/design.md §3 invariant 6). */
    public final List<String> untruthful = new ArrayList<>();

    /** A seed not kept as its custody account requires (docs/design.md §3.5). */
    public final List<String> misplaced = new ArrayList<>();

    public List<String> all() {
      List<String> all = new ArrayList<>(lockouts);
      all.addAll(untruthful);
      all.addAll(misplaced);
      all.addAll(orphans);
      all.addAll(duplicates);
      all.addAll(notEnrolled);
      return all;
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (OperatorProcess p : started) {
      if (p.isAlive()) {
        p.kill();
      }
    }
    aws.close();
  }
}
