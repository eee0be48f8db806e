package dev.caravan.warehouse;

import dev.caravan.config.CaravanConfig;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The one retry policy of Caravan, for warehouse batch writes, run-log writes and every source
 * read: an action failing for a transient reason ({@link SqlFailures#isTransient}) is tried again
 * after an exponential back-off with jitter, from the first delay up to the maximum delay, until
 * it succeeds or the time budget is spent; a failure for any other reason is thrown at once.
 * Each retry is logged at WARN with the attempt, the time spent, the next delay and the SQLSTATE
 * (the message's first line only: no row values, no credentials).
 */
public final class RetryPolicy {

    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);

    /** One try of the action. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws SQLException;
    }

    /** Waits between tries (Thread.sleep in production). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final Duration budget;
    private final long firstDelayMs;
    private final long maxDelayMs;
    private final double multiplier;
    private final OptionalInt maxRetries;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    public RetryPolicy(Duration budget, long firstDelayMs, long maxDelayMs, double multiplier, OptionalInt maxRetries,
            LongSupplier nanoClock, Sleeper sleeper, DoubleSupplier random) {
        if (budget.isNegative() || firstDelayMs < 1 || maxDelayMs < firstDelayMs || multiplier < 1.0) {
            throw new IllegalArgumentException("retry settings: budget >= 0, 1 <= first delay <= max delay, multiplier >= 1"
                    + " (got " + budget + ", " + firstDelayMs + " ms, " + maxDelayMs + " ms, " + multiplier + ")");
        }
        this.budget = budget;
        this.firstDelayMs = firstDelayMs;
        this.maxDelayMs = maxDelayMs;
        this.multiplier = multiplier;
        this.maxRetries = maxRetries;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** The policy as configured (CARAVAN_RETRY_*), on the system clock. */
    public static RetryPolicy of(CaravanConfig.Retry config) {
        return new RetryPolicy(config.budget(), config.initialDelayMs(), Math.max(config.maxDelay().toMillis(),
                config.initialDelayMs()), config.backOffMultiplier(),
                config.maxRedeliveries().map(OptionalInt::of).orElse(OptionalInt.empty()),
                System::nanoTime, Thread::sleep, () -> ThreadLocalRandom.current().nextDouble());
    }

    public Duration budget() {
        return budget;
    }

    /**
     * The delay before retry number {@code retry} (1 for the first retry), without the budget:
     * the exponential step {@code first × multiplier^(retry-1)} capped at the maximum delay, then
     * jittered down by up to half, never below the first delay. So every delay lies within
     * [first delay, max delay], and retries of many runs hitting one outage spread out.
     */
    long delayBefore(int retry) {
        double step = firstDelayMs * Math.pow(multiplier, Math.max(0, retry - 1));
        long ceiling = (long) Math.min(maxDelayMs, step);
        long floor = Math.max(firstDelayMs, ceiling / 2);
        return floor + (long) ((ceiling - floor) * random.getAsDouble());
    }

    /**
     * The delay to wait before the next try after {@code retriesSoFar} retries and {@code elapsedMs}
     * spent, or -1 when no try is left: the budget is spent (a last delay is shortened to what is
     * left of it) or the retry cap (deprecated CARAVAN_RETRY_MAX) is reached.
     */
    long nextDelay(int retriesSoFar, long elapsedMs) {
        long left = budget.toMillis() - elapsedMs;
        if (left <= 0 || (maxRetries.isPresent() && retriesSoFar >= maxRetries.getAsInt())) {
            return -1;
        }
        return Math.min(delayBefore(retriesSoFar + 1), left);
    }

    /**
     * Runs the action until it succeeds. A non-transient failure is thrown as it is (a
     * {@link SQLException} or a runtime exception). When the failures stay transient past the budget,
     * {@code unavailable} turns the message (what, how many tries, for how long, the SQLSTATE and the
     * last failure's first line) and the last failure into the exception thrown.
     */
    public <T> T call(String what, Attempt<T> attempt, BiFunction<String, Throwable, ? extends RuntimeException> unavailable)
            throws SQLException {
        long start = nanoClock.getAsLong();
        for (int retries = 0; ; retries++) {
            try {
                return attempt.run();
            } catch (SQLException | RuntimeException e) {
                if (!SqlFailures.isTransient(e)) {
                    throw e;
                }
                long elapsed = (nanoClock.getAsLong() - start) / 1_000_000;
                long delay = nextDelay(retries, elapsed);
                String state = SqlFailures.sqlState(e);
                if (delay < 0) {
                    throw unavailable.apply(what + " failed " + (retries + 1) + (retries == 0 ? " time" : " times")
                            + " over " + seconds(elapsed) + " (retry budget " + budget.toSeconds() + " s"
                            + (state == null ? "" : ", SQLSTATE " + state) + "): " + SqlFailures.summary(e), e);
                }
                LOG.warnf("%s failed (SQLSTATE %s: %s); attempt %d failed after %s, retrying in %d ms", what,
                        state == null ? "none" : state, SqlFailures.summary(e), retries + 1, seconds(elapsed), delay);
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw unavailable.apply("interrupted while waiting to retry: " + what, e);
                }
            }
        }
    }

    /**
     * A warehouse action under this policy: once the budget is spent a
     * {@link WarehouseUnavailableException} ("warehouse unavailable: …"), a non-transient
     * {@link SQLException} as an {@link IllegalStateException} saying what failed.
     */
    public <T> T onWarehouse(String what, Attempt<T> attempt) {
        try {
            return call(what, attempt, (message, cause) -> new WarehouseUnavailableException("warehouse unavailable: "
                    + message, cause));
        } catch (SQLException e) {
            throw new IllegalStateException(what + " failed: " + SqlFailures.summary(e), e);
        }
    }

    private static String seconds(long ms) {
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
