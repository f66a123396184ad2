package io.rootmfa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CheckScheduleTest {
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
  private static final Instant START = Instant.parse("2026-11-29T08:00:00.123Z");

  @Test
  void policiesReconciledTogetherAreCheckedEvenlyOverTheInterval() {
    int[] perMinute = new int[11];
    IntStream.range(0, 5000)
        .mapToObj(i -> "bench/p-" + i)
        .map(k -> CheckSchedule.untilNextCheck(k, TEN_MINUTES, START))
        .forEach(d -> perMinute[(int) d.toMinutes()]++);
    // 5,000 checks over ten minutes: about 500 a minute (8.3/s), never a burst. The first minute
    // holds only the slots 60-120 s away (the ones closer are moved one interval on), the eleventh
    // those moved there.
    for (int minute = 1; minute < 10; minute++) {
      assertThat(perMinute[minute]).as("checks in minute %d", minute).isBetween(420, 580);
    }
    assertThat(perMinute[0] + perMinute[10]).isBetween(420, 580);
  }

  @Test
  void theChecksOfOneSecondStartTogetherAndEverySecondHasItsShare() {
    Map<Instant, Integer> perSlot = new TreeMap<>();
    IntStream.range(0, 5000)
        .mapToObj(i -> START.plus(CheckSchedule.untilNextCheck("bench/p-" + i, TEN_MINUTES, START)))
        .forEach(at -> perSlot.merge(at, 1, Integer::sum));
    // Every slot is a whole second of the clock, so the checks due in it start at one instant.
    assertThat(perSlot.keySet()).allSatisfy(at -> assertThat(at.getNano()).isZero());
    // 5,000 over 600 seconds: 8.3 a second on average; no second holds a burst.
    assertThat(perSlot).hasSizeGreaterThan(590);
    assertThat(perSlot.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(25));
  }

  @Test
  void aSteadyCheckLandsOnTheSameSlotOneIntervalLater() {
    Duration first = CheckSchedule.untilNextCheck("ns/a", TEN_MINUTES, START);
    Instant slot = START.plus(first);
    // the check runs at its slot and takes 300 ms
    Duration next = CheckSchedule.untilNextCheck("ns/a", TEN_MINUTES, slot.plusMillis(300));
    assertThat(next).isEqualTo(TEN_MINUTES.minusMillis(300));
  }

  @Test
  void theSlotSurvivesARestart() {
    Instant afterRestart = START.plus(Duration.ofMinutes(37)).plusMillis(4321);
    Instant slot = START.plus(CheckSchedule.untilNextCheck("ns/a", TEN_MINUTES, START));
    Instant slotAfterRestart =
        afterRestart.plus(CheckSchedule.untilNextCheck("ns/a", TEN_MINUTES, afterRestart));
    assertThat(Duration.between(slot, slotAfterRestart).toMillis() % TEN_MINUTES.toMillis())
        .isZero();
  }

  @Test
  void neverChecksSoonerThanATenthNorLaterThanElevenTenthsOfTheInterval() {
    for (int i = 0; i < 2000; i++) {
      Duration d =
          CheckSchedule.untilNextCheck("ns/p-" + i, TEN_MINUTES, START.plusMillis(i * 997L));
      assertThat(d)
          .isBetween(TEN_MINUTES.dividedBy(10), TEN_MINUTES.plus(TEN_MINUTES.dividedBy(10)));
    }
  }

  @Test
  void slotsStayWhereNameBasedUuidsPutThem() {
    // The slot of a key is the most significant half of UUID.nameUUIDFromBytes(key), modulo the
    // interval, down to the second: the schedule survives restarts and upgrades only if that never
    // changes.
    long period = TEN_MINUTES.toMillis();
    for (String key : List.of("bench/p-0", "bench/p-4999", "team-a/mfa", "ns/a", "")) {
      long phase =
          UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
      long slot = Math.floorMod(phase, period) / 1000 * 1000;
      long delay = Math.floorMod(slot - START.toEpochMilli(), period);
      long expected = delay < period / 10 ? delay + period : delay;

      assertThat(CheckSchedule.untilNextCheck(key, TEN_MINUTES, START).toMillis())
          .as(key)
          .isEqualTo(expected);
    }
  }
}
