package dev.caravan.source.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A client-side sliding-window limiter: at most {@code requests} starts in any {@code window}. It
 * remembers the last {@code requests} start times (bounded memory) and, when full, waits until the
 * oldest leaves the window. {@link #adapt} takes the server's view from response headers: a stricter
 * limit than configured replaces it, and {@code remaining = 0} holds every start for one window.
 */
public final class RateLimiter {

    private final Ticker ticker;
    private int requests;
    private long windowNanos;
    private final Deque<Long> starts = new ArrayDeque<>();
    private long holdUntil = Long.MIN_VALUE;
    private boolean holding;

    public RateLimiter(int requests, Duration window, Ticker ticker) {
        if (requests < 1 || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("rate limit needs requests >= 1 and a positive window");
        }
        this.requests = requests;
        this.windowNanos = window.toNanos();
        this.ticker = ticker;
    }

    /** Waits, if needed, until a request may start, and counts it. */
    public synchronized void acquire() throws InterruptedException {
        while (true) {
            long now = ticker.nanos();
            long wait = 0;
            if (holding && now - holdUntil < 0) {
                wait = holdUntil - now;
            } else {
                holding = false;
                while (!starts.isEmpty() && now - starts.peekFirst() >= windowNanos) {
                    starts.pollFirst();
                }
                if (starts.size() < requests) {
                    starts.addLast(now);
                    return;
                }
                wait = starts.peekFirst() + windowNanos - now;
            }
            ticker.sleep(Duration.ofNanos(Math.max(wait, 1)));
        }
    }

    /**
     * Takes the server's headers into account (each argument negative when absent).
     *
     * @param max the server's limit per interval
     * @param remaining what the server says is left in its current interval
     * @param intervalMillis the server's interval
     */
    public synchronized void adapt(long max, long remaining, long intervalMillis) {
        if (max > 0 && intervalMillis > 0) {
            long serverWindow = Duration.ofMillis(intervalMillis).toNanos();
            // compare rates: max per serverWindow against requests per windowNanos
            if ((double) max / serverWindow < (double) requests / windowNanos) {
                requests = (int) Math.max(1, Math.min(Integer.MAX_VALUE, max));
                windowNanos = serverWindow;
                while (starts.size() > requests) {
                    starts.pollFirst();
                }
            }
        }
        if (remaining == 0) {
            holding = true;
            holdUntil = ticker.nanos() + (intervalMillis > 0 ? Duration.ofMillis(intervalMillis).toNanos() : windowNanos);
        }
    }

    public synchronized int requests() {
        return requests;
    }

    public synchronized Duration window() {
        return Duration.ofNanos(windowNanos);
    }
}
