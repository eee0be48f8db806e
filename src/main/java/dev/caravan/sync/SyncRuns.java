package dev.caravan.sync;

import dev.caravan.config.CaravanConfig;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.run.RunEnding;
import dev.caravan.run.RunRegistry;
import dev.caravan.run.RunSweeper;
import dev.caravan.warehouse.RunCounts;
import dev.caravan.warehouse.RunLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * One sync run of one object, whatever it reads from: opened in the run log and the run registry
 * (after a sweep of runs whose process died), then completed, failed or interrupted, with its
 * metrics. An interrupted or failed run keeps the counts its batches committed; the next run goes
 * on from the checkpoint those batches committed.
 */
@ApplicationScoped
public class SyncRuns {

    /** The work of a run; notes it adds end up in the run's message. */
    @FunctionalInterface
    public interface Body {
        RunCounts run(long runId, List<String> notes) throws java.io.IOException;
    }

    private final RunLog runLog;
    private final RunEnding ending;
    private final RunRegistry registry;
    private final RunSweeper sweeper;
    private final CaravanConfig config;

    @Inject
    public SyncRuns(RunLog runLog, RunEnding ending, RunRegistry registry, RunSweeper sweeper, CaravanConfig config) {
        this.runLog = runLog;
        this.ending = ending;
        this.registry = registry;
        this.sweeper = sweeper;
        this.config = config;
    }

    /**
     * @param mode full or incremental
     * @param from what the run reads, for the run log (a source table, an API path)
     */
    public RunSummary execute(ObjectDefinition d, String mode, String from, boolean dryRun, String trigger, Body body) {
        if (registry.stopping()) {
            return RunSummary.skipped(d.qualifiedName(), dryRun, "shutting down: not started");
        }
        sweeper.sweep(); // earlier runs whose process died are closed as abandoned before this one opens
        try (RunRegistry.ActiveRun run = registry.open(() -> runLog.start(d.system(), d.object(), trigger, dryRun, from,
                null, null, null, config.batchSize()), mode + " sync of " + d.qualifiedName())) {
            return run(d, run.runId(), mode, dryRun, body);
        }
    }

    private RunSummary run(ObjectDefinition d, long runId, String mode, boolean dryRun, Body body) {
        List<String> notes = new ArrayList<>();
        String what = mode + " sync of " + d.qualifiedName();
        RunEnding.Ended end;
        try {
            runLog.syncMode(runId, mode);
            end = ending.completed(d, runId, what, body.run(runId, notes), 0, notes, dryRun);
        } catch (RuntimeException | java.io.IOException | Error e) {
            // Errors too (StackOverflowError, OutOfMemoryError): the run is closed as failed, not left running.
            end = ending.ended(d, runId, what, e, notes, "the next run continues from the checkpoint", RunEnding::describe,
                    null, dryRun);
        }
        return RunSummary.ofSync(runId, end.status(), dryRun, end.counts(), d.qualifiedName(), mode, end.message(),
                end.error());
    }
}
