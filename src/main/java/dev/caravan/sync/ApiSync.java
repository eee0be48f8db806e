package dev.caravan.sync;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.config.CaravanConfig;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.pipeline.BatchOptions;
import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.Pipeline;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.source.SourceRecord;
import dev.caravan.source.http.ApiClient;
import dev.caravan.source.http.ApiPosition;
import dev.caravan.source.http.HttpPage;
import dev.caravan.source.http.HttpRecordReader;
import dev.caravan.source.http.HttpRecordSource;
import dev.caravan.source.http.HttpResource;
import dev.caravan.source.http.PageToken;
import dev.caravan.warehouse.ApiRecordStore;
import dev.caravan.warehouse.BatchCheckpoint;
import dev.caravan.warehouse.RetryPolicy;
import dev.caravan.warehouse.RunCounts;
import dev.caravan.warehouse.SqlFailures;
import dev.caravan.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * An API sync of one object, read by the HTTP source engine and fed through the pipeline.
 * <ul>
 * <li>Full (the first run, or {@code --full}): the object's own request, page after page. Each
 * batch commits the page to resume from, so a killed full read goes on where it stopped.</li>
 * <li>Incremental: the changes since the checkpoint (or {@code --since}), sorted by change time.
 * Each batch commits the checkpoint min(run start − look-back, latest change committed), so a
 * killed run never skips a record and the look-back catches the search index's lag.</li>
 * </ul>
 * Each batch also commits its records' raw versions and links. A run that read to the end also
 * marks the records the source deleted ({@code deleted:}) and, after a full read, sets the
 * incremental checkpoint to the run's start minus the look-back.
 */
@ApplicationScoped
class ApiSync {

