package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.v1alpha1.RootMfaAccountBinding;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.CallRecord;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenancy on the real API server, with impersonated users: a tenant who may write policies in its
 * namespace cannot point one at an account its namespace is not bound to (AccountNotPermitted, and
 * not one AWS call for that account), cannot bind itself, cannot choose the external id, and cannot
 * borrow another tenant's role; its own bound account works, with a session named after the policy
 * and tagged with namespace and policy.
 */
@Integration
class TenancyTest {
  static final String HUB = "520000000000";
  static final String OWN = "520000000001";
  static final String OTHER_TENANTS = "520000000002";
  static final String BORROWED = "520000000003";
  static final String LATER = "520000000004";
  static final String TENANT = "alice";
  static AwsEmulator aws;
  static OperatorRig rig;
  static KubernetesClient tenant;

  @BeforeAll
  static void start() {
    aws = AwsEmulator.start();
    rig =
        OperatorRig.builder()
            .emulator(aws)
            .namespacePrefix("team-a")
            .operatorUser(aws.createAccount(HUB))
            .start();
    // The platform team binds the tenant's namespace to its own account and the borrowed one.
    Bindings.apply(rig.admin(), "team-a", rig.namespace, List.of(OWN, BORROWED), "assumeRole");
    String externalId = Bindings.externalId("team-a", rig.namespace);
    String hubRoot = "arn:aws:iam::" + HUB + ":root";
    aws.createAccount(OWN).createRole("RootMfaAuditor", externalId, Set.of(hubRoot));
    aws.createAccount(OTHER_TENANTS)
        .createRole("RootMfaAuditor", "rootmfa:team-b:team-b", Set.of(hubRoot));
    aws.createAccount(LATER).createRole("RootMfaAuditor", "rootmfa:team-b:team-b", Set.of(hubRoot));
    // Bound to team-a too, but its role trusts only team-b's external id.
    aws.createAccount(BORROWED)
        .createRole("RootMfaAuditor", "rootmfa:team-b:team-b", Set.of(hubRoot));

    rig.admin()
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("policy-writer")
                .withNamespace(rig.namespace)
                .endMetadata()
                .addNewRule()
                .withApiGroups("rootmfa.io")
                .withResources("rootmfapolicies")
                .withVerbs("get", "list", "watch", "create", "patch", "update")
                .endRule()
                .build())
        .serverSideApply();
    rig.admin()
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("alice-writes-policies")
                .withNamespace(rig.namespace)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role")
                .withName("policy-writer")
                .endRoleRef()
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName(TENANT)
                .endSubject()
                .build())
        .serverSideApply();
    Config config = Config.fromKubeconfig(rig.cluster.kubeconfigYaml());
    config.setImpersonateUsername(TENANT);
    config.setImpersonateGroups("system:authenticated");
    tenant = new KubernetesClientBuilder().withConfig(config).build();
  }

  @AfterAll
  static void stop() {
    tenant.close();
    rig.admin().resources(RootMfaAccountBinding.class).withName("team-a").delete();
    rig.close();
    aws.close();
  }

  static String audit(String name, String account) {
    return """
        apiVersion: rootmfa.io/v1alpha1
        kind: RootMfaPolicy
        metadata: {name: %s}
        spec:
          accountId: "%s"
          mode: Audit
          target: {root: {}}
          credentials: {assumeRole: {roleArn: "arn:aws:iam::%s:role/RootMfaAuditor"}}
          checkInterval: 10s
        """
        .formatted(name, account, account);
  }

  /** Created by the tenant, as the tenant. */
  static RootMfaPolicy createAsTenant(String yaml) {
    RootMfaPolicy p = Serialization.unmarshal(yaml, RootMfaPolicy.class);
    p.getMetadata().setNamespace(rig.namespace);
    return tenant.resource(p).create();
  }

  static List<CallRecord> assumeRoleCallsFor(String account) {
    return aws.calls()
        .matching(
            c ->
                c.operation().equals("AssumeRole")
                    && String.valueOf(c.param("RoleArn")).contains(":" + account + ":"));
  }

  @Test
  void anUnboundAccountIsNotPermittedAndNotOneAwsCallIsMadeForIt() {
    createAsTenant(audit("other-tenant", OTHER_TENANTS));
    RootMfaPolicy p = rig.awaitReason("other-tenant", "AccountNotPermitted");
    assertThat(Conditions.status(p, "Stalled")).isEqualTo("True");
    assertThat(Conditions.of(p, "Ready").orElseThrow().getMessage())
        .contains("namespace " + rig.namespace)
        .contains("account " + OTHER_TENANTS)
        .contains("credentials.assumeRole");
    assertThat(rig.admin().v1().events().inNamespace(rig.namespace).list().getItems())
        .anyMatch(
            e ->
                e.getReason().equals("AccountNotPermitted")
                    && e.getInvolvedObject().getName().equals("other-tenant"));
    assertThat(assumeRoleCallsFor(OTHER_TENANTS)).isEmpty();
    assertThat(aws.calls().matching(c -> OTHER_TENANTS.equals(c.accountId()))).isEmpty();
  }

  @Test
  void theBoundAccountWorksWithASessionNamedAndTaggedAfterThePolicy() {
    createAsTenant(audit("own", OWN));
    rig.awaitReason("own", "NonCompliant");
    CallRecord assumed =
        assumeRoleCallsFor(OWN).stream().filter(CallRecord::succeeded).findFirst().orElseThrow();
    assertThat(assumed.param("RoleSessionName")).isEqualTo("rootmfa." + rig.namespace + ".own");
    assertThat(assumed.params())
        .containsEntry("Tags.member.1.Key", "rootmfa:namespace")
        .containsEntry("Tags.member.1.Value", rig.namespace)
        .containsEntry("Tags.member.2.Key", "rootmfa:policy")
        .containsEntry("Tags.member.2.Value", "own");
    assertThat(aws.calls().matching(c -> OWN.equals(c.accountId())))
        .allMatch(
            c ->
                c.principalArn()
                    .equals(
                        "arn:aws:sts::"
                            + OWN
                            + ":assumed-role/RootMfaAuditor/rootmfa."
                            + rig.namespace
                            + ".own"));
  }

  @Test
  void anotherTenantsRoleRefusesThisNamespacesExternalId() {
    createAsTenant(audit("borrowed", BORROWED));
    RootMfaPolicy p = rig.awaitReason("borrowed", "AccessDenied");
    assertThat(Conditions.of(p, "Ready").orElseThrow().getMessage()).contains("sts:AssumeRole");
    assertThat(assumeRoleCallsFor(BORROWED))
        .isNotEmpty()
        .allMatch(c -> c.outcome().equals("AccessDenied"));
    assertThat(aws.calls().matching(c -> BORROWED.equals(c.accountId()))).isEmpty();
  }

  @Test
  void theTenantCannotBindItselfNorChooseTheExternalIdNorUseTheOperatorsIdentity() {
    RootMfaAccountBinding self = new RootMfaAccountBinding();
    self.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("alice-self").build());
    assertThatThrownBy(() -> tenant.resource(self).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));

    assertThatThrownBy(
            () ->
                createAsTenant(
                    audit("chosen-id", OWN)
                        .replace(
                            "role/RootMfaAuditor\"}}",
                            "role/RootMfaAuditor\", externalId: rootmfa:team-b:team-b}}")))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("assumeRole.externalId is not set by tenants");

    createAsTenant(
        audit("operator-identity", OWN)
            .replace(
                "{assumeRole: {roleArn: \"arn:aws:iam::" + OWN + ":role/RootMfaAuditor\"}}",
                "{default: {}}"));
    RootMfaPolicy p = rig.awaitReason("operator-identity", "AccountNotPermitted");
    assertThat(Conditions.of(p, "Ready").orElseThrow().getMessage())
        .contains("credentials.default")
        .contains("binding team-a (assumeRole) permits only other kinds");
  }

  @Test
  void bindingAnAccountUnstallsItsPolicyAndUnbindingStallsItAgain() {
    createAsTenant(audit("later", LATER));
    rig.awaitReason("later", "AccountNotPermitted");
    Bindings.apply(rig.admin(), "team-a-later", rig.namespace, List.of(LATER), "assumeRole");
    // Now AWS is asked, and the other tenant's role refuses team-a-later's external id.
    rig.awaitReason("later", "AccessDenied");
    assertThat(assumeRoleCallsFor(LATER)).isNotEmpty();

    // The same binding, changed to name another account only: its new version is what counts.
    Bindings.apply(
        rig.admin(), "team-a-later", rig.namespace, List.of("999999999998"), "assumeRole");
    rig.awaitReason("later", "AccountNotPermitted");
    Bindings.apply(rig.admin(), "team-a-later", rig.namespace, List.of(LATER), "assumeRole");
    rig.awaitReason("later", "AccessDenied");

    rig.admin().resources(RootMfaAccountBinding.class).withName("team-a-later").delete();
    rig.awaitReason("later", "AccountNotPermitted");
  }
}
