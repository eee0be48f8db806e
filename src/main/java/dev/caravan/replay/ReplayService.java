package dev.caravan.replay;

import dev.caravan.config.CaravanConfig;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.HeaderMapping;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.pipeline.BatchOptions;
import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.Pipeline;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.run.RunEnding;
import dev.caravan.run.RunRegistry;
import dev.caravan.source.ReplayPosition;
import dev.caravan.source.SourceRecord;
import dev.caravan.source.http.HttpRecordReader;
import dev.caravan.warehouse.BatchCheckpoint;
import dev.caravan.warehouse.RunCounts;
import dev.caravan.warehouse.RunLog;
import dev.caravan.warehouse.RunRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Feeds a run's rejected records again, from their stored fields, through the same pipeline and the
 * object's definition as it is now (so a definition fix applies), as a new run triggered by
 * {@code replay} and linked to the original ({@code replay_of}). Records loaded by the replay are
 * marked in the original's rejects ({@code replayed_in_run}) in the batch's transaction, so a second
 * replay does not feed them again; records rejected again stay rejected, in the new run, with their
 * reasons, and a later replay of the original tries them again. Orphans are rejected, not held, and
 * no sync checkpoint is touched. A dry replay writes nothing and marks nothing.
 */
@ApplicationScoped
public class ReplayService {

    private static final Logger LOG = Logger.getLogger(ReplayService.class);

    private final RunLog runLog;
    private final ReplayStore store;
    private final DefinitionRegistry definitions;
    private final Pipeline pipeline;
    private final RunRegistry registry;
    private final RunEnding ending;
    private final CaravanConfig config;

    @Inject
    public ReplayService(RunLog runLog, ReplayStore store, DefinitionRegistry definitions, Pipeline pipeline,
            RunRegistry registry, RunEnding ending, CaravanConfig config) {
        this.runLog = runLog;
        this.store = store;
        this.definitions = definitions;
        this.pipeline = pipeline;
        this.registry = registry;
        this.ending = ending;
        this.config = config;
    }

    /**
     * @throws ReplayException when the run cannot be replayed (unknown, running, a dry run, its object
     *         gone, no rejects, none replayable, a replay of it running)
     */
    public ReplaySummary replay(long originalRunId, boolean dryRun) {
        RunRecord original = runLog.find(originalRunId).orElseThrow(() -> new ReplayException(
                ReplayException.Kind.NOT_FOUND, "no run " + originalRunId + " (see ./caravan runs)"));
        String object = original.source() + "." + original.object();
        if ("running".equals(original.status())) {
            throw refused("run " + originalRunId + " is still running; replay it once it has ended");
        }
        if (original.dryRun()) {
            throw refused("run " + originalRunId + " was a dry run: its rows were never meant to load;"
                    + " import its source again");
        }
        ObjectDefinition definition = definitions.find(original.source(), original.object()).orElseThrow(() -> refused(
                "run " + originalRunId + " imported " + object + ", which no longer has a definition"));
        ReplayStore.Counts counts = store.counts(originalRunId);
        if (counts.replayable() + counts.replayed() + counts.notReplayable() == 0) {
            throw refused("run " + originalRunId + " has no rejected rows: nothing to replay");
        }
        if (counts.replayable() == 0) {
            if (counts.replayed() == 0) {
                throw refused("run " + originalRunId + " has " + counts.notReplayable() + " rejected row(s), none"
                        + " replayable (no stored record: a structural problem such as bad JSON or a ragged row, a"
                        + " record over 64 KiB, or a run from before replay existed)");
            }
            return ReplaySummary.nothing(originalRunId, dryRun, counts, "nothing to replay: the " + counts.replayed()
                    + " replayable rejected row(s) of run " + originalRunId + " were loaded by earlier replays"
                    + (counts.notReplayable() > 0 ? "; " + counts.notReplayable() + " are not replayable" : ""));
        }
        store.running(originalRunId).ifPresent(r -> {
            throw refused("run " + r + " is replaying run " + originalRunId + " now");
        });
        if (registry.stopping()) {
            throw refused("shutting down: no new replays are started");
        }
        String what = "replay of run " + originalRunId + " (" + object + ")";
        int batchSize = config.batchSize();
        try (RunRegistry.ActiveRun run = registry.open(() -> runLog.start(definition.system(), definition.object(),
                "replay", dryRun, "replay of run " + originalRunId, null, null, null, batchSize), what)) {
            long runId = run.runId();
            store.link(runId, originalRunId);
            LOG.infof("Run %d: %s%s, %d rejected row(s) to feed again", runId, dryRun ? "dry " : "", what,
                    counts.replayable());
            return ReplaySummary.of(originalRunId, execute(original, definition, runId, batchSize, dryRun, what, counts),
                    counts);
        }
    }

    private RunSummary execute(RunRecord original, ObjectDefinition definition, long runId, int batchSize,
            boolean dryRun, String what, ReplayStore.Counts counts) {
        List<String> notes = new ArrayList<>();
        notes.add("replay of run " + original.id() + ": " + counts.replayable() + " rejected row(s) fed again"
                + (counts.notReplayable() > 0 ? ", " + counts.notReplayable() + " not replayable" : ""));
        // A file's records map by the definition's names and aliases; a sync's API fields also by its source names.
        Map<String, Integer> aliases = original.fileChecksum() != null ? HeaderMapping.aliasIndex(definition)
                : HttpRecordReader.aliases(definition);
        BatchOptions options = new BatchOptions(false, records -> dryRun ? null : marks(original.id(), runId, records));
        RunEnding.Ended end;
        try (ReplayReader reader = new ReplayReader(store, original.id(), definition, aliases)) {
            RunCounts totals = pipeline.run(runId, definition, reader, batchSize, dryRun, ImportProgress.NONE, options, 0);
            end = ending.completed(definition, runId, what, totals, 0, notes, dryRun);
        } catch (RuntimeException | Error e) {
            end = ending.ended(definition, runId, what, e, notes, "replay run " + original.id() + " again",
                    RunEnding::describe, null, dryRun);
        }
        return RunSummary.of(runId, end.status(), dryRun, end.counts(), end.message(), end.error());
    }

    /** The checkpoint of a replay batch: the original's rows of the records it loaded are marked. */
    private static BatchCheckpoint marks(long originalRunId, long runId, List<SourceRecord> records) {
        List<Long> numbers = new ArrayList<>(records.size());
        for (SourceRecord r : records) {
            if (r.position() instanceof ReplayPosition p) {
                numbers.add(p.recordNo());
            }
        }
        return (c, batch) -> ReplayStore.markLoaded(c, originalRunId, runId, numbers);
    }

    private static ReplayException refused(String message) {
        return new ReplayException(ReplayException.Kind.REFUSED, message);
    }
}
