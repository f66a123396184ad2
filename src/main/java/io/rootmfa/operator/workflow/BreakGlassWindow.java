package io.rootmfa.operator.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An approved window in which Enforce may write to AWS: open only when {@code startsAt <= now <
 * expiresAt}, judged against AWS's clock, and only when it is no longer than the cluster allows
 * ({@code maxLength}, {@code rootmfa.break-glass.max-window}; the CRD already refuses more than 24
 * h). Asked at every decision and again immediately before every AWS write ({@link WriteGate}).
 */
public record BreakGlassWindow(
    String ticket, String approvedBy, Instant startsAt, Instant expiresAt, Duration maxLength) {

  /** The CRD's bound, and the cluster maximum unless one is configured (it may only be shorter). */
  public static final Duration DEFAULT_MAX_LENGTH = Duration.ofHours(24);

  /** Where a window stands at one instant. */
  public enum State {
    /** {@code now < startsAt}. */
    NOT_STARTED,
    /** {@code startsAt <= now < expiresAt}, and not too long. */
    OPEN,
    /** {@code now >= expiresAt}. */
    EXPIRED,
    /** Longer than the cluster allows: never open, whatever the time. */
    TOO_LONG
  }

  public Duration length() {
    return Duration.between(startsAt, expiresAt);
  }

  public State stateAt(Instant now) {
    if (length().compareTo(maxLength) > 0) {
      return State.TOO_LONG;
    }
    if (now.isBefore(startsAt)) {
      return State.NOT_STARTED;
    }
    return now.isBefore(expiresAt) ? State.OPEN : State.EXPIRED;
  }

  public boolean isOpenAt(Instant now) {
    return stateAt(now) == State.OPEN;
  }

  /** Why the window is not open at {@code now}, for condition messages; empty when it is open. */
  public Optional<String> whyClosedAt(Instant now) {
    return switch (stateAt(now)) {
      case OPEN -> Optional.empty();
      case NOT_STARTED ->
          Optional.of("the break-glass window of ticket " + ticket + " opens at " + startsAt);
      case EXPIRED ->
          Optional.of("the break-glass window of ticket " + ticket + " expired at " + expiresAt);
      case TOO_LONG ->
          Optional.of(
              "the break-glass window of ticket "
                  + ticket
                  + " lasts "
                  + describe(length())
                  + ", longer than this cluster's maximum of "
                  + describe(maxLength)
                  + " (rootmfa.break-glass.max-window): it is never open; ask an approver for a "
                  + "shorter window");
    };
  }

  /** A duration as a person writes it: 36h, 90m, 45s. */
  static String describe(Duration d) {
    if (d.toSeconds() % 3600 == 0) {
      return d.toHours() + "h";
    }
    if (d.toSeconds() % 60 == 0) {
      return d.toMinutes() + "m";
    }
    return d.toSeconds() + "s";
  }
}
