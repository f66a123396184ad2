package io.rootmfa.operator;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import lombok.extern.jbosslog.JBossLog;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jspecify.annotations.Nullable;

/**
 * Leader election through a Lease, so that only one replica acts on AWS. Lease name from {@code
 * rootmfa.leader-election.lease-name}; its namespace from {@code POD_NAMESPACE} (the chart sets it
 * from the downward API), else the client's namespace. Off with {@code
 * rootmfa.leader-election.enabled=false}.
 *
 * <p>The leader renews every {@code retry-period} (15 s), gives up acting when it could not renew
 * for {@code renew-deadline} (40 s), and another replica takes the Lease once it is {@code
 * lease-duration} (60 s) old: cert-manager's timings, not client-go's 15/10/2 s. An operator that
 * checks each account every few minutes loses nothing by a failover of about a minute, and renewals
 * every 2 s (two API round trips each) took a seventh of the operator's CPU while 1,000 policies
 * were checked every minute ({@code make bench}). The leader still stops 20 s before anyone else
 * may start.
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
          String leaseName,
      @ConfigProperty(name = "rootmfa.leader-election.lease-duration", defaultValue = "60s")
          Duration leaseDuration,
      @ConfigProperty(name = "rootmfa.leader-election.renew-deadline", defaultValue = "40s")
          Duration renewDeadline,
      @ConfigProperty(name = "rootmfa.leader-election.retry-period", defaultValue = "15s")
          Duration retryPeriod) {
    if (!enabled) {
      return null;
    }
    if (renewDeadline.compareTo(leaseDuration) >= 0 || retryPeriod.compareTo(renewDeadline) >= 0) {
      // A leader must give up before its Lease can be taken, or two replicas could act at once.
      throw new IllegalArgumentException(
          "rootmfa.leader-election: needs retry-period < renew-deadline < lease-duration, got "
              + retryPeriod
              + ", "
              + renewDeadline
              + ", "
              + leaseDuration);
    }
    String namespace =
        Optional.ofNullable(System.getenv("POD_NAMESPACE")).filter(s -> !s.isBlank()).orElse(null);
    // exitOnStopLeading=false: the SDK's own exit calls System.exit, which deadlocks when the stop
    // comes from the shutdown hook (SIGTERM), so a pod never ended before its grace period and kept
    // the Lease until it expired.
    return new LeaderElectionConfiguration(
        leaseName,
        namespace,
        leaseDuration,
        renewDeadline,
        retryPeriod,
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
