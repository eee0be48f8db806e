package dev.caravan.run;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The runs this process is executing, whatever started them (drop folder, CLI, REST, schedule):
 * what the heartbeat keeps alive in the run log, what the sweep must not touch, what a graceful
 * shutdown asks to stop at the next batch boundary, and what the liveness check watches for
 * progress.
 */
@ApplicationScoped
public class RunRegistry {

    private static final Logger LOG = Logger.getLogger(RunRegistry.class);

    private final Map<Long, ActiveRun> active = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger opening = new java.util.concurrent.atomic.AtomicInteger();
    private volatile String stopReason;

    /**
     * Opens a run ({@code start} writes its row in the run log and returns its id) and registers it;
     * close the handle when the run ends. While a run is being opened, {@link #opening()} is true, so
     * a sweep that sees its row before it is registered does not take it for a lost run of this process.
     */
    public ActiveRun open(java.util.function.LongSupplier start, String description) {
        opening.incrementAndGet();
        try {
            long runId = start.getAsLong();
            ActiveRun run = new ActiveRun(runId, description);
            active.put(runId, run);
            return run;
        } finally {
            opening.decrementAndGet();
        }
    }

    /** True while this process is opening a run (its row may exist before it is registered). */
    public boolean opening() {
        return opening.get() > 0;
    }

    public boolean isActive(long runId) {
        return active.containsKey(runId);
    }

    /** Run ids executing here now. */
    public List<Long> activeIds() {
        return List.copyOf(active.keySet());
    }

    public Collection<ActiveRun> active() {
        return List.copyOf(active.values());
    }

    /** Why a run must stop at its next batch boundary (shutdown), or null to go on. */
    public String stopRequested(long runId) {
        return stopReason;
    }

    /** True once a shutdown began: no new work should be taken. */
    public boolean stopping() {
        return stopReason != null;
    }

    /** Records that a run committed a batch (the liveness check looks for runs that stopped committing). */
    public void progressed(long runId) {
        ActiveRun run = active.get(runId);
        if (run != null) {
            run.lastProgress = Instant.now();
        }
    }

    /** Asks every run to stop after its batch in flight; new runs are refused from now on. */
    public void requestStopAll(String reason) {
        if (stopReason == null) {
            stopReason = reason;
            if (!active.isEmpty()) {
                LOG.infof("%s: asking %d running run(s) %s to stop after their batch in flight", reason, active.size(),
                        activeIds());
            }
        }
    }

    /** Waits until no run is executing here, at most {@code timeout}; true when none is left. */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (active) {
            while (!active.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    active.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return active.isEmpty();
                }
            }
            return true;
        }
    }

    void ended(long runId) {
        active.remove(runId);
        synchronized (active) {
            active.notifyAll();
        }
    }

    /** A run executing in this process. Closing it (when the run ended, however) unregisters it. */
    public final class ActiveRun implements AutoCloseable {
        private final long runId;
        private final String description;
        private final Instant started = Instant.now();
        private volatile Instant lastProgress = started;

        ActiveRun(long runId, String description) {
            this.runId = runId;
            this.description = description;
        }

        public long runId() {
            return runId;
        }

        public String description() {
            return description;
        }

        /** When this run last committed a batch (or started). */
        public Instant lastProgress() {
            return lastProgress;
        }

        @Override
        public void close() {
            ended(runId);
        }
    }
}
