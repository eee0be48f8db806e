package dev.caravan.run;

import dev.caravan.config.CaravanConfig;
import dev.caravan.config.Invocation;
import dev.caravan.warehouse.RunOwners;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps this process's running runs alive in the run log (one UPDATE per beat for all of them,
 * independent of batch progress, so a slow batch is not mistaken for a dead replica) and sweeps
 * runs whose owner died: once at start, then every sweep interval. A warehouse that cannot be
 * reached skips a beat; the next one tries again. A command that only informs ({@code --help},
 * {@code status}, …) runs no runs: it starts neither.
 */
@ApplicationScoped
public class RunHeartbeat {

    private static final Logger LOG = Logger.getLogger(RunHeartbeat.class);

    private final RunOwners owners;
    private final RunRegistry registry;
    private final RunSweeper sweeper;
    private final CaravanConfig.Runs settings;
    private final Invocation invocation;
    private ScheduledExecutorService timer;

    @Inject
    public RunHeartbeat(RunOwners owners, RunRegistry registry, RunSweeper sweeper, CaravanConfig config, Invocation invocation) {
        this.invocation = invocation;
        this.owners = owners;
        this.registry = registry;
        this.sweeper = sweeper;
        this.settings = config.runs();
    }

    void start(@Observes StartupEvent event) {
        if (invocation.informing()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "caravan-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long beat = Math.max(100, settings.heartbeat().toMillis());
        long sweep = Math.max(beat, settings.sweepInterval().toMillis());
        timer.scheduleWithFixedDelay(this::beat, beat, beat, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::sweep, 0, sweep, TimeUnit.MILLISECONDS);
    }

    void beat() {
        try {
            owners.beat(registry.activeIds());
        } catch (RuntimeException e) {
            LOG.warnf("Heartbeat skipped: %s", e.getMessage());
        }
    }

    void sweep() {
        try {
            sweeper.sweep();
        } catch (RuntimeException e) {
            LOG.warnf("Sweep of abandoned runs skipped: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
