package io.rootmfa.operator.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * "AWS time": the JVM clock plus a settable offset. The emulator stamps it on every response's
 * {@code Date} header and validates TOTP codes against it, so tests can model a skewed local clock.
 */
public final class EmulatorClock {

  private final Clock base;
  private volatile Duration offset = Duration.ZERO;

  EmulatorClock(Clock base) {
    this.base = Objects.requireNonNull(base);
  }

  /** The emulator's current time. */
  public Instant now() {
    return base.instant().plus(offset);
  }

  /** The current offset from the JVM clock. */
  public Duration offset() {
    return offset;
  }

  /** Sets the offset from the JVM clock (may be negative). */
  public void setOffset(Duration offset) {
    this.offset = Objects.requireNonNull(offset);
  }
}
