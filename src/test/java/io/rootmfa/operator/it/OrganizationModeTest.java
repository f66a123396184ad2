package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.v1alpha1.OrganizationRootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.OrganizationRootMfaPolicyStatus;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.CallRecord;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.EmulatedOrganization;
import io.rootmfa.operator.organization.OrganizationRootMfaPolicyReconciler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Organization mode on the real API server: one OrganizationRootMfaPolicy over an emulated
 * organization of 3 OUs and 40 member accounts (plus the management account, which never gets a
 * child) keeps one child RootMfaPolicy per ACTIVE account, reports counts per Ready reason, adds a
 * child for a new account within one resync, and deletes the child of an account that left without
 * touching AWS.
 */
@Integration
class OrganizationModeTest {
  static final String MANAGEMENT = "900000000000";
  static final Set<String> WRITES = CallRecord.WRITE_OPERATIONS;
  static AwsEmulator aws;
  static EmulatedOrganization org;
  static OperatorRig rig;
  static EmulatedOrganization.OrganizationalUnit security;
  static EmulatedOrganization.OrganizationalUnit workloads;
  static EmulatedOrganization.OrganizationalUnit prod;

  @BeforeAll
  static void start() {
    aws = AwsEmulator.start();
    org = aws.createOrganization(MANAGEMENT).setCentralizedRootAccess(true);
    security = org.createOrganizationalUnit(org.rootId(), "security");
    workloads = org.createOrganizationalUnit(org.rootId(), "workloads");
    prod = org.createOrganizationalUnit(workloads.id(), "prod");
    // security: 10 accounts whose root has no credentials (NotApplicable)
    for (int i = 0; i < 10; i++) {
      org.addAccount(account(1, i), security.id(), "sec-" + i).setRootPasswordPresent(false);
    }
    // workloads: 15 accounts whose root has a password and no MFA (NonCompliant)
    for (int i = 0; i < 15; i++) {
      org.addAccount(account(2, i), workloads.id(), "wl-" + i);
    }
    // workloads/prod: 15 accounts whose root has MFA (Compliant)
    for (int i = 0; i < 15; i++) {
      EmulatedAccount a = org.addAccount(account(3, i), prod.id(), "prod-" + i);
      EmulatorFixtures.enableRootMfa(aws, a);
    }
    org.addAccount("400000000001", prod.id(), "suspended").setRootPasswordPresent(false);
    org.setStatus("400000000001", EmulatedOrganization.AccountStatus.SUSPENDED);
    org.setMaxPageSize(7); // every listing pages
    rig = OperatorRig.organization(aws, MANAGEMENT, "organization");
    // The platform team binds the namespace to the OUs; membership comes from AWS Organizations.
    rig.bind(List.of(), List.of(security.id(), workloads.id()), "assumeRoot");
  }

  @AfterAll
  static void stop() {
    rig.close();
    aws.close();
  }

  static String account(int group, int i) {
    return String.format("%d000000000%02d", group, i);
  }

  static OrganizationRootMfaPolicy applyParent(String name, String accounts) {
    return applyParent(name, accounts, "{assumeRoot: {}}");
  }

  static OrganizationRootMfaPolicy applyParent(String name, String accounts, String credentials) {
    String yaml =
        """
        apiVersion: rootmfa.io/v1alpha1
        kind: OrganizationRootMfaPolicy
        metadata: {name: %s}
        spec:
          accounts: %s
          resyncInterval: 30s
          childCreationsPerSecond: 15
          template:
            mode: Audit
            target: {root: {}}
            credentials: %s
            checkInterval: 10s
        """
            .formatted(name, accounts, credentials);
    OrganizationRootMfaPolicy p = Serialization.unmarshal(yaml, OrganizationRootMfaPolicy.class);
    p.getMetadata().setNamespace(rig.namespace);
    return rig.admin().resource(p).serverSideApply();
  }

  static OrganizationRootMfaPolicy parent(String name) {
    return rig.organizationPolicy(name);
  }

  static List<RootMfaPolicy> children(String parent) {
    return rig.admin()
        .resources(RootMfaPolicy.class)
        .inNamespace(rig.namespace)
        .withLabel(OrganizationRootMfaPolicyReconciler.PARENT_LABEL, parent)
        .list()
        .getItems();
  }

