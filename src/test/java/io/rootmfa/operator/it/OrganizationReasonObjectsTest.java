package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.v1alpha1.OrganizationRootMfaPolicy;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.EmulatedOrganization;
import io.rootmfa.operator.emulator.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives organization policies into every state of hack/kstatus/organization-verdicts.txt against
 * the emulated organization and writes each, exactly as the operator left it on the API server, to
 * {@code target/ready-reason-objects/OrganizationRootMfaPolicy/<state>.yaml}, for {@code
 * hack/status-verdicts.sh} to feed to kstatus's own code and to Argo CD's health check.
 */
@Integration
class OrganizationReasonObjectsTest {
  static final Path OBJECTS = ReadyReasonObjectsTest.OBJECTS.resolve("OrganizationRootMfaPolicy");
  static final String MANAGEMENT = "900000000000";
  static final String AUDIT = "{mode: Audit, target: {root: {}}, credentials: {assumeRoot: {}}}";
  static AwsEmulator aws;
  static EmulatedOrganization org;
  static OperatorRig rig;
  static Map<String, String> units = new TreeMap<>();

  @BeforeAll
  static void start() throws IOException {
    aws = AwsEmulator.start();
    org = aws.createOrganization(MANAGEMENT).setCentralizedRootAccess(true);
    // Roots without credentials (NotApplicable) in "quiet" and "paced"; with a password in the
    // rest.
    int[] sizes = {2, 6, 2, 2, 1};
    String[] names = {"quiet", "paced", "audited", "waiting", "outage"};
    for (int u = 0; u < names.length; u++) {
      String unit = org.createOrganizationalUnit(org.rootId(), names[u]).id();
      units.put(names[u], unit);
      for (int i = 0; i < sizes[u]; i++) {
        var account = org.addAccount(String.format("%d000000000%02d", u + 1, i), unit, names[u]);
        account.setRootPasswordPresent(u >= 2);
      }
    }
    rig = OperatorRig.organization(aws, MANAGEMENT, "org-reasons");
    rig.bind(List.of(), List.copyOf(units.values()), "assumeRoot");
    Files.createDirectories(OBJECTS);
    try (var stale = Files.list(OBJECTS)) {
      for (Path f : stale.toList()) {
        Files.delete(f);
      }
    }
  }

  @AfterAll
  static void stop() {
    rig.close();
    aws.close();
  }

  static void apply(String name, String unit, int perSecond, String template) {
    String yaml =
        """
        apiVersion: rootmfa.io/v1alpha1
        kind: OrganizationRootMfaPolicy
        metadata: {name: %s}
        spec:
          accounts: {organizationalUnits: [%s]}
          resyncInterval: 30s
          childCreationsPerSecond: %d
          template: %s
        """
            .formatted(name, unit, perSecond, template);
    OrganizationRootMfaPolicy p = Serialization.unmarshal(yaml, OrganizationRootMfaPolicy.class);
    p.getMetadata().setNamespace(rig.namespace);
    rig.admin().resource(p).serverSideApply();
  }

  static OrganizationRootMfaPolicy parent(String name) {
    return rig.organizationPolicy(name);
  }

  static String status(OrganizationRootMfaPolicy p, String type) {
    return Conditions.of(p, type).map(Condition::getStatus).orElse("Unknown");
  }

