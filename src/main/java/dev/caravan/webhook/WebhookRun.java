package dev.caravan.webhook;

import dev.caravan.config.CaravanConfig;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.pipeline.BatchOptions;
import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.Pipeline;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.source.RecordReader;
import dev.caravan.source.SourceRecord;
import dev.caravan.sync.SyncRuns;
import dev.caravan.warehouse.BatchCheckpoint;
import dev.caravan.warehouse.RunCounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * One run (trigger {@code webhook}, mode {@code webhook}) of events' records through the pipeline,
 * in the shared run lifecycle (run log, registry, graceful shutdown). Each batch marks the events its
 * records came from processed in its own transaction, fenced by the claim: a claim that was lost
 * rolls the batch back, so an event's rows and its "processed" commit together or not at all.
 */
@ApplicationScoped
public class WebhookRun {

    /** The records of a run and what each batch marks processed. */
    public interface Records {
        RecordReader reader() throws java.io.IOException;

        /** What a batch of records marks and writes besides its rows, worked out once per batch. */
        Marks marks(List<SourceRecord> batch);
    }

    /**
     * @param events the ids of the events the batch's records came from
     * @param also more the batch writes in its transaction (raw records, links), or null
     */
    public record Marks(Collection<Long> events, BatchCheckpoint also) {
    }

    /** A claim was lost (its lease ran out and another processor took the events): the batch rolls back. */
    public static final class ClaimLostException extends SQLException {
        public ClaimLostException(String message) {
            super(message);
        }
    }

    private final SyncRuns runs;
    private final Pipeline pipeline;
    private final EventQueue queue;
    private final CaravanConfig config;

    @Inject
    public WebhookRun(SyncRuns runs, Pipeline pipeline, EventQueue queue, CaravanConfig config) {
        this.runs = runs;
        this.pipeline = pipeline;
        this.queue = queue;
        this.config = config;
    }

    /**
     * @param after more work of the run once its records are written (deletions…), given the run id;
     *        returns notes for the run's message
     */
    public RunSummary run(ObjectDefinition d, String system, int events, Records records, String token,
            Function<Long, String> after) {
        return runs.execute(d, "webhook", "webhook " + system, false, "webhook", (runId, notes) -> {
            notes.add(events + " webhook event" + (events == 1 ? "" : "s"));
            RunCounts counts = new RunCounts();
            try (RecordReader reader = records.reader()) {
                if (reader != null) {
                    BatchOptions options = new BatchOptions(false, batch -> fence(batch, records, token));
                    counts = pipeline.run(runId, d, reader, config.batchSize(), false, ImportProgress.NONE, options, 0);
                }
            }
            String note = after == null ? null : after.apply(runId);
            if (note != null) {
                notes.add(note);
            }
            return counts;
        });
    }

    private BatchCheckpoint fence(List<SourceRecord> batch, Records records, String token) {
        Marks marks = records.marks(batch);
        Collection<Long> ids = new java.util.LinkedHashSet<>(marks.events());
        BatchCheckpoint also = marks.also();
        return (c, b) -> {
            if (also != null) {
                also.save(c, b);
            }
            int marked = queue.markProcessed(c, ids, token, b.runId());
            if (marked < ids.size()) {
                throw new ClaimLostException("the claim on " + (ids.size() - marked) + " webhook events ran out before their"
                        + " batch committed; another processor has them");
            }
        };
    }
}
