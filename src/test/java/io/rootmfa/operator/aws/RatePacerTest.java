package io.rootmfa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pacer on a fake clock: its spacing is behaviour, checked exactly, not timed. */
class RatePacerTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Long> slept = new ArrayList<>();
  private final RatePacer pacer = new RatePacer(40, now::get, slept::add);

  @Test
  void aBurstIsSpacedAtTheConfiguredRate() throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      pacer.acquire();
    }
    // 40/s = one slot every 25 ms; the callers arrive together, so they wait 0, 25, 50, 75 and 100
    // ms.
    assertThat(slept).containsExactly(25_000_000L, 50_000_000L, 75_000_000L, 100_000_000L);
  }

  @Test
  void callsSlowerThanTheRateNeverWait() throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      assertThat(pacer.acquire()).isEqualTo(Duration.ZERO);
      now.addAndGet(30_000_000L);
    }
    assertThat(slept).isEmpty();
  }

  @Test
  void refusesANonPositiveRate() {
    assertThatThrownBy(() -> new RatePacer(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
