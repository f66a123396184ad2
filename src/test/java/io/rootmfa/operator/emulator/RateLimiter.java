package io.rootmfa.operator.emulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * A sliding one-second window on a monotonic nanosecond ticker (quotas are real time, unaffected by
 * the emulator clock offset; tests may freeze the ticker). A limit of zero or less means unlimited.
 */
final class RateLimiter {

  private static final long WINDOW_NANOS = 1_000_000_000L;

  private final Deque<Long> admitted = new ArrayDeque<>();
  private final LongSupplier ticker;
  private volatile int perSecond;

  RateLimiter(int perSecond, LongSupplier ticker) {
    this.perSecond = perSecond;
    this.ticker = ticker;
  }

  void setPerSecond(int perSecond) {
    this.perSecond = perSecond;
  }

  /** Admits one request if fewer than the limit were admitted in the last second. */
  synchronized boolean tryAcquire() {
    int limit = perSecond;
    if (limit <= 0) {
      return true;
    }
    long now = ticker.getAsLong();
    while (!admitted.isEmpty() && now - admitted.peekFirst() >= WINDOW_NANOS) {
      admitted.pollFirst();
    }
    if (admitted.size() >= limit) {
      return false;
    }
    admitted.addLast(now);
    return true;
  }
}
