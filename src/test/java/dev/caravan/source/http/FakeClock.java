package dev.caravan.source.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker whose sleeps return at once and move time forward; it records each sleep. */
final class FakeClock implements Ticker {

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public long nanos() {
        return nanos.get();
    }

    @Override
    public Instant now() {
        return EPOCH.plusNanos(nanos.get());
    }

    @Override
    public void sleep(Duration d) {
        sleeps.add(d);
        nanos.addAndGet(d.toNanos());
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    Duration slept() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
