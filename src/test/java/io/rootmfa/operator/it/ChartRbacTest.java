package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rootmfa.operator.api.v1alpha1.OrganizationRootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.aws.AccountSessions;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.EmulatedOrganization;
import io.rootmfa.operator.emulator.RootApiMode;
import io.rootmfa.operator.organization.OrganizationRootMfaPolicyReconciler;
import io.rootmfa.operator.reconciler.RootMfaPolicyReconciler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC is exactly enough: the RBAC objects rendered by {@code helm template} (default
 * values, plus the test's namespace in rbac.secretNamespaces) are applied to the real API server,
 * which authorizes with RBAC, and the operator runs with a client that impersonates the chart's
 * ServiceAccount — leader election included — and completes an enrollment, then a deletion.
 */
@Integration
class ChartRbacTest {
  static final String RELEASE_NAMESPACE = "rootmfa-system";
  static final String SERVICE_ACCOUNT =
      "system:serviceaccount:" + RELEASE_NAMESPACE + ":rootmfa-operator";
  static final String LEASE = "rootmfa-operator-lease";
  static final Set<String> RBAC_KINDS =
      Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

  /**
   * What Kubernetes' bootstrap policy grants every authenticated identity (system:basic-user,
   * system:discovery, …).
   */
  static final List<String> EVERY_AUTHENTICATED_USER =
      List.of(
          "selfsubjectreviews.authentication.k8s.io [] [] [create]",
          "selfsubjectaccessreviews.authorization.k8s.io [] [] [create]",
          "selfsubjectrulesreviews.authorization.k8s.io [] [] [create]",
          "[/.well-known/openid-configuration/] [] [get]",
          "[/.well-known/openid-configuration] [] [get]",
          "[/api/*] [] [get]",
          "[/api] [] [get]",
          "[/apis/*] [] [get]",
          "[/apis] [] [get]",
          "[/healthz] [] [get]",
          "[/healthz] [] [get]",
          "[/livez] [] [get]",
          "[/livez] [] [get]",
          "[/openapi/*] [] [get]",
          "[/openapi] [] [get]",
          "[/openid/v1/jwks/] [] [get]",
          "[/openid/v1/jwks] [] [get]",
          "[/readyz] [] [get]",
          "[/readyz] [] [get]",
          "[/version/] [] [get]",
          "[/version/] [] [get]",
          "[/version] [] [get]",
          "[/version] [] [get]");

  /** The chart's grants that apply in every namespace (ClusterRoles with the default values). */
  static final List<String> CHART_EVERYWHERE =
      List.of(
          "events [] [] [create patch]",
          "rootmfaaccountbindings.rootmfa.io [] [] [get list watch]",
          "rootmfapolicies.rootmfa.io/finalizers [] [] [update]",
          "rootmfapolicies.rootmfa.io/status [] [] [get patch update]",
          "rootmfapolicies.rootmfa.io [] [] [get list watch patch update create delete]",
          "organizationrootmfapolicies.rootmfa.io/status [] [] [get patch update]",
          "organizationrootmfapolicies.rootmfa.io [] [] [get list watch]");

  /** The chart's grant in the namespaces of rbac.secretNamespaces only (here the test's own). */
  static final String CHART_SECRETS = "secrets [] [] [get]";

  /** The chart's grant in the release namespace only. */
  static final String CHART_LEASE = "leases.coordination.k8s.io [] [] [get create update patch]";

  static final TestCluster cluster = TestCluster.get();
  static final String MANAGEMENT = "410000000000";
  static AwsEmulator aws;
  static EmulatedOrganization organization;
  static String namespace;

  /** Watched, bound, but not in rbac.secretNamespaces: its Secrets are not readable. */
  static String noSecrets;

  static KubernetesClient operatorClient;
  static AccountSessions sessions;
  static Operator operator;

  @BeforeAll
  static void start() throws Exception {
    KubernetesClient admin = cluster.admin();
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(RELEASE_NAMESPACE)
                .endMetadata()
                .build())
        .serverSideApply();
    namespace = cluster.newNamespace("rbac");
    noSecrets = cluster.newNamespace("rbac-no-secrets");
    for (HasMetadata rbac : chartRbac()) {
      admin.resource(rbac).serverSideApply();
    }
    aws = AwsEmulator.builder().rootApiMode(RootApiMode.ALLOWED).start();
    organization = aws.createOrganization(MANAGEMENT).setCentralizedRootAccess(true);
    aws.account(MANAGEMENT).createUser("rootmfa-operator");
    AccessKey operatorKey = aws.account(MANAGEMENT).createAccessKey("rootmfa-operator");

    Config config = Config.fromKubeconfig(cluster.kubeconfigYaml());
    config.setImpersonateUsername(SERVICE_ACCOUNT);
    config.setImpersonateGroups(
        "system:serviceaccounts",
        "system:serviceaccounts:" + RELEASE_NAMESPACE,
        "system:authenticated");
    operatorClient = new KubernetesClientBuilder().withConfig(config).build();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    sessions =
        new AccountSessions(
            new AccountSessions.Settings(
                Optional.of(aws.endpoint()),
                operatorKey.credentialsProvider(),
                40,
                Duration.ofSeconds(5),
                3),
            meters,
            Clock.systemUTC());
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(operatorClient)
                    .withCloseClientOnStop(false)
                    .withStopOnInformerErrorDuringStartup(true)
                    .withLeaderElectionConfiguration(leaderElection()));
    operator.register(
        new RootMfaPolicyReconciler(
            operatorClient, sessions, meters, Clock.systemUTC(), Duration.ofHours(1)),
        c -> c.settingNamespaces(namespace, noSecrets));
    operator.register(
        new OrganizationRootMfaPolicyReconciler(operatorClient, sessions, Clock.systemUTC()),
        c -> c.settingNamespaces(namespace));
    operator.start();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (sessions != null) {
      sessions.close();
    }
    if (operatorClient != null) {
      operatorClient.close();
    }
    if (aws != null) {
      aws.close();
    }
  }

  @Test
  void theServiceAccountEnrollsHoldsTheLeaseAndReleasesTheFinalizer() {
    EmulatedAccount account = aws.createAccount("400000000001");
    account.createUser("enroller");
    keysSecret("keys", account);
    Bindings.apply(cluster.admin(), namespace, namespace, List.of("400000000001"), "secretRef");
    apply(Policies.enforce("rbac", "400000000001", Policies.ROOT, "keys", Policies.OPEN));

    Awaitility.await("Ready reason Compliant")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Conditions.readyReason(policy()).equals(Optional.of("Compliant")));
    assertThat(account.rootMfaEnabled()).isTrue();
    assertThat(policy().getMetadata().getFinalizers()).isNotEmpty();
    assertThat(cluster.admin().v1().events().inNamespace(namespace).list().getItems())
        .anyMatch(e -> e.getReason().equals("MfaEnabled"));
    Lease lease = cluster.admin().leases().inNamespace(RELEASE_NAMESPACE).withName(LEASE).get();
    assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
    Awaitility.await("the leader renews its Lease")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !cluster
                    .admin()
                    .leases()
                    .inNamespace(RELEASE_NAMESPACE)
                    .withName(LEASE)
                    .get()
                    .getSpec()
                    .getRenewTime()
                    .equals(lease.getSpec().getRenewTime()));

    cluster.admin().resources(RootMfaPolicy.class).inNamespace(namespace).withName("rbac").delete();
    Awaitility.await("finalizer released")
        .atMost(Duration.ofSeconds(30))
        .until(() -> policy() == null);
    assertThat(cluster.admin().v1().events().inNamespace(namespace).list().getItems())
        .anyMatch(e -> e.getReason().equals("Retained"));
  }

  @Test
  void theServiceAccountKeepsTheChildrenOfAnOrganizationPolicy() {
    organization
        .addAccount("410000000001", organization.rootId(), "a")
        .setRootPasswordPresent(false);
    organization
        .addAccount("410000000002", organization.rootId(), "b")
        .setRootPasswordPresent(false);
    OrganizationRootMfaPolicy parent =
        Serialization.unmarshal(
            """
            apiVersion: rootmfa.io/v1alpha1
            kind: OrganizationRootMfaPolicy
            metadata: {name: org}
            spec:
              resyncInterval: 30s
              template: {mode: Audit, target: {root: {}}, credentials: {assumeRoot: {}}, checkInterval: 10s}
            """,
            OrganizationRootMfaPolicy.class);
    parent.getMetadata().setNamespace(namespace);
    Bindings.apply(
        cluster.admin(),
        namespace + "-organization",
        List.of(namespace),
        List.of("410000000001", "410000000002"),
        List.of(),
        List.of("assumeRoot"));
    cluster.admin().resource(parent).serverSideApply();

    Awaitility.await("two children Ready and the parent AllReady")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                Optional.ofNullable(orgPolicy().getStatus())
                    .map(
                        s ->
                            s.getConditions().stream()
                                .anyMatch(c -> "AllReady".equals(c.getReason())))
                    .orElse(false));
    organization.removeAccount("410000000002");
    Awaitility.await("the child of the account that left is deleted")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                cluster
                        .admin()
                        .resources(RootMfaPolicy.class)
                        .inNamespace(namespace)
                        .withName("org-410000000002")
                        .get()
                    == null);
    assertThat(
            cluster
                .admin()
                .resources(RootMfaPolicy.class)
                .inNamespace(namespace)
                .withName("org-410000000001")
                .get())
        .isNotNull();
  }

  private static OrganizationRootMfaPolicy orgPolicy() {
    return cluster
        .admin()
        .resources(OrganizationRootMfaPolicy.class)
        .inNamespace(namespace)
        .withName("org")
        .get();
  }

  @Test
  void theApiServerEnforcesRbacForTheServiceAccount() {
    assertForbidden(() -> operatorClient.secrets().inNamespace(namespace).list());
    assertForbidden(
        () -> operatorClient.secrets().inNamespace(RELEASE_NAMESPACE).withName("any").get());
    assertForbidden(
        () ->
            operatorClient
                .resources(io.rootmfa.operator.api.v1alpha1.RootMfaAccountBinding.class)
                .withName("x")
                .delete());
    assertForbidden(() -> operatorClient.configMaps().inNamespace(namespace).list());
    assertForbidden(() -> operatorClient.leases().inNamespace(namespace).list());
    assertForbidden(
        () ->
            operatorClient
                .resources(io.rootmfa.operator.api.v1alpha1.OrganizationRootMfaPolicy.class)
                .inNamespace(namespace)
                .withName("x")
                .delete());
  }

  @Test
  void aSecretOutsideTheListedNamespacesIsNotReadAndTheSpecSaysWhichValueToSet() {
    EmulatedAccount account = aws.createAccount("400000000009");
    account.createUser("enroller");
    keysSecret(noSecrets, "keys", account);
    Bindings.apply(cluster.admin(), noSecrets, noSecrets, List.of("400000000009"), "secretRef");
    RootMfaPolicy p =
        Serialization.unmarshal(
            Policies.audit("no-secrets", "400000000009", Policies.ROOT, "keys"),
            RootMfaPolicy.class);
    p.getMetadata().setNamespace(noSecrets);
    cluster.admin().resource(p).serverSideApply();

    Awaitility.await("Ready reason InvalidSpec")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                Conditions.readyReason(
                        cluster
                            .admin()
                            .resources(RootMfaPolicy.class)
                            .inNamespace(noSecrets)
                            .withName("no-secrets")
                            .get())
                    .equals(Optional.of("InvalidSpec")));
    RootMfaPolicy stalled =
        cluster
            .admin()
            .resources(RootMfaPolicy.class)
            .inNamespace(noSecrets)
            .withName("no-secrets")
            .get();
    assertThat(Conditions.of(stalled, "Ready").orElseThrow().getMessage())
        .contains("may not read Secrets in namespace " + noSecrets)
        .contains("rbac.secretNamespaces");
    assertThat(aws.calls().matching(c -> "400000000009".equals(c.accountId()))).isEmpty();
  }

  @Test
  void canIListShowsOnlyWhatTheOperatorNeeds() throws Exception {
    List<String> expected = new ArrayList<>(EVERY_AUTHENTICATED_USER);
    expected.addAll(CHART_EVERYWHERE);
    List<String> inReleaseNamespace = new ArrayList<>(expected);
    expected.add(CHART_SECRETS);
    assertThat(canIList(namespace)).containsExactlyInAnyOrderElementsOf(expected);

    inReleaseNamespace.add(CHART_LEASE);
    assertThat(canIList(RELEASE_NAMESPACE)).containsExactlyInAnyOrderElementsOf(inReleaseNamespace);
  }

  /**
   * The chart's Lease, with JOSDK's defaults except one: JOSDK calls System.exit when it stops
   * leading, which {@code operator.stop()} causes, and that would end the test JVM.
   */
  private static LeaderElectionConfiguration leaderElection() {
    return new LeaderElectionConfiguration(
        LEASE,
        RELEASE_NAMESPACE,
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        null,
        null,
        false);
  }

  private static void assertForbidden(Runnable request) {
    assertThatThrownBy(request::run)
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  /**
   * The RBAC objects of the chart with its default values and the test's namespace in {@code
   * rbac.secretNamespaces} (Secrets are never readable cluster-wide), as {@code helm install} would
   * create them.
   */
  private static List<HasMetadata> chartRbac() throws Exception {
    String rendered =
        run(
            binary("helm").toString(),
            "template",
            "rootmfa-operator",
            "helm/rootmfa-operator",
            "--namespace",
            RELEASE_NAMESPACE,
            "--set",
            "rbac.secretNamespaces={" + namespace + "}");
    List<HasMetadata> all =
        cluster
            .admin()
            .load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8)))
            .items();
    List<HasMetadata> rbac = all.stream().filter(o -> RBAC_KINDS.contains(o.getKind())).toList();
    assertThat(rbac)
        .extracting(HasMetadata::getKind)
        .contains("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
    return rbac;
  }

  /**
   * {@code kubectl auth can-i --list} as the ServiceAccount, one line per rule with whitespace
   * collapsed.
   */
  private static List<String> canIList(String inNamespace) throws Exception {
    Path kubeconfig = cluster.kubeconfigFile();
    try {
      String out =
          run(
              binary("kubectl").toString(),
              "--kubeconfig",
              kubeconfig.toString(),
              "auth",
              "can-i",
              "--list",
              "--as=" + SERVICE_ACCOUNT,
              "-n",
              inNamespace);
      System.out.printf(
          "kubectl auth can-i --list --as=%s -n %s%n%s%n", SERVICE_ACCOUNT, inNamespace, out);
      return Arrays.stream(out.split("\n"))
          .skip(1)
          .map(String::strip)
          .filter(l -> !l.isEmpty())
          .map(l -> l.replaceAll("\\s+", " "))
          .collect(Collectors.toList());
    } finally {
      Files.deleteIfExists(kubeconfig);
    }
  }

  static Path binary(String name) {
    return Path.of(
        System.getProperty("kube.api.test.dir", System.getProperty("user.home") + "/.kubeapitest"),
        "k8s",
        TestCluster.KUBE_VERSION + "-linux-amd64",
        name);
  }

  static String run(String... command) throws IOException, InterruptedException {
    Process proc =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(proc.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
    assertThat(proc.exitValue()).as("%s exit code", String.join(" ", command)).isZero();
    return out;
  }

  private static void keysSecret(String name, EmulatedAccount account) {
    keysSecret(namespace, name, account);
  }

  private static void keysSecret(String inNamespace, String name, EmulatedAccount account) {
    AccessKey key = account.createAccessKey("enroller");
    cluster
        .admin()
        .secrets()
        .inNamespace(inNamespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(
                    Map.of(
                        "accessKeyId", key.accessKeyId(), "secretAccessKey", key.secretAccessKey()))
                .build())
        .serverSideApply();
  }

  private static void apply(String yaml) {
    RootMfaPolicy p = Serialization.unmarshal(yaml, RootMfaPolicy.class);
    p.getMetadata().setNamespace(namespace);
    cluster.admin().resource(p).serverSideApply();
  }

  private static RootMfaPolicy policy() {
    return cluster
        .admin()
        .resources(RootMfaPolicy.class)
        .inNamespace(namespace)
        .withName("rbac")
        .get();
  }
}
