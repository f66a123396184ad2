package io.rootmfa.operator;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import lombok.extern.jbosslog.JBossLog;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jspecify.annotations.Nullable;

/**
 * Leader election through a Lease, so that only one replica acts on AWS. Lease name from {@code
 * rootmfa.leader-election.lease-name}; its namespace from {@code POD_NAMESPACE} (the chart sets it
 * from the downward API), else the client's namespace. Off with {@code
 * rootmfa.leader-election.enabled=false}.
 */
@Singleton
@JBossLog
public class LeaseConfiguration {

  /**
   * The operator SDK extension looks this bean up directly in the container, which ignores
   * {@code @LookupIfProperty}; a dependent producer that returns {@code null} is how "no leader
   * election" reaches it.
   */
  @Produces
  @Dependent
  @Unremovable
  @Nullable LeaderElectionConfiguration leaderElection(
      @ConfigProperty(name = "rootmfa.leader-election.enabled", defaultValue = "true")
          boolean enabled,
      @ConfigProperty(
              name = "rootmfa.leader-election.lease-name",
              defaultValue = "rootmfa-operator-lease")
          String leaseName) {
    if (!enabled) {
      return null;
    }
    String namespace =
        Optional.ofNullable(System.getenv("POD_NAMESPACE")).filter(s -> !s.isBlank()).orElse(null);
    // exitOnStopLeading=false: the SDK's own exit calls System.exit, which deadlocks when the stop
    // comes from the
    // shutdown hook (SIGTERM), so a pod never ended before its grace period and kept the Lease
    // until it expired.
    return new LeaderElectionConfiguration(
        leaseName,
        namespace,
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        Optional.ofNullable(System.getenv("POD_NAME")).filter(s -> !s.isBlank()).orElse(null),
        new LeaderCallbacks(() -> {}, LeaseConfiguration::exitUnlessStopping, leader -> {}),
        false);
  }

  /**
   * Lost the Lease while running: exit, so that a replica that is no longer the leader never acts
   * on AWS.
   */
  static void exitUnlessStopping() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
    } catch (IllegalStateException stopping) {
      return;
    }
    LOG.error("lost the leader-election Lease; exiting so that only the leader acts");
    System.exit(1);
  }
}
