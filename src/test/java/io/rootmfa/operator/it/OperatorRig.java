package io.rootmfa.operator.it;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rootmfa.operator.api.v1alpha1.OrganizationRootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.RootMfaAccountBinding;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.aws.AccountSessions;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.reconciler.RootMfaPolicyReconciler;
import io.rootmfa.operator.workflow.BreakGlassWindow;
import io.rootmfa.operator.workflow.CustodyPlacement;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The operator as it runs in production (JOSDK controller, the real reconciler, the AWS SDK v2 over
 * HTTP) against the real API server and an AWS emulator, watching one namespace of its own. Its
 * Kubernetes writes are counted.
 */
public final class OperatorRig implements AutoCloseable {
  public final TestCluster cluster = TestCluster.get();
  public final @Nullable AwsEmulator aws;
  public final String namespace;
  public final AtomicInteger kubeWrites = new AtomicInteger();
  public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Set<String> boundAccounts = new TreeSet<>();
  private final Set<String> boundUnits = new TreeSet<>();
  private final Set<String> boundKinds = new TreeSet<>();
  private final KubernetesClient operatorClient;
  private final AccountSessions sessions;
  private final Operator operator;

  /**
   * Starts the rig: {@link #start(AwsEmulator, String)} with the defaults, {@link #builder()} to
   * set the emulator or any endpoint (e.g. moto_server, {@code aws} is then null), the namespace
   * prefix, the operator's identity, its clock, the organization controller, the cluster's maximum
   * break-glass window ({@code rootmfa.break-glass.max-window}) or the custody accounts.
   */
  @lombok.Builder(builderClassName = "Builder", buildMethodName = "start")
  private OperatorRig(
      @Nullable AwsEmulator aws,
      URI endpoint,
      String namespacePrefix,
      Optional<AwsCredentialsProvider> operatorIdentity,
      Clock clock,
      boolean organizationMode,
      Duration maxWindow,
      CustodyPlacement.Accounts custodyAccounts) {
    this.aws = aws;
    this.namespace = cluster.newNamespace(namespacePrefix);
    this.operatorClient = cluster.newClient(kubeWrites);
    this.sessions =
        new AccountSessions(
            new AccountSessions.Settings(
                Optional.of(endpoint),
                operatorIdentity.orElse(AnonymousCredentialsProvider.create()),
                40,
                Duration.ofSeconds(5),
                3),
            meters,
            clock);
    this.operator =
        new Operator(
            o ->
                o.withKubernetesClient(operatorClient)
                    .withCloseClientOnStop(false)
                    .withStopOnInformerErrorDuringStartup(true));
    operator.register(
        new RootMfaPolicyReconciler(
            operatorClient,
            sessions,
            meters,
            clock,
            Duration.ofHours(1),
            maxWindow,
            custodyAccounts),
        c -> c.settingNamespaces(namespace));
    if (organizationMode) {
      operator.register(
          new io.rootmfa.operator.organization.OrganizationRootMfaPolicyReconciler(
              operatorClient, sessions, clock),
          c -> c.settingNamespaces(namespace));
    }
    operator.start();
  }

  /** The rig with the defaults: anonymous operator identity, the system clock. */
  public static OperatorRig start(AwsEmulator aws, String namespacePrefix) {
    return builder().emulator(aws).namespacePrefix(namespacePrefix).start();
  }

  /**
   * The rig of organization mode: the operator runs as IAM user {@code rootmfa-operator} of the
   * organization's management account, with the organization controller.
   */
  public static OperatorRig organization(
      AwsEmulator aws, String managementAccountId, String namespacePrefix) {
    return builder()
        .emulator(aws)
        .namespacePrefix(namespacePrefix)
        .operatorUser(aws.account(managementAccountId))
        .organizationMode(true)
        .start();
  }

  /**
   * The rig's settings; unset: no AWS identity for the operator (anonymous), the system clock, no
   * organization controller, the CRD's longest break-glass window, no custody accounts.
   */
  public static final class Builder {
    private Optional<AwsCredentialsProvider> operatorIdentity = Optional.empty();
    private Clock clock = Clock.systemUTC();
    private Duration maxWindow = BreakGlassWindow.DEFAULT_MAX_LENGTH;
    private CustodyPlacement.Accounts custodyAccounts = CustodyPlacement.Accounts.none();

    /** The emulator, which is also the AWS endpoint. */
    public Builder emulator(AwsEmulator emulator) {
      this.aws = emulator;
      this.endpoint = emulator.endpoint();
      return this;
    }

