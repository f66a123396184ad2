package io.rootmfa.operator.workflow;

import static io.rootmfa.operator.workflow.WorkflowFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BreakGlassWindowTest {

  private static final BreakGlassWindow WINDOW = new BreakGlassWindow("SEC-1234", "ciso", NOW);

  @Test
  void isOpenUntilTheLastInstantBeforeExpiry() {
    assertThat(WINDOW.isOpenAt(NOW.minusNanos(1))).isTrue();
  }

  @Test
  void isClosedAtItsExpiry() {
    assertThat(WINDOW.isOpenAt(NOW)).isFalse();
  }

  @Test
  void isClosedAfterItsExpiry() {
    assertThat(WINDOW.isOpenAt(NOW.plusSeconds(1))).isFalse();
  }
}
