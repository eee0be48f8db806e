package dev.caravan.source.http;

import java.time.Duration;
import java.time.Instant;

/** Time for the HTTP layer: a monotonic clock, the wall clock (for HTTP dates) and waiting. Tests pass a fake. */
public interface Ticker {

    long nanos();

    Instant now();

    void sleep(Duration d) throws InterruptedException;

    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
            if (!d.isNegative() && !d.isZero()) {
                Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
            }
        }
    };
}
