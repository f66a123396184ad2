package io.rootmfa.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Leader election through a Lease, so that only one replica acts on AWS. Lease name from
 * {@code rootmfa.leader-election.lease-name}; its namespace from {@code POD_NAMESPACE} (the chart sets it from the
 * downward API), else the client's namespace. Off with {@code rootmfa.leader-election.enabled=false}.
 */
@Singleton
@LookupIfProperty(name = "rootmfa.leader-election.enabled", stringValue = "true", lookupIfMissing = true)
public class LeaseConfiguration extends LeaderElectionConfiguration {
  public LeaseConfiguration() {
    super(ConfigProvider.getConfig().getOptionalValue("rootmfa.leader-election.lease-name", String.class)
            .orElse("rootmfa-operator-lease"),
        Optional.ofNullable(System.getenv("POD_NAMESPACE")).filter(s -> !s.isBlank()).orElse(null));
  }
}
