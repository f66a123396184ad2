package io.rootmfa.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseConfigurationTest {
  private static final LeaseConfiguration LEASES = new LeaseConfiguration();

  @Test
  void theLeaderRenewsGivesUpAndIsReplacedAtTheConfiguredTimes() {
    LeaderElectionConfiguration c =
        LEASES.leaderElection(
            true, "lease", Duration.ofSeconds(60), Duration.ofSeconds(40), Duration.ofSeconds(15));

    assertThat(c).isNotNull();
    assertThat(c.getLeaseName()).isEqualTo("lease");
    assertThat(c.getLeaseDuration()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.getRenewDeadline()).isEqualTo(Duration.ofSeconds(40));
    assertThat(c.getRetryPeriod()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void aLeaderThatCouldActAfterItsLeaseIsTakenIsRefused() {
    assertThatThrownBy(
            () ->
                LEASES.leaderElection(
                    true,
                    "lease",
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(40),
                    Duration.ofSeconds(15)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retry-period < renew-deadline < lease-duration");
    assertThatThrownBy(
            () ->
                LEASES.leaderElection(
                    true,
                    "lease",
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(40),
                    Duration.ofSeconds(40)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void offMeansNoLeaderElection() {
    assertThat(
            LEASES.leaderElection(
                false,
                "lease",
                Duration.ofSeconds(60),
                Duration.ofSeconds(40),
                Duration.ofSeconds(15)))
        .isNull();
  }
}
