package io.rootmfa.operator.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * AWS's idea of the time, learned from the {@code Date} header of AWS responses. TOTP codes are
 * computed from it, so a pod whose clock is skewed still produces codes that AWS accepts.
 */
public final class AwsClock {
  private final Clock local;
  private final AtomicReference<Duration> offset = new AtomicReference<>();

  /**
   * The last {@code Date} header parsed, shared by every session's clock: the header has whole
   * seconds, so the responses of one second (a dozen at a time at scale) parse it once.
   */
  private static final AtomicReference<ParsedDate> LAST_PARSED = new AtomicReference<>();

  private record ParsedDate(String header, Instant instant) {}

  public AwsClock(Clock local) {
    this.local = local;
  }

  /** Records the {@code Date} header of a response received now. */
  void observe(String dateHeader) {
    try {
      Instant aws = parse(dateHeader);
      // The header has whole seconds, truncated: AWS's clock is on average half a second later.
      offset.set(Duration.between(local.instant(), aws).plusMillis(500));
    } catch (RuntimeException ignored) {
      // A malformed header leaves the last good offset in place.
    }
  }

  private static Instant parse(String dateHeader) {
    ParsedDate last = LAST_PARSED.get();
    if (last != null && last.header().equals(dateHeader)) {
      return last.instant();
    }
    Instant parsed =
        ZonedDateTime.parse(dateHeader, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    LAST_PARSED.set(new ParsedDate(dateHeader, parsed));
    return parsed;
  }

  /** AWS's current time, or the local time if no AWS response was seen yet. */
  public Instant now() {
    Duration d = offset.get();
    return d == null ? local.instant() : local.instant().plus(d);
  }

  public boolean calibrated() {
    return offset.get() != null;
  }
}
