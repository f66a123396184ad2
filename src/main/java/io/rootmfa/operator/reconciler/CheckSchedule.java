package io.rootmfa.operator.reconciler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * When a policy's next regular check is due. Each policy has a slot of its own within every {@code
 * checkInterval}, placed by a hash of its key, so that N policies with one interval are checked
 * evenly, about N per interval spread over it, rather than in the bursts in which they happened to
 * be reconciled (all of them right after a start). The slot depends only on the key and the wall
 * clock, so it survives restarts and a steady check lands on it again one interval later.
 *
 * <p>Slots fall on whole seconds ({@link #GRAIN}): the checks that share a second start together,
 * about N / interval of them each second, and run back to back while the code and data they all use
 * are still in the processor's caches. Spread over each second instead, every check of 1,000
 * policies a minute started cold (one every 60 ms, with the API server, etcd and other processes in
 * between): 4.9–12.4 CPU ms per check against 3.7–4.1 on whole seconds ({@code make bench}, README
 * "Performance").
 */
final class CheckSchedule {
  /** A slot closer than this share of the interval is skipped: a check has just been made. */
  private static final int MIN_GAP_DIVISOR = 10;

  /** Slots are whole seconds (or the interval, if shorter). */
  private static final long GRAIN = 1000;

  private static final MessageDigest MD5 = newMd5();

  private CheckSchedule() {}

  /** How long from {@code now} until the policy's next slot, between 1/10 and 11/10 interval. */
  static Duration untilNextCheck(String policyKey, Duration interval, Instant now) {
    long period = Math.max(1, interval.toMillis());
    long grain = Math.min(GRAIN, period);
    long slot = Math.floorMod(phase(policyKey), period) / grain * grain;
    long delay = Math.floorMod(slot - now.toEpochMilli(), period);
    if (delay < period / MIN_GAP_DIVISOR) {
      delay += period;
    }
    return Duration.ofMillis(delay);
  }

  /**
   * A uniformly spread hash: keys that differ in one character land far apart. The most significant
   * bits of {@link UUID#nameUUIDFromBytes} (an MD5 of the key), from a copy of one MD5 digest:
   * looking the algorithm up for every check ({@code MessageDigest.getInstance}, as that method
   * does) cost as much as the hash.
   */
  private static long phase(String policyKey) {
    byte[] md5 = md5().digest(policyKey.getBytes(StandardCharsets.UTF_8));
    md5[6] = (byte) ((md5[6] & 0x0f) | 0x30); // version 3, as nameUUIDFromBytes sets it
    return ByteBuffer.wrap(md5).getLong();
  }

  private static MessageDigest md5() {
    try {
      return (MessageDigest) MD5.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's MD5 digest cannot be copied", e);
    }
  }

  private static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }
}
