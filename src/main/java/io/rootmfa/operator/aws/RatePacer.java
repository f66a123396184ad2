package io.rootmfa.operator.aws;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Spaces calls evenly at most {@code perSecond} a second (shared by every caller of one instance), so that thousands
 * of enrollments stay under Secrets Manager's 50 writes/s quota instead of relying on throttling and retries.
 */
public final class RatePacer {
  private final long intervalNanos;
  private long nextFreeNanos = System.nanoTime();

  public RatePacer(double perSecond) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive");
    }
    this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
  }

  /** Blocks until this caller's slot; returns how long it waited. */
  public Duration acquire() throws InterruptedException {
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      long slot = Math.max(now, nextFreeNanos);
      nextFreeNanos = slot + intervalNanos;
      wait = slot - now;
    }
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
    return Duration.ofNanos(wait);
  }
}
