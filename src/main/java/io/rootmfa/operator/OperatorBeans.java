package io.rootmfa.operator;

import io.micrometer.core.instrument.MeterRegistry;
import io.rootmfa.operator.aws.AccountSessions;
import io.rootmfa.operator.workflow.CustodyPlacement;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** Wires the operator's collaborators from configuration (application.properties / environment). */
public class OperatorBeans {

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  AccountSessions accountSessions(
      MeterRegistry meters,
      Clock clock,
      @ConfigProperty(name = "rootmfa.aws.endpoint-override") Optional<URI> endpointOverride,
      @ConfigProperty(name = "rootmfa.secretsmanager.writes-per-second", defaultValue = "40")
          double writesPerSecond,
      @ConfigProperty(name = "rootmfa.aws.call-timeout", defaultValue = "10s") Duration callTimeout,
      @ConfigProperty(name = "rootmfa.aws.max-attempts", defaultValue = "5") int maxAttempts) {
    return new AccountSessions(
        new AccountSessions.Settings(
            endpointOverride,
            DefaultCredentialsProvider.builder().build(),
            writesPerSecond,
            callTimeout,
            maxAttempts),
        meters,
        clock);
  }

  @Produces
  @Singleton
  CustodyPlacement.Accounts custodyAccounts(CustodyConfig config) {
    return config.toAccounts();
  }

  void close(@Disposes AccountSessions sessions) {
    sessions.close();
  }
}
