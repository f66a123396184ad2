package io.rootmfa.operator.reconciler;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * When a policy's next regular check is due. Each policy has a slot of its own within every {@code
 * checkInterval}, placed by a hash of its key, so that N policies with one interval are checked
 * evenly, about N per interval spread over it, rather than in the bursts in which they happened to
 * be reconciled (all of them right after a start). The slot depends only on the key and the wall
 * clock, so it survives restarts and a steady check lands on it again one interval later.
 */
final class CheckSchedule {
  /** A slot closer than this share of the interval is skipped: a check has just been made. */
  private static final int MIN_GAP_DIVISOR = 10;

  private CheckSchedule() {}

  /** How long from {@code now} until the policy's next slot, between 1/10 and 11/10 interval. */
  static Duration untilNextCheck(String policyKey, Duration interval, Instant now) {
    long period = Math.max(1, interval.toMillis());
    long slot = Math.floorMod(phase(policyKey), period);
    long delay = Math.floorMod(slot - now.toEpochMilli(), period);
    if (delay < period / MIN_GAP_DIVISOR) {
      delay += period;
    }
    return Duration.ofMillis(delay);
  }

  /** A uniformly spread hash: keys that differ in one character land far apart. */
  private static long phase(String policyKey) {
    return UUID.nameUUIDFromBytes(policyKey.getBytes(StandardCharsets.UTF_8))
        .getMostSignificantBits();
  }
}
