package io.rootmfa.operator.aws;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Spaces calls evenly at most {@code perSecond} a second (shared by every caller of one instance),
 * so that thousands of enrollments stay under Secrets Manager's 50 writes/s quota instead of
 * relying on throttling and retries.
 */
public final class RatePacer {
  /** Sleeps for a number of nanoseconds. */
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private long nextFreeNanos;

  public RatePacer(double perSecond) {
    this(perSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  RatePacer(double perSecond, LongSupplier nanoTime, Sleeper sleeper) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive");
    }
    this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.nextFreeNanos = nanoTime.getAsLong();
  }

  /** Blocks until this caller's slot; returns how long it waited. */
  public Duration acquire() throws InterruptedException {
    long wait;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      long slot = Math.max(now, nextFreeNanos);
      nextFreeNanos = slot + intervalNanos;
      wait = slot - now;
    }
    if (wait > 0) {
      sleeper.sleep(wait);
    }
    return Duration.ofNanos(wait);
  }
}
