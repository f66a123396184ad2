package io.rootmfa.operator.emulator;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A sliding one-second window on the monotonic clock (quotas are real time, unaffected by the emulator clock
 * offset). A limit of zero or less means unlimited.
 */
final class RateLimiter {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final Deque<Long> admitted = new ArrayDeque<>();
    private volatile int perSecond;

    RateLimiter(int perSecond) {
        this.perSecond = perSecond;
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
        long now = System.nanoTime();
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
