package dev.caravan.run;

import dev.caravan.config.CaravanConfig;
import dev.caravan.warehouse.RunLog;
import dev.caravan.warehouse.RunOwners;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Closes runs left "running" by a process that is gone, whatever started them: at start, every
 * minute, and before a content is claimed. A dead owner is found by its pid on this host or by a
 * stale heartbeat on any host (the warehouse's clock, so hosts' clocks need not agree). A run whose
 * process died also counts a crash against the file content it held (see FileLedger).
 */
@ApplicationScoped
public class RunSweeper {

    private static final Logger LOG = Logger.getLogger(RunSweeper.class);

    private final RunOwners owners;
    private final RunRegistry registry;
    private final Duration staleAfter;

    @Inject
    public RunSweeper(RunOwners owners, RunRegistry registry, CaravanConfig config) {
        this.owners = owners;
        this.registry = registry;
        this.staleAfter = config.runs().staleAfter();
    }

    /** Returns how many runs were closed as abandoned. */
    public int sweep() {
        int closed = 0;
        for (RunOwners.RunningRun r : owners.running()) {
            // checked after the query: a run of ours seen while it was being opened is registered by now,
            // or still being opened (then it is left to the next sweep)
            boolean ours = RunLog.host().equals(r.owner());
            boolean activeHere = registry.isActive(r.id()) || (ours && registry.opening());
            RunOwnership.Verdict v = RunOwnership.judge(r.owner(), r.silence(), staleAfter, RunLog.host(),
                    activeHere, pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            if (v == RunOwnership.Verdict.ALIVE) {
                continue;
            }
            String why = RunOwnership.describe(v, r.owner(), r.silence());
            if (owners.abandon(r.id(), why, v.processDied())) {
                closed++;
                LOG.warnf("Run %d (%s %s.%s) marked abandoned: %s", r.id(), r.triggeredBy(), r.source(), r.object(), why);
            }
        }
        return closed;
    }
}
