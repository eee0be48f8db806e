package dev.caravan.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The back-off schedule and the budget of the one retry policy, on a fake clock (no real waiting). */
class RetryPolicyTest {

    /** A clock that moves only when the policy sleeps (and by what an attempt costs). */
    static final class FakeTime {
        final AtomicLong nanos = new AtomicLong();
        final List<Long> sleeps = new ArrayList<>();

        long now() {
            return nanos.get();
        }

        void sleep(long ms) {
            sleeps.add(ms);
            nanos.addAndGet(ms * 1_000_000);
        }

        void spend(long ms) {
            nanos.addAndGet(ms * 1_000_000);
        }
    }

    static RetryPolicy policy(FakeTime time, Duration budget, long first, long max, OptionalInt cap, DoubleSupplier random) {
        return new RetryPolicy(budget, first, max, 2.0, cap, time::now, time::sleep, random);
    }

    static final SQLException GONE = new SQLException("Connection refused", "08001");

    @Test
    void withoutJitterTheDelaysDoubleFromTheFirstUpToTheMaximum() {
        FakeTime time = new FakeTime();
        RetryPolicy p = policy(time, Duration.ofMinutes(5), 500, 30_000, OptionalInt.empty(), () -> 1.0);
        List<Long> delays = new ArrayList<>();
        for (int retry = 1; retry <= 10; retry++) {
            delays.add(p.delayBefore(retry));
        }
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L, 30000L), delays);
    }

    @Test
    void jitterKeepsEveryDelayBetweenTheFirstDelayAndTheMaximum() {
        Random seeded = new Random(42);
        FakeTime time = new FakeTime();
        RetryPolicy p = policy(time, Duration.ofMinutes(5), 500, 30_000, OptionalInt.empty(), seeded::nextDouble);
        boolean varied = false;
        for (int retry = 1; retry <= 40; retry++) {
            long ceiling = Math.min(30_000, 500L << Math.min(retry - 1, 20));
            long d = p.delayBefore(retry);
            assertTrue(d >= 500 && d <= 30_000, "delay " + d + " within [first, max]");
            assertTrue(d >= Math.max(500, ceiling / 2) && d <= ceiling, "retry " + retry + ": " + d + " in [ceiling/2, ceiling]");
            varied |= d != ceiling;
        }
        assertTrue(varied, "jitter changes delays");
        assertEquals(500, p.delayBefore(1), "the first delay is the first delay, jitter or not");
    }

    @Test
    void theBudgetBoundsTheTotalWaitAndTheLastDelayIsShortenedToFit() {
        FakeTime time = new FakeTime();
        RetryPolicy p = policy(time, Duration.ofSeconds(5), 500, 30_000, OptionalInt.empty(), () -> 1.0);
        AtomicInteger attempts = new AtomicInteger();
        WarehouseUnavailableException e = assertThrows(WarehouseUnavailableException.class, () -> p.call("writing a batch",
                () -> {
                    attempts.incrementAndGet();
                    throw GONE;
                }, WarehouseUnavailableException::new));
        // 500 + 1000 + 2000 = 3500, then what is left of 5000: 1500
        assertEquals(List.of(500L, 1000L, 2000L, 1500L), time.sleeps);
        assertEquals(5, attempts.get());
        assertEquals(5000, time.sleeps.stream().mapToLong(Long::longValue).sum());
        assertTrue(e.getMessage().contains("failed 5 times over 5.0 s"), e.getMessage());
        assertTrue(e.getMessage().contains("SQLSTATE 08001"), e.getMessage());
        assertSame(GONE, e.getCause());
    }

    @Test
    void timeSpentInAttemptsCountsAgainstTheBudget() {
        FakeTime time = new FakeTime();
        RetryPolicy p = policy(time, Duration.ofSeconds(3), 100, 1000, OptionalInt.empty(), () -> 0.5);
        assertThrows(WarehouseUnavailableException.class, () -> p.call("reading", () -> {
            time.spend(1000); // each attempt waits a second for a timeout
            throw new SQLException("canceling statement due to statement timeout", "57014");
        }, WarehouseUnavailableException::new));
        long total = time.now() / 1_000_000;
        assertTrue(total <= 3000 + 1000, "at most the budget plus one attempt: " + total);
    }

    @Test
    void aTransientFailureThatClearsWithinTheBudgetSucceeds() throws SQLException {
        FakeTime time = new FakeTime();
        RetryPolicy p = policy(time, Duration.ofSeconds(60), 500, 30_000, OptionalInt.empty(), () -> 0.0);
        AtomicInteger attempts = new AtomicInteger();
        String result = p.call("writing", () -> {
            if (attempts.incrementAndGet() < 4) {
                throw new SQLException("could not serialize access", "40001");
            }
            return "ok";
        }, WarehouseUnavailableException::new);
        assertEquals("ok", result);
        assertEquals(3, time.sleeps.size());
        assertEquals(List.of(500L, 500L, 1000L), time.sleeps, "random 0 takes the lower bound: max(first, step/2)");
    }

    @Test
    void aRowsFaultIsThrownAtOnceWithoutRetry() {
        FakeTime time = new FakeTime();
        RetryPolicy p = policy(time, Duration.ofSeconds(60), 500, 30_000, OptionalInt.empty(), () -> 1.0);
        SQLException duplicate = new SQLException("duplicate key value violates unique constraint", "23505");
        AtomicInteger attempts = new AtomicInteger();
        SQLException thrown = assertThrows(SQLException.class, () -> p.call("writing", () -> {
            attempts.incrementAndGet();
            throw duplicate;
        }, WarehouseUnavailableException::new));
        assertSame(duplicate, thrown);
        assertEquals(1, attempts.get());
        assertTrue(time.sleeps.isEmpty());
        IllegalStateException definition = new IllegalStateException("no such column");
        assertSame(definition, assertThrows(IllegalStateException.class, () -> p.call("writing", () -> {
            throw definition;
        }, WarehouseUnavailableException::new)));
    }

    @Test
    void theDeprecatedRetryCapStopsEarlierThanTheBudget() {
        FakeTime time = new FakeTime();
        RetryPolicy p = policy(time, Duration.ofMinutes(5), 500, 30_000, OptionalInt.of(2), () -> 1.0);
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(WarehouseUnavailableException.class, () -> p.call("writing", () -> {
            attempts.incrementAndGet();
            throw GONE;
        }, WarehouseUnavailableException::new));
        assertEquals(3, attempts.get(), "the first try and two retries");
        assertEquals(List.of(500L, 1000L), time.sleeps);
    }

    @Test
    void aZeroBudgetTriesOnce() {
        FakeTime time = new FakeTime();
        RetryPolicy p = policy(time, Duration.ZERO, 500, 30_000, OptionalInt.empty(), () -> 1.0);
        assertThrows(WarehouseUnavailableException.class, () -> p.call("writing", () -> {
            throw GONE;
        }, WarehouseUnavailableException::new));
        assertTrue(time.sleeps.isEmpty());
    }

    @Test
    void onWarehouseTurnsANonTransientFailureIntoAClearError() {
        FakeTime time = new FakeTime();
        RetryPolicy p = policy(time, Duration.ofSeconds(1), 500, 500, OptionalInt.empty(), () -> 1.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.onWarehouse("closing run 7",
                () -> {
                    throw new SQLException("relation \"caravan_run\" does not exist\n  Position: 8", "42P01");
                }));
        assertEquals("closing run 7 failed: relation \"caravan_run\" does not exist", e.getMessage());
        WarehouseUnavailableException gone = assertThrows(WarehouseUnavailableException.class,
                () -> p.onWarehouse("closing run 7", () -> {
                    throw GONE;
                }));
        assertTrue(gone.getMessage().startsWith("warehouse unavailable: closing run 7 failed 3 times"), gone.getMessage());
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        FakeTime time = new FakeTime();
        assertThrows(IllegalArgumentException.class, () -> policy(time, Duration.ofSeconds(1), 0, 10, OptionalInt.empty(), () -> 1.0));
        assertThrows(IllegalArgumentException.class, () -> policy(time, Duration.ofSeconds(1), 100, 10, OptionalInt.empty(), () -> 1.0));
    }
}
