package io.rootmfa.operator.workflow;

import static io.rootmfa.operator.workflow.WorkflowFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.workflow.BreakGlassWindow.State;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The window is open exactly when startsAt <= now < expiresAt and it is not too long. */
class BreakGlassWindowTest {

  private static final Duration DAY = BreakGlassWindow.DEFAULT_MAX_LENGTH;

  static Stream<Arguments> windows() {
    Instant start = NOW;
    Instant end = NOW.plus(Duration.ofHours(4));
    return Stream.of(
        // name, startsAt, expiresAt, cluster maximum, now, state
        Arguments.of("before it starts", start, end, DAY, start.minusNanos(1), State.NOT_STARTED),
        Arguments.of("at its start", start, end, DAY, start, State.OPEN),
        Arguments.of("inside", start, end, DAY, start.plusSeconds(60), State.OPEN),
        Arguments.of("last instant", start, end, DAY, end.minusNanos(1), State.OPEN),
        Arguments.of("at its expiry", start, end, DAY, end, State.EXPIRED),
        Arguments.of("after its expiry", start, end, DAY, end.plusSeconds(1), State.EXPIRED),
        Arguments.of(
            "exactly the maximum", start, start.plus(DAY), DAY, start.plusSeconds(1), State.OPEN),
        Arguments.of(
            "one second over the maximum",
            start,
            start.plus(DAY).plusSeconds(1),
            DAY,
            start.plusSeconds(1),
            State.TOO_LONG),
        Arguments.of(
            "longer than a shorter cluster maximum",
            start,
            end,
            Duration.ofHours(2),
            start.plusSeconds(1),
            State.TOO_LONG),
        Arguments.of(
            "too long before it starts",
            start,
            end,
            Duration.ofHours(2),
            start.minusSeconds(1),
            State.TOO_LONG),
        Arguments.of(
            "within a shorter cluster maximum",
            start,
            end,
            Duration.ofHours(4),
            start.plusSeconds(1),
            State.OPEN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("windows")
  void isOpenOnlyFromStartUntilExpiryAndWithinTheMaximum(
      String name, Instant startsAt, Instant expiresAt, Duration max, Instant now, State state) {
    BreakGlassWindow window = new BreakGlassWindow("SEC-1234", "ciso", startsAt, expiresAt, max);
    assertThat(window.stateAt(now)).isEqualTo(state);
    assertThat(window.isOpenAt(now)).isEqualTo(state == State.OPEN);
    assertThat(window.whyClosedAt(now).isEmpty()).isEqualTo(state == State.OPEN);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("windows")
  void saysWhyItIsClosed(
      String name, Instant startsAt, Instant expiresAt, Duration max, Instant now, State state) {
    BreakGlassWindow window = new BreakGlassWindow("SEC-1234", "ciso", startsAt, expiresAt, max);
    switch (state) {
      case OPEN -> assertThat(window.whyClosedAt(now)).isEmpty();
      case NOT_STARTED ->
          assertThat(window.whyClosedAt(now))
              .hasValueSatisfying(
                  m -> assertThat(m).contains("SEC-1234").contains("opens at " + startsAt));
      case EXPIRED ->
          assertThat(window.whyClosedAt(now))
              .hasValueSatisfying(m -> assertThat(m).contains("expired at " + expiresAt));
      case TOO_LONG ->
          assertThat(window.whyClosedAt(now))
              .hasValueSatisfying(
                  m ->
                      assertThat(m)
                          .contains("maximum of " + BreakGlassWindow.describe(max))
                          .contains("rootmfa.break-glass.max-window"));
    }
  }
}
