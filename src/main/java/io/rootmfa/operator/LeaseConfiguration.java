package io.rootmfa.operator;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Leader election through a Lease, so that only one replica acts on AWS. Lease name from
 * {@code rootmfa.leader-election.lease-name}; its namespace from {@code POD_NAMESPACE} (the chart sets it from the
 * downward API), else the client's namespace; identity from {@code POD_NAME}. Off with
 * {@code rootmfa.leader-election.enabled=false}.
 *
 * <p>A replica that loses the Lease must stop acting at once, so it exits and lets Kubernetes restart it. It exits
 * from a daemon thread: JOSDK's own exit runs on the thread that stops the operator, which during a normal shutdown
 * is a shutdown hook, where {@code System.exit} blocks forever.
 */
@Singleton
@LookupIfProperty(name = "rootmfa.leader-election.enabled", stringValue = "true", lookupIfMissing = true)
public class LeaseConfiguration extends LeaderElectionConfiguration {
  private static final Logger LOG = Logger.getLogger(LeaseConfiguration.class);

  public LeaseConfiguration() {
    super(ConfigProvider.getConfig().getOptionalValue("rootmfa.leader-election.lease-name", String.class)
            .orElse("rootmfa-operator-lease"),
        env("POD_NAMESPACE").orElse(null),
        LEASE_DURATION_DEFAULT_VALUE, RENEW_DEADLINE_DEFAULT_VALUE, RETRY_PERIOD_DEFAULT_VALUE,
        env("POD_NAME").orElse(null),
        new LeaderCallbacks(() -> LOG.info("became the leader"), LeaseConfiguration::exitSoon,
            leader -> LOG.infof("leader is %s", leader)),
        false);
  }

  private static void exitSoon() {
    LOG.warn("stopped leading: exiting so that only the leader acts");
    Thread exit = new Thread(() -> System.exit(1), "lost-lease-exit");
    exit.setDaemon(true);
    exit.start();
  }

  private static Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(s -> !s.isBlank());
  }
}