    private static final Logger LOG = Logger.getLogger(ApiSync.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The checkpoint key of a full read under way: "full:" and the page token to resume from, as JSON. */
    static final String FULL_PREFIX = "full:";

    private final ApiConnections apis;
    private final Pipeline pipeline;
    private final Warehouse warehouse;
    private final CaravanConfig config;
    private final SyncRuns runs;
    private final RetryPolicy retry;
    private final ApiRecordStore store;

    @Inject
    ApiSync(ApiConnections apis, Pipeline pipeline, Warehouse warehouse, CaravanConfig config, SyncRuns runs, RetryPolicy retry) {
        this.apis = apis;
        this.pipeline = pipeline;
        this.warehouse = warehouse;
        this.config = config;
        this.runs = runs;
        this.retry = retry;
        this.store = new ApiRecordStore(warehouse.dialect());
    }

    RunSummary sync(ObjectDefinition d, SyncRequest request, ImportProgress progress) {
        ApiClient client = apis.client(d.system());
        HttpResource resource = apis.resource(d);
        HttpResource parent = apis.parent(d); // an object read per parent record is read the way its parent is
        HttpResource.Incremental inc = parent != null ? parent.incremental() : resource.incremental();
        Optional<SyncState.Watermark> state = SyncState.load(warehouse, d.system(), stateName(d));
        String fullKey = state.map(SyncState.Watermark::key).filter(k -> k != null && k.startsWith(FULL_PREFIX)).orElse(null);
        OffsetDateTime checkpoint = state.map(SyncState.Watermark::at).orElse(null);
        boolean canIncremental = inc != null;
        boolean stream = canIncremental && inc.position();
        boolean sorted = !canIncremental || inc.sorted();
        boolean windowed = canIncremental && inc.window() != null;
        List<String> early = new ArrayList<>();
        Instant since = null;
        if (stream) {
            // read by position: each run goes on after the last committed record; --since and the
            // start parameter only shape a first (or --full) read
            since = request.full() || fullKey == null ? request.since() : null;
        } else if (request.since() != null && canIncremental) {
            since = request.since();
        } else if (request.since() != null) {
            early.add(d.qualifiedName() + " has no incremental read: --since ignored, read in full");
        } else if (!request.full() && fullKey == null && canIncremental && checkpoint != null) {
            since = checkpoint.toInstant();
        }
        boolean incremental = since != null && !stream;
        PageToken resumeAt = incremental || fullKey == null || stream && request.full() ? null : token(fullKey);
        if (resumeAt != null) {
            early.add((stream ? "went on after the last committed record, at " : "resumed the full read at ") + resumeAt);
        }
        String mode = incremental || stream && resumeAt != null ? "incremental" : "full";
        Instant runStart = Instant.now();
        Instant ceiling = runStart.minus(canIncremental ? inc.lookback() : java.time.Duration.ZERO);
        Instant from = since;
        if (!sorted && incremental) {
            early.add("the API does not sort by change time: the checkpoint moves once the run has read to its end");
        }
        long limit = request.limitFor(d.object(), resource.testModeLimit());
        // in test mode, a child object reads the children of the parent's capped records only
        long parentCap = parent == null || request.testMode() == null ? 0
                : request.testMode().limit(resource.parent().object(), parent.testModeLimit());
        if (request.testMode() != null && limit > 0 && limit != request.limit()) {
            early.add("test mode: at most " + limit + " records");
        }
        return runs.execute(d, mode, d.system() + " " + resource.path(), request.dryRun(), request.trigger(), (runId, notes) -> {
            notes.addAll(early);
            LOG.infof("Run %d: %s%s sync of %s from %s%s%s", runId, request.dryRun() ? "dry-run of a " : "", mode,
                    d.qualifiedName(), client.connection().baseUrl(), from != null ? " since " + from : "",
                    limit > 0 ? " (at most " + limit + " records)" : "");
            progress.started(runId, 0, 0);
            HttpRecordSource pages = parent != null
                    ? HttpRecordSource.children(client, resource, parent, resumeAt, from, null).parentLimit(parentCap)
                    : new HttpRecordSource(client, resource, Map.of(), resumeAt, from, null);
            RunCounts totals;
            HttpRecordReader reader = new HttpRecordReader(d, resource, client, pages, limit);
            try (reader) {
                OffsetDateTime keep = checkpoint;
                boolean resumable = pages.resumable();
                BatchOptions options = new BatchOptions(false,
                        records -> checkpoint(d, resource, records, incremental, sorted, resumable, ceiling, keep));
                totals = pipeline.run(runId, d, reader, config.batchSize(), request.dryRun(), progress, options, 0);
            }
            if (reader.windowRestarts() > 0) {
                notes.add("the search reached its " + inc.maxResults() + "-result cap "
                        + reader.windowRestarts() + " times; each time a new query went on from the latest change read");
            }
            if (pages.windowSplits() > 0) {
                notes.add(pages.windowSplits() + " time windows reached the " + inc.window().maxResults()
                        + "-result cap of one query and were read in halves");
            }
            if (reader.limited()) {
                notes.add("stopped at " + (limit == request.limit() ? "--limit " : "the test-mode cap ") + limit
                        + "; the next run goes on from the last committed batch");
                return totals;
            }
            if (resource.deleted() != null) {
                long marked = markDeleted(d, client, resource, runId, request.dryRun());
                if (marked > 0) {
                    notes.add((request.dryRun() ? "saw " : "marked ") + marked + " rows deleted (archived in the source)");
                }
            }
            if (!stream && (!incremental || !sorted) && !request.dryRun()) {
                // a full read, or an unsorted incremental one (its batches kept the old checkpoint), read to its end
                // a windowed read subtracts its look-back when it reads: its checkpoint is the run's start
                OffsetDateTime next = !canIncremental ? null : (windowed ? runStart : ceiling).atOffset(ZoneOffset.UTC);
                retry.onWarehouse("recording the checkpoint of " + d.qualifiedName(), () -> {
                    try (Connection c = SqlFailures.connect(warehouse.dataSource())) {
                        SyncState.save(c, d.system(), stateName(d), next, null, runId, true);
                    }
                    return null;
                });
            }
            return totals;
        });
    }

    /**
     * What commits with a batch: the checkpoint (a full read's page to resume from, or an
     * incremental read's change time), the records' raw versions and their links. Nothing in a dry run.
     */
    private BatchCheckpoint checkpoint(ObjectDefinition d, HttpResource resource, List<SourceRecord> records,
            boolean incremental, boolean sorted, boolean resumable, Instant ceiling, OffsetDateTime previous) {
        ApiBatch writes = ApiBatch.of(records, resource);
        ApiPosition end = writes.last();
        return (Connection c, dev.caravan.warehouse.Batch batch) -> {
            if (batch.dryRun() || end == null) {
                return;
            }
            writes.write(c, store, d, resource, batch.runId());
            if (incremental) {
                if (sorted && end.maxChanged() != null) {
                    Instant at = end.maxChanged().isBefore(ceiling) ? end.maxChanged() : ceiling;
                    SyncState.save(c, d.system(), stateName(d), at.atOffset(ZoneOffset.UTC), null, batch.runId(), false);
                }
            } else {
                // a position that will not work later is not stored: a killed full read starts over
                SyncState.save(c, d.system(), stateName(d), previous, FULL_PREFIX + json(resumable ? end.resume() : null),
                        batch.runId(), false);
            }
        };
    }

    /** Reads the records the source deleted and marks their rows, page by page. */
    private long markDeleted(ObjectDefinition d, ApiClient client, HttpResource resource, long runId, boolean dryRun) {
        HttpResource.Deleted deleted = resource.deleted();
        HttpRecordSource pages = HttpRecordSource.full(client, deleted.request());
        String keyColumn = d.key().get(0);
        long marked = 0;
        while (pages.hasNext()) {
            HttpPage page = pages.next();
            List<ApiRecordStore.Raw> gone = new ArrayList<>();
            for (JsonNode r : page.records()) {
                JsonNode id = r.at(deleted.request().id());
                if (id.isValueNode() && !id.isNull()) {
                    Instant at = deleted.field() == null ? null : HttpRecordSource.parseTime(r.at(deleted.field()));
                    gone.add(new ApiRecordStore.Raw(id.asText(), at, null));
                }
            }
            if (dryRun) {
                marked += gone.size();
                continue;
            }
            marked += retry.onWarehouse("marking deleted rows of " + d.qualifiedName(), () -> {
                try (Connection c = SqlFailures.connect(warehouse.dataSource())) {
                    return store.markDeleted(c, d.table(), keyColumn, gone);
                }
            });
        }
        LOG.debugf("Run %d: %d rows of %s marked deleted", runId, marked, d.qualifiedName());
        return marked;
    }

    /**
     * The object's name in caravan_sync_state: its own, or {@code OBJECT@api} when the object is also
     * read from a source database (Genius), whose watermark is of another kind.
     */
    static String stateName(ObjectDefinition d) {
        return d.sync() != null ? d.object() + "@api" : d.object();
    }

    /** The token as JSON; one too long for the checkpoint column is dropped (a resume then starts over, losing nothing). */
    private static String json(PageToken token) {
        try {
            String text = JSON.writeValueAsString(token == null ? Map.of() : token.values());
            if (text.length() > 1000) {
                LOG.warnf("A page token of %d characters is too long to checkpoint; a resumed full read starts over", text.length());
                return "{}";
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The page token in a full read's checkpoint key; an empty one means the first page. */
    static PageToken token(String key) {
        try {
            Map<String, String> values = JSON.readValue(key.substring(FULL_PREFIX.length()), new TypeReference<>() { });
            return values.isEmpty() ? null : new PageToken(values);
        } catch (IOException e) {
            LOG.warnf("Unreadable full-read checkpoint '%s': the full read starts again from the first page", key);
            return null;
        }
    }
}