    /**
     * The operator runs as IAM user {@code rootmfa-operator} of this emulated account (created
     * here, with an access key), as the chart's access-key setup has it.
     */
    public Builder operatorUser(EmulatedAccount account) {
      account.createUser("rootmfa-operator");
      return operatorIdentity(account.createAccessKey("rootmfa-operator").credentialsProvider());
    }

    /** The operator's own AWS identity (a key of the emulator's hub account, say). */
    public Builder operatorIdentity(AwsCredentialsProvider identity) {
      this.operatorIdentity = Optional.of(identity);
      return this;
    }
  }

  public KubernetesClient admin() {
    return cluster.admin();
  }

  /**
   * Stores access keys in a Secret of the rig's namespace, as a person would for
   * spec.credentials.secretRef.
   */
  public void keysSecret(String name, AccessKey key) {
    keysSecret(name, key.accessKeyId(), key.secretAccessKey());
  }

  public void keysSecret(String name, String accessKeyId, String secretAccessKey) {
    admin()
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(
                    Map.of("accessKeyId", accessKeyId, "secretAccessKey", secretAccessKey))
                .build())
        .serverSideApply();
  }

  /**
   * Applies a policy in the rig's namespace after binding its account and credential kind to that
   * namespace, as the platform team would ({@link #bind}).
   */
  public RootMfaPolicy apply(String yaml) {
    RootMfaPolicy p = Serialization.unmarshal(yaml, RootMfaPolicy.class);
    if (p.getSpec() != null && p.getSpec().getAccountId() != null) {
      bind(List.of(p.getSpec().getAccountId()), List.of(), kindOf(p.getSpec().getCredentials()));
    }
    return applyUnbound(p);
  }

  /** Applies a policy without binding anything (the tenant's view). */
  public RootMfaPolicy applyUnbound(String yaml) {
    return applyUnbound(Serialization.unmarshal(yaml, RootMfaPolicy.class));
  }

  private RootMfaPolicy applyUnbound(RootMfaPolicy p) {
    p.getMetadata().setNamespace(namespace);
    return admin().resource(p).serverSideApply();
  }

  /**
   * Adds accounts, OUs and a credential kind to the rig's RootMfaAccountBinding {@link
   * #bindingName()} for its namespace. A policy the operator reconciles before its informer holds
   * the binding is reconciled again when the binding arrives.
   */
  public synchronized void bind(List<String> accounts, List<String> units, String kind) {
    if (boundAccounts.containsAll(accounts)
        && boundUnits.containsAll(units)
        && boundKinds.contains(kind)) {
      return;
    }
    boundAccounts.addAll(accounts);
    boundUnits.addAll(units);
    boundKinds.add(kind);
    Bindings.apply(
        admin(), bindingName(), List.of(namespace), boundAccounts, boundUnits, boundKinds);
  }

  /** The rig's binding: {@code rig-<namespace>}. */
  public String bindingName() {
    return "rig-" + namespace;
  }

  /** The external id the operator sends for this rig's policies (their role trusts it). */
  public String externalId() {
    return Bindings.externalId(bindingName(), namespace);
  }

  /** The spec.credentials field a policy sets: assumeRole, secretRef, default or assumeRoot. */
  public static String kindOf(io.rootmfa.operator.api.v1alpha1.Credentials c) {
    if (c == null || c.getSecretRef() != null) {
      return "secretRef";
    }
    if (c.getAssumeRole() != null) {
      return "assumeRole";
    }
    return c.getAssumeRoot() != null ? "assumeRoot" : "default";
  }

  public RootMfaPolicy get(String name) {
    return admin().resources(RootMfaPolicy.class).inNamespace(namespace).withName(name).get();
  }

  /** The organization policy of this name in the rig's namespace, or null. */
  public OrganizationRootMfaPolicy organizationPolicy(String name) {
    return admin()
        .resources(OrganizationRootMfaPolicy.class)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  /** Waits until the policy's Ready condition has this reason for its current generation. */
  public RootMfaPolicy awaitReason(String name, String reason) {
    return awaitReasonWithin(name, reason, Duration.ofSeconds(60));
  }

  /** As {@link #awaitReason}, for a reason that comes after a backoff. */
  public RootMfaPolicy awaitReasonWithin(String name, String reason, Duration timeout) {
    Awaitility.await(name + " Ready reason " + reason)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Conditions.readyReason(get(name)).equals(Optional.of(reason)));
    return get(name);
  }

  @Override
  public void close() {
    operator.stop();
    sessions.close();
    operatorClient.close();
    admin().resources(RootMfaAccountBinding.class).withName(bindingName()).delete();
  }
}
