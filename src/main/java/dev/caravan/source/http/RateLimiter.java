package dev.caravan.source.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A client-side sliding-window limiter: at most {@code requests} starts in any {@code window}. It
 * remembers the last {@code requests} start times (bounded memory) and, when full, waits until the
 * oldest leaves the window. A request whose answer has come is remembered by the time of the answer
 * instead ({@link #done}): the server counted it somewhere between the two, so with requests in
 * flight side by side, a slow one can never make the server see one request too many. {@link #adapt} takes the server's view from response headers: a stricter
 * limit than configured replaces it, and {@code remaining = 0} holds every start for one window.
 */
public final class RateLimiter {

    private final Ticker ticker;
    private int requests;
    private long windowNanos;
    private final Deque<long[]> starts = new ArrayDeque<>();
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

    /**
     * Waits, if needed, until a request may start, and counts it; the slot is for {@link #done}. The
     * wait happens outside the lock, so requests in flight on other threads can report their answers.
     */
    public long[] acquire() throws InterruptedException {
        while (true) {
            Admission a = admit();
            if (a.slot() != null) {
                return a.slot();
            }
            ticker.sleep(Duration.ofNanos(Math.max(a.waitNanos(), 1)));
        }
    }

    /** A start counted (its slot), or how long to wait before trying again. */
    private record Admission(long[] slot, long waitNanos) {
    }

    private synchronized Admission admit() {
        long now = ticker.nanos();
        if (holding && now - holdUntil < 0) {
            return new Admission(null, holdUntil - now);
        }
        holding = false;
        recover(now);
        starts.removeIf(slot -> now - slot[0] >= windowNanos);
        if (starts.size() < requests) {
            long[] slot = {now};
            starts.addLast(slot);
            return new Admission(slot, 0);
        }
        long oldest = Long.MAX_VALUE; // answers can come out of order: the earliest leaves first
        for (long[] slot : starts) {
            oldest = Math.min(oldest, slot[0]);
        }
        return new Admission(null, Math.max(0, oldest + windowNanos - now));
    }

    /** The request of this slot has its answer: it counts from now on. */
    public synchronized void done(long[] slot) {
        if (slot != null) {
            slot[0] = Math.max(slot[0], ticker.nanos());
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
        boolean tracked = max > 0 && remaining >= 0 && max <= requests;
        if (tracked) {
            // Others use the same budget (another process, another app on the account): the server
            // has counted more requests in its window than this limiter started. Count them too, as
            // if started now, so the next ones wait for them.
            long now = ticker.nanos();
            starts.removeIf(slot -> now - slot[0] >= windowNanos);
            long counted = max - remaining;
            for (long k = starts.size(); k < counted && starts.size() < requests; k++) {
                starts.addLast(new long[] {now});
            }
        }
        if (remaining == 0 && !tracked) {
            // the server's count is unknown (no max): nothing may start for one window
            holding = true;
            holdUntil = ticker.nanos() + (intervalMillis > 0 ? Duration.ofMillis(intervalMillis).toNanos() : windowNanos);
        }
    }

    /**
     * A throttling answer (429, 503): halves the requests per window (at least 1) and keeps that for
     * {@value #CALM_WINDOWS} windows without another throttling answer, then the pace set before comes
     * back. Returns whether the pace changed.
     */
    public synchronized boolean slowDown() {
        long now = ticker.nanos();
        if (configured == 0) {
            configured = requests;
        }
        calmUntil = now + CALM_WINDOWS * windowNanos;
        slowed = true;
        int halved = Math.max(1, requests / 2);
        if (halved == requests) {
            return false;
        }
        requests = halved;
        while (starts.size() > requests) {
            starts.pollFirst();
        }
        return true;
    }

    private static final int CALM_WINDOWS = 6;
    private int configured;
    private long calmUntil;
    private boolean slowed;

    private void recover(long now) {
        if (slowed && now - calmUntil >= 0) {
            slowed = false;
            requests = Math.max(requests, configured);
        }
    }

    public synchronized int requests() {
        return requests;
    }

    public synchronized Duration window() {
        return Duration.ofNanos(windowNanos);
    }
}
