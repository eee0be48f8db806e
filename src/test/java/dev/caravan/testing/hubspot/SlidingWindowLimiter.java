package dev.caravan.testing.hubspot;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A rolling-window request limit, as HubSpot names its general one {@code TEN_SECONDLY_ROLLING}: at most
 * {@code max} admitted requests in any window of {@code window}. Rejected requests are not counted.
 */
final class SlidingWindowLimiter {

    private final int max;
    private final long windowNanos;
    private final ArrayDeque<Long> admitted = new ArrayDeque<>();

    SlidingWindowLimiter(int max, Duration window) {
        if (max < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limit " + max + " per " + window);
        }
        this.max = max;
        this.windowNanos = window.toNanos();
    }

    int max() {
        return max;
    }

    long windowMillis() {
        return windowNanos / 1_000_000;
    }

    /** Admits and counts the request if the window has room. */
    synchronized boolean tryAcquire(long nowNanos) {
        evict(nowNanos);
        if (admitted.size() >= max) {
            return false;
        }
        admitted.addLast(nowNanos);
        return true;
    }

    synchronized int remaining(long nowNanos) {
        evict(nowNanos);
        return Math.max(0, max - admitted.size());
    }

    /** Milliseconds until the window has room again; 0 when it has room now. */
    synchronized long millisUntilFree(long nowNanos) {
        evict(nowNanos);
        if (admitted.size() < max) {
            return 0;
        }
        long oldest = admitted.peekFirst();
        return Math.max(1, (oldest + windowNanos - nowNanos + 999_999) / 1_000_000);
    }

    private void evict(long nowNanos) {
        while (!admitted.isEmpty() && nowNanos - admitted.peekFirst() >= windowNanos) {
            admitted.removeFirst();
        }
    }
}
