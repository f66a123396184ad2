package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchResourcesBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may open a break-glass window, proven on the real API server with impersonated users: the
 * chart's ValidatingAdmissionPolicies (rendered by {@code helm template}, exactly as shipped) and
 * the CRD's own rules. Two releases of the policy run side by side: the default values, and one
 * with {@code separateRequester} (no approving your own request) and an Argo CD applier. The API
 * server is shared with other tests, so each binding is narrowed to the namespaces of its variant;
 * the policies themselves are the chart's, unchanged.
 */
@Integration
class BreakGlassAdmissionTest {
  static final TestCluster cluster = TestCluster.get();
  static final String VARIANT_LABEL = "rootmfa-test/break-glass-admission";
  static final String TENANT = "bob@example.com";
  static final String APPROVER = "alice@example.com";
  static final String SECOND_APPROVER = "carol@example.com";
  static final String APPROVERS = "rootmfa-approvers";
  static final String ARGO_CD = "system:serviceaccount:argocd:argocd-application-controller";
  static final String REQUESTED_BY = "rootmfa.io/break-glass-requested-by";

  static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS);
  static final List<KubernetesClient> clients = new ArrayList<>();
  static String defaults;
  static String separate;
  static KubernetesClient tenant;
  static KubernetesClient approver;
  static KubernetesClient secondApprover;
  static KubernetesClient argoCd;

  @BeforeAll
  static void install() throws Exception {
    KubernetesClient admin = cluster.admin();
    admin
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("break-glass-test-policy-editor")
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("rootmfa.io")
                        .withResources("rootmfapolicies", "organizationrootmfapolicies")
                        .withVerbs("get", "list", "create", "update", "patch", "delete")
                        .build())
                .build())
        .serverSideApply();
    admin
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("break-glass-test-policy-editor")
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName("break-glass-test-policy-editor")
                .endRoleRef()
                .withSubjects(
                    user(TENANT),
                    user(APPROVER),
                    user(SECOND_APPROVER),
                    new SubjectBuilder()
                        .withKind("ServiceAccount")
                        .withName("argocd-application-controller")
                        .withNamespace("argocd")
                        .build())
                .build())
        .serverSideApply();

    defaults = namespace("defaults");
    separate = namespace("separate");
    installChart("glass-defaults", "defaults");
    installChart(
        "glass-separate",
        "separate",
        "--set",
        "breakGlass.admission.separateRequester=true",
        "--set",
        "breakGlass.admission.gitOpsAppliers[0]=" + ARGO_CD);

    tenant = as(TENANT);
    approver = as(APPROVER, APPROVERS);
    secondApprover = as(SECOND_APPROVER, APPROVERS);
    argoCd =
        as(
            ARGO_CD,
            "system:serviceaccounts",
            "system:serviceaccounts:argocd",
            "system:authenticated");
    // The API server loads and type-checks new admission policies asynchronously.
    for (String ns : List.of(defaults, separate)) {
      Awaitility.await("the break-glass admission policy is in force in " + ns)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                try {
                  create(tenant, ns, policy("probe", TENANT));
                  policies(cluster.admin(), ns).withName("probe").delete();
                  return false;
                } catch (KubernetesClientException e) {
                  return e.getMessage().contains("break-glass approver groups");
                }
              });
    }
  }

  @AfterAll
  static void closeClients() {
    clients.forEach(KubernetesClient::close);
  }

  @Test
  void aTenantWhoIsNotAnApproverCannotSetItsOwnWindow() {
    assertDenied(
        () -> create(tenant, defaults, policy("own-window", TENANT)),
        "only members of the break-glass approver groups rootmfa-approvers may set or change "
            + "spec.breakGlass; bob@example.com is not one");
    assertThat(policies(cluster.admin(), defaults).withName("own-window").get()).isNull();
  }

  @Test
  void aTenantCannotAddAWindowToItsPolicyOrChangeAnApprovedOne() {
    create(tenant, defaults, withoutWindow(policy("add-later", TENANT)));
    assertDenied(
        () -> update(tenant, defaults, "add-later", p -> spec(p).put("breakGlass", window(TENANT))),
        "only members of the break-glass approver groups");

    create(approver, defaults, policy("approved", APPROVER));
    assertDenied(
        () ->
            update(
                tenant,
                defaults,
                "approved",
                p -> window(p).put("expiresAt", at(Duration.ofHours(3)))),
        "only members of the break-glass approver groups");
  }

  @Test
  void anApproverMustNameHerselfAsApprover() {
    assertDenied(
        () -> create(approver, defaults, policy("someone-else", "security-oncall@example.com")),
        "spec.breakGlass.approvedBy must be your own user name, alice@example.com");
    create(approver, defaults, policy("herself", APPROVER));
    assertThat(window(policies(cluster.admin(), defaults).withName("herself").get()))
        .containsEntry("approvedBy", APPROVER);
  }

  @Test
  void aTenantMayCloseAWindowAndEditTheRestOfItsPolicy() {
    create(approver, defaults, policy("closing", APPROVER));
    update(tenant, defaults, "closing", p -> spec(p).put("checkInterval", "30s"));
    update(tenant, defaults, "closing", p -> spec(p).remove("breakGlass"));
    assertThat(spec(policies(cluster.admin(), defaults).withName("closing").get()))
        .doesNotContainKey("breakGlass")
        .containsEntry("checkInterval", "30s");
  }

  @Test
  void aWindowLongerThanTheMaximumIsRefusedAtAdmission() {
    String tooLong =
        policy("too-long", APPROVER)
            .replace(
                "expiresAt: \"" + at(Duration.ofHours(2)) + "\"",
                "expiresAt: \"" + at(Duration.ofHours(25)) + "\"");
    assertDenied(
        () -> create(approver, defaults, tooLong), "a break-glass window may last at most 24h");
  }

  @Test
  void anOrganizationPolicysWindowIsGuardedTheSameWay() {
    String organization =
        """
        apiVersion: rootmfa.io/v1alpha1
        kind: OrganizationRootMfaPolicy
        metadata: {name: NAME}
        spec:
          template:
            mode: Enforce
            target: {root: {}}
            credentials: {assumeRoot: {}}
            remediation: RemoveRootCredentials
            breakGlass: {ticket: SEC-1, approvedBy: APPROVER, startsAt: "FROM", expiresAt: "UNTIL"}
        """
            .replace("FROM", at(Duration.ZERO))
            .replace("UNTIL", at(Duration.ofHours(2)));
    assertDenied(
        () ->
            create(
                tenant,
                defaults,
                organization.replace("NAME", "org-tenant").replace("APPROVER", TENANT)),
        "may set or change spec.template.breakGlass");
    create(
        approver,
        defaults,
        organization.replace("NAME", "org-approver").replace("APPROVER", APPROVER));
  }

  @Test
  void withSeparateRequesterNoApproverApprovesHerOwnRequest() {
    assertDenied(
        () -> create(approver, separate, policy("unrequested", APPROVER)),
        "no approving your own request");

    create(tenant, separate, withoutWindow(policy("requested", TENANT)));
    assertDenied(
        () -> update(tenant, separate, "requested", p -> annotate(p, APPROVER)),
        "annotation rootmfa.io/break-glass-requested-by may only name yourself");
    update(tenant, separate, "requested", p -> annotate(p, TENANT));
    update(approver, separate, "requested", p -> spec(p).put("breakGlass", window(APPROVER)));

    create(approver, separate, withoutWindow(policy("self-requested", APPROVER)));
    update(approver, separate, "self-requested", p -> annotate(p, APPROVER));
    assertDenied(
        () ->
            update(
                approver,
                separate,
                "self-requested",
                p -> spec(p).put("breakGlass", window(APPROVER))),
        "no approving your own request");
    update(
        secondApprover,
        separate,
        "self-requested",
        p -> spec(p).put("breakGlass", window(SECOND_APPROVER)));
  }

  @Test
  void argoCdAppliesAWindowApprovedInTheGitReview() {
    create(argoCd, separate, policy("from-git", "security-oncall@example.com"));
    assertDenied(
        () -> create(argoCd, defaults, policy("from-git", "security-oncall@example.com")),
        "only members of the break-glass approver groups");
  }

  // --- helpers -------------------------------------------------------------------------------

  /** Renders the chart's admission policies and applies them, bound to one variant's namespaces. */
  private static void installChart(String release, String variant, String... values)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                ChartRbacTest.binary("helm").toString(),
                "template",
                release,
                "helm/rootmfa-operator",
                "--namespace",
                "rootmfa-system",
                "--show-only",
                "templates/break-glass-admission.yaml"));
    command.addAll(List.of(values));
    String rendered = ChartRbacTest.run(command.toArray(String[]::new));
    List<HasMetadata> objects =
        cluster
            .admin()
            .load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8)))
            .items();
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder(
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding");
    for (HasMetadata o : objects) {
      if (o instanceof ValidatingAdmissionPolicyBinding binding) {
        binding
            .getSpec()
            .setMatchResources(
                new MatchResourcesBuilder()
                    .withNewNamespaceSelector()
                    .addToMatchLabels(VARIANT_LABEL, variant)
                    .endNamespaceSelector()
                    .build());
      }
      cluster.admin().resource(o).serverSideApply();
    }
  }

  private static String namespace(String variant) {
    String name = cluster.newNamespace("break-glass-" + variant);
    cluster
        .admin()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels(VARIANT_LABEL, variant)
                .endMetadata()
                .build())
        .serverSideApply();
    return name;
  }

  private static io.fabric8.kubernetes.api.model.rbac.Subject user(String name) {
    return new SubjectBuilder()
        .withKind("User")
        .withApiGroup("rbac.authorization.k8s.io")
        .withName(name)
        .build();
  }

  /** A client that acts as {@code user}, a member of {@code groups}. */
  private static KubernetesClient as(String user, String... groups) {
    Config config = Config.fromKubeconfig(cluster.kubeconfigYaml());
    config.setImpersonateUsername(user);
    List<String> all = new ArrayList<>(List.of(groups));
    if (!all.contains("system:authenticated")) {
      all.add("system:authenticated");
    }
    config.setImpersonateGroups(all.toArray(String[]::new));
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    clients.add(client);
    return client;
  }

  /** An Enforce policy with a two-hour window from now, approved by {@code approvedBy}. */
  private static String policy(String name, String approvedBy) {
    return Policies.enforce(name, "123456789012", Policies.ROOT, "keys", Policies.OPEN)
        .replaceAll("  breakGlass: .*\\n", "")
        .replace(
            "  checkInterval:",
            "  breakGlass: {ticket: SEC-1, approvedBy: \""
                + approvedBy
                + "\", startsAt: \""
                + at(Duration.ZERO)
                + "\", expiresAt: \""
                + at(Duration.ofHours(2))
                + "\"}\n  checkInterval:");
  }

  private static String withoutWindow(String yaml) {
    return yaml.replaceAll("  breakGlass: .*\\n", "");
  }

  /** The same two-hour window, as a map to put into a spec. */
  private static Map<String, Object> window(String approvedBy) {
    return new java.util.LinkedHashMap<>(
        Map.of(
            "ticket",
            "SEC-2",
            "approvedBy",
            approvedBy,
            "startsAt",
            at(Duration.ZERO),
            "expiresAt",
            at(Duration.ofHours(2))));
  }

  /** The start of the current hour plus {@code offset}, RFC 3339. */
  private static String at(Duration offset) {
    return HOUR.plus(offset).toString();
  }

  private static NonNamespaceOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      policies(KubernetesClient client, String namespace) {
    return client
        .genericKubernetesResources("rootmfa.io/v1alpha1", "RootMfaPolicy")
        .inNamespace(namespace);
  }

  private static void create(KubernetesClient as, String namespace, String yaml) {
    GenericKubernetesResource r = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    as.genericKubernetesResources(r.getApiVersion(), r.getKind())
        .inNamespace(namespace)
        .resource(r)
        .create();
  }

  /** Reads the policy as admin, changes it, and updates it as {@code as}. */
  private static void update(
      KubernetesClient as,
      String namespace,
      String name,
      java.util.function.Consumer<GenericKubernetesResource> change) {
    GenericKubernetesResource p = policies(cluster.admin(), namespace).withName(name).get();
    change.accept(p);
    policies(as, namespace).resource(p).update();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource p) {
    return (Map<String, Object>) p.getAdditionalProperties().get("spec");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> window(GenericKubernetesResource p) {
    return (Map<String, Object>) spec(p).get("breakGlass");
  }

  private static void annotate(GenericKubernetesResource p, String requester) {
    p.getMetadata().setAnnotations(new java.util.HashMap<>(Map.of(REQUESTED_BY, requester)));
  }

  private static void assertDenied(Runnable request, String message) {
    assertThatThrownBy(request::run)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isIn(403, 422);
              assertThat(e.getMessage()).contains(message);
            });
  }
}
