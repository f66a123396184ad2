package io.rootmfa.operator.bench;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.v1alpha1.OrganizationRootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.EmulatedOrganization;
import io.rootmfa.operator.it.OperatorRig;
import io.rootmfa.operator.it.TestCluster;
import io.rootmfa.operator.organization.OrganizationRootMfaPolicyReconciler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The organization run of the benchmarks: one OrganizationRootMfaPolicy over an emulated
 * organization of N member accounts (default 5,000) in 10 OUs, the operator in-process as in the
 * integration tests (real API server, real reconcilers, the AWS SDK over HTTP). It measures and
 * prints one JSON line; it never passes or fails on timing.
 *
 * <pre>
 * hack/test-main.sh io.rootmfa.operator.bench.OrganizationBench [accounts] [creationsPerSecond]
 * </pre>
 *
 * <p>Figures: seconds until every account has a child ({@code childrenSeconds}), until every child
 * has a Ready reason ({@code readySeconds}), the operator's Kubernetes writes, and the emulator's
 * AWS calls (Organizations, AssumeRoot, IAM).
 */
public final class OrganizationBench {
  private OrganizationBench() {}

  public static void main(String[] args) throws Exception {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int perSecond = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Duration limit = Duration.ofMinutes(Long.getLong("bench.minutes", 30));
    try (AwsEmulator aws = AwsEmulator.start()) {
      String management = "990000000000";
      EmulatedOrganization org = aws.createOrganization(management).setCentralizedRootAccess(true);
      List<EmulatedOrganization.OrganizationalUnit> units = new java.util.ArrayList<>();
      for (int u = 0; u < 10; u++) {
        units.add(org.createOrganizationalUnit(org.rootId(), "ou-" + u));
      }
      for (int i = 0; i < accounts; i++) {
        org.addAccount(String.format("8%011d", i), units.get(i % units.size()).id(), "bench-" + i)
            .setRootPasswordPresent(i % 2 == 0);
      }
      aws.account(management).createUser("rootmfa-operator");
      AccessKey key = aws.account(management).createAccessKey("rootmfa-operator");
      try (OperatorRig rig =
          new OperatorRig(
              aws,
              aws.endpoint(),
              "bench-org",
              Optional.of(key.credentialsProvider()),
              Clock.systemUTC(),
              true)) {
        OrganizationRootMfaPolicy parent =
            Serialization.unmarshal(
                """
                apiVersion: rootmfa.io/v1alpha1
                kind: OrganizationRootMfaPolicy
                metadata: {name: bench}
                spec:
                  childCreationsPerSecond: %d
                  template: {mode: Audit, target: {root: {}}, credentials: {assumeRoot: {}}}
                """
                    .formatted(perSecond),
                OrganizationRootMfaPolicy.class);
        parent.getMetadata().setNamespace(rig.namespace);
        rig.bind(
            List.of(),
            units.stream().map(EmulatedOrganization.OrganizationalUnit::id).toList(),
            "assumeRoot");
        long start = System.nanoTime();
        rig.admin().resource(parent).serverSideApply();
        double childrenSeconds = -1;
        double readySeconds = -1;
        while (System.nanoTime() - start < limit.toNanos()) {
          List<RootMfaPolicy> children =
              rig.admin()
                  .resources(RootMfaPolicy.class)
                  .inNamespace(rig.namespace)
                  .withLabel(OrganizationRootMfaPolicyReconciler.PARENT_LABEL, "bench")
                  .list()
                  .getItems();
          double elapsed = (System.nanoTime() - start) / 1e9;
          if (childrenSeconds < 0 && children.size() == accounts) {
            childrenSeconds = elapsed;
          }
          if (children.size() == accounts
              && children.stream()
                  .allMatch(c -> io.rootmfa.operator.it.Conditions.readyReason(c).isPresent())) {
            readySeconds = elapsed;
            break;
          }
          Thread.sleep(1000);
        }
        System.out.printf(
            "{\"bench\":\"organization\",\"accounts\":%d,\"childCreationsPerSecond\":%d,"
                + "\"childrenSeconds\":%.1f,\"readySeconds\":%.1f,\"kubernetesWrites\":%d,"
                + "\"awsCalls\":%d,\"assumeRootCalls\":%d,\"organizationsCalls\":%d}%n",
            accounts,
            perSecond,
            childrenSeconds,
            readySeconds,
            rig.kubeWrites.get(),
            aws.calls().all().size(),
            aws.calls().count("AssumeRoot"),
            aws.calls().matching(c -> c.service().equals("organizations")).size());
      }
    } finally {
      TestCluster.stopIfStarted();
    }
  }
}