  /**
   * Waits until the parent is in the state (its Ready reason, with /Stalled or /Reconciling when
   * that condition must be True) and the extra test holds, then writes it as the API server holds
   * it and returns its Ready, Reconciling and Stalled statuses.
   */
  static String reach(String name, String state, Predicate<OrganizationRootMfaPolicy> also)
      throws IOException {
    String reason = state.split("/")[0];
    Predicate<OrganizationRootMfaPolicy> inState =
        p ->
            Conditions.of(p, "Ready").map(Condition::getReason).filter(reason::equals).isPresent()
                && (!state.endsWith("/Stalled") || status(p, "Stalled").equals("True"))
                && (!state.endsWith("/Reconciling") || status(p, "Reconciling").equals("True"))
                && also.test(p);
    Awaitility.await(name + " " + state)
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> parent(name), inState);
    OrganizationRootMfaPolicy p = parent(name);
    assertThat(inState).as("still " + state).accepts(p);
    p.getMetadata().setManagedFields(null);
    Files.writeString(OBJECTS.resolve(state.replace('/', '-') + ".yaml"), Serialization.asYaml(p));
    return status(p, "Ready") + "/" + status(p, "Reconciling") + "/" + status(p, "Stalled");
  }

  static String reach(String name, String state) throws IOException {
    return reach(name, state, p -> true);
  }

  static Predicate<OrganizationRootMfaPolicy> childReason(String reason) {
    return p ->
        p.getStatus().getReasons() != null && p.getStatus().getReasons().containsKey(reason);
  }

  @Test
  void everyStateOfAnOrganizationPolicyIsWrittenAsARealObject() throws IOException {
    // Ready / Reconciling / Stalled, by state.
    Map<String, String> conditions = new TreeMap<>();

    // One child a second: the first status says so while five children are still to come.
    apply("paced", units.get("paced"), 1, AUDIT);
    conditions.put("CreatingChildren", reach("paced", "CreatingChildren"));

    apply("quiet", units.get("quiet"), 20, AUDIT);
    conditions.put("AllReady", reach("quiet", "AllReady"));

    apply("audited", units.get("audited"), 20, AUDIT);
    conditions.put(
        "ChildrenNotReady/Stalled",
        reach("audited", "ChildrenNotReady/Stalled", childReason("NonCompliant")));

    apply(
        "waiting",
        units.get("waiting"),
        20,
        "{mode: Enforce, target: {root: {}}, credentials: {assumeRoot: {}},"
            + " remediation: RemoveRootCredentials}");
    conditions.put("ChildrenAwaitingEnrollment", reach("waiting", "ChildrenAwaitingEnrollment"));

    apply("invalid", units.get("quiet"), 20, "{mode: Audit, target: {root: {}}}");
    conditions.put("InvalidSpec", reach("invalid", "InvalidSpec"));

    apply(
        "unbound",
        units.get("quiet"),
        20,
        "{mode: Audit, target: {root: {}}, credentials: {default: {}}}");
    conditions.put("AccountNotPermitted", reach("unbound", "AccountNotPermitted"));

    // Last, because a denial or a fault hits every parent's next listing.
    aws.deny(MANAGEMENT, "organizations:DescribeOrganization");
    apply("denied", units.get("outage"), 20, AUDIT);
    conditions.put("AccessDenied", reach("denied", "AccessDenied"));
    aws.account(MANAGEMENT).allowAll();

    aws.faults().failNext("DescribeOrganization", 100_000, Fault.UNAVAILABLE);
    apply("unlisted", units.get("outage"), 20, AUDIT);
    conditions.put("AwsUnavailable", reach("unlisted", "AwsUnavailable"));
    aws.faults().clear();

    // The child cannot open a root session: AwsUnavailable, retried, so the parent waits on it.
    aws.faults().failNext("AssumeRoot", 100_000, Fault.UNAVAILABLE);
    apply("outage", units.get("outage"), 20, AUDIT);
    conditions.put(
        "ChildrenNotReady/Reconciling",
        reach("outage", "ChildrenNotReady/Reconciling", childReason("AwsUnavailable")));
    aws.faults().clear();

    assertThat(conditions)
        .as("Ready/Reconciling/Stalled of each state, for the observed generation")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "AllReady", "True/False/False",
                "CreatingChildren", "False/True/False",
                "ChildrenNotReady/Stalled", "False/False/True",
                "ChildrenNotReady/Reconciling", "False/True/False",
                "ChildrenAwaitingEnrollment", "False/False/False",
                "InvalidSpec", "False/False/True",
                "AccountNotPermitted", "False/False/True",
                "AccessDenied", "False/False/True",
                "AwsUnavailable", "False/True/False"));
  }
}