  static OrganizationRootMfaPolicyStatus awaitStatus(
      String name, java.util.function.Predicate<OrganizationRootMfaPolicyStatus> done) {
    Awaitility.await(name + " status")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> Optional.ofNullable(parent(name).getStatus()).filter(done).isPresent());
    return parent(name).getStatus();
  }

  static Optional<String> ready(OrganizationRootMfaPolicyStatus s) {
    return s.getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .map(c -> c.getStatus() + "/" + c.getReason())
        .findFirst();
  }

  @Test
  void aParentRefusedByTheBindingsOrByItsTemplateListsNothingAndSaysWhy() {
    applyParent("unbound-kind", "{}", "{default: {}}");
    applyParent("no-credentials", "{}", "{}");

    assertThat(ready(awaitStatus("unbound-kind", st -> ready(st).isPresent())))
        .contains("False/AccountNotPermitted");
    assertThat(ready(awaitStatus("no-credentials", st -> ready(st).isPresent())))
        .contains("False/InvalidSpec");
    assertThat(children("unbound-kind")).isEmpty();
    assertThat(children("no-credentials")).isEmpty();
  }

  @Test
  void fortyAccountsInThreeOusGetFortyChildrenReadyWithTheRightReasons() {
    applyParent("everyone", "{}");

    OrganizationRootMfaPolicyStatus s =
        awaitStatus(
            "everyone",
            st ->
                Integer.valueOf(40).equals(st.getChildren())
                    && !st.getReasons().containsKey("Unknown"));

    assertThat(s.getAccounts()).isEqualTo(40);
    assertThat(s.getReasons())
        .isEqualTo(Map.of("NotApplicable", 10, "NonCompliant", 15, "Compliant", 15));
    assertThat(s.getCompliant()).isEqualTo(25);
    assertThat(s.getNonCompliant()).isEqualTo(15);
    assertThat(ready(s)).contains("False/ChildrenNotReady");
    assertThat(s.getOrganizationId()).isEqualTo(org.id());

    List<RootMfaPolicy> children = children("everyone");
    assertThat(children).hasSize(40);
    assertThat(children)
        .extracting(
            c -> c.getMetadata().getLabels().get(OrganizationRootMfaPolicyReconciler.ACCOUNT_LABEL))
        .doesNotContain(MANAGEMENT, "400000000001");
    RootMfaPolicy prodChild =
        rig.admin()
            .resources(RootMfaPolicy.class)
            .inNamespace(rig.namespace)
            .withName("everyone-" + account(3, 4))
            .get();
    assertThat(prodChild.getMetadata().getLabels())
        .containsEntry(OrganizationRootMfaPolicyReconciler.UNIT_LABEL, prod.id())
        .containsEntry(OrganizationRootMfaPolicyReconciler.ACCOUNT_LABEL, account(3, 4));
    assertThat(prodChild.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("OrganizationRootMfaPolicy");
              assertThat(o.getName()).isEqualTo("everyone");
              assertThat(o.getController()).isTrue();
            });
    assertThat(prodChild.getSpec().getAccountId()).isEqualTo(account(3, 4));
    assertThat(prodChild.getSpec().getCredentials().getAssumeRoot()).isNotNull();
    assertThat(Conditions.readyReason(prodChild)).contains("Compliant");
    assertThat(aws.calls().operations()).doesNotContainAnyElementsOf(WRITES);
  }

  @Test
  void aNewAccountGetsAChildWithinOneResyncAndALeaverLosesItWithAwsUntouched() {
    applyParent("security", "{organizationalUnits: [" + security.id() + "]}");
    OrganizationRootMfaPolicyStatus s =
        awaitStatus("security", st -> ready(st).equals(Optional.of("True/AllReady")));
    assertThat(s.getChildren()).isEqualTo(10);

    String newcomer = "500000000001";
    org.addAccount(newcomer, security.id(), "newcomer").setRootPasswordPresent(false);
    Instant added = Instant.now();
    Awaitility.await("child for the new account")
        .atMost(Duration.ofSeconds(30 + 30))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> children("security").size() == 11);
    System.out.printf(
        "organization mode: new account got its child after %d ms (resyncInterval 30s)%n",
        Duration.between(added, Instant.now()).toMillis());
    awaitStatus(
        "security", st -> ready(st).equals(Optional.of("True/AllReady")) && st.getChildren() == 11);

    String leaver = account(1, 3);
    EmulatedAccount leaving = aws.account(leaver);
    AccessKey rootKey = leaving.createRootAccessKey();
    aws.calls().clear();
    org.removeAccount(leaver);
    Awaitility.await("child of the account that left is deleted")
        .atMost(Duration.ofSeconds(30 + 30))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                children("security").stream()
                    .noneMatch(c -> c.getMetadata().getName().equals("security-" + leaver)));
    assertThat(aws.account(leaver).longTermKeysOf(leaving.rootPrincipal().arn()))
        .extracting(k -> k.accessKeyId())
        .containsExactly(rootKey.accessKeyId());
    assertThat(aws.calls().all())
        .extracting(CallRecord::operation)
        .doesNotContainAnyElementsOf(WRITES);
    assertThat(
            rig.admin().v1().events().inNamespace(rig.namespace).list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals("security-" + leaver))
                .map(e -> e.getReason()))
        .contains("Retained");
  }
}
