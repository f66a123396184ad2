package io.rootmfa.operator.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fault injection by operation name ({@code EnableMFADevice}, {@code CreateSecret}, …) or {@code *}
 * for every operation. Faults registered for the exact operation are consumed before {@code *}
 * ones.
 *
 * <p>By default a fault replaces the operation: AWS's state does not change. A fault registered
 * with {@link #failNextAfterEffect} lets the operation take effect first and then loses or spoils
 * the response ("succeeded in AWS, but the client never heard").
 */
public final class Faults {

  /** The operation name matching every operation. */
  public static final String ANY = "*";

  /**
   * What to do with one call.
   *
   * @param fault the fault, or {@code null} for none
   * @param afterEffect whether the operation takes effect before the fault
   * @param latency extra delay before handling
   */
  record Plan(Fault fault, boolean afterEffect, Duration latency) {
    static final Plan NONE = new Plan(null, false, Duration.ZERO);
  }

  private static final class Pending {
    final Fault fault;
    final boolean afterEffect;
    int remaining;

    Pending(Fault fault, boolean afterEffect, int remaining) {
      this.fault = fault;
      this.afterEffect = afterEffect;
      this.remaining = remaining;
    }
  }

  private final Map<String, Deque<Pending>> pending = new ConcurrentHashMap<>();
  private final Map<String, Duration> latencies = new ConcurrentHashMap<>();
  private final Map<String, Duration> clockJumps = new ConcurrentHashMap<>();
  private volatile Duration timeoutHold = Duration.ofSeconds(5);

  /**
   * Fails the next {@code count} calls of {@code operation} with {@code fault}, before the
   * operation's effect.
   */
  public Faults failNext(String operation, int count, Fault fault) {
    return add(operation, count, fault, false);
  }

  /**
   * Lets the next {@code count} calls of {@code operation} take effect, then applies {@code fault}
   * to the response (meaningful for {@link Fault#TIMEOUT}, {@link Fault#SERVER_ERROR}, {@link
   * Fault#UNAVAILABLE}, {@link Fault#MALFORMED}).
   */
  public Faults failNextAfterEffect(String operation, int count, Fault fault) {
    return add(operation, count, fault, true);
  }

  /**
   * Adds {@code delay} to every call of {@code operation} (or {@code *}); {@link Duration#ZERO}
   * removes it.
   */
  public Faults latency(String operation, Duration delay) {
    Objects.requireNonNull(operation);
    if (delay.isZero() || delay.isNegative()) {
      latencies.remove(operation);
    } else {
      latencies.put(operation, delay);
    }
    return this;
  }

  /**
   * Once the next call of {@code operation} has taken effect, moves the emulator's clock forward by
   * {@code by} before the response is stamped: time that passed while AWS handled the call (e.g. a
   * break-glass window that closes in the middle of an enrollment).
   */
  public Faults advanceClockAfterNext(String operation, Duration by) {
    clockJumps.put(Objects.requireNonNull(operation), Objects.requireNonNull(by));
    return this;
  }

  /** Consumes the clock jump registered for {@code operation}, if any. */
  Optional<Duration> takeClockJump(String operation) {
    return Optional.ofNullable(clockJumps.remove(operation));
  }

  /**
   * How long a {@link Fault#TIMEOUT} holds the request before dropping the connection (default 5
   * s).
   */
  public Faults timeoutHold(Duration hold) {
    this.timeoutHold = Objects.requireNonNull(hold);
    return this;
  }

  /** The current {@link Fault#TIMEOUT} hold. */
  public Duration timeoutHold() {
    return timeoutHold;
  }

  /** Removes all pending faults and latencies (the timeout hold is kept). */
  public void clear() {
    synchronized (pending) {
      pending.clear();
    }
    latencies.clear();
    clockJumps.clear();
  }

  private Faults add(String operation, int count, Fault fault, boolean afterEffect) {
    Objects.requireNonNull(operation);
    Objects.requireNonNull(fault);
    if (count <= 0) {
      throw new IllegalArgumentException("count must be positive");
    }
    synchronized (pending) {
      pending
          .computeIfAbsent(operation, k -> new ArrayDeque<>())
          .addLast(new Pending(fault, afterEffect, count));
    }
    return this;
  }

  /** Consumes the fault (if any) for one call of {@code operation}. */
  Plan plan(String operation) {
    Duration latency =
        latencies.getOrDefault(operation, latencies.getOrDefault(ANY, Duration.ZERO));
    synchronized (pending) {
      for (String key : new String[] {operation, ANY}) {
        Deque<Pending> queue = pending.get(key);
        if (queue != null && !queue.isEmpty()) {
          Pending head = queue.peekFirst();
          if (--head.remaining <= 0) {
            queue.pollFirst();
          }
          return new Plan(head.fault, head.afterEffect, latency);
        }
      }
    }
    return latency.isZero() ? Plan.NONE : new Plan(null, false, latency);
  }
}
