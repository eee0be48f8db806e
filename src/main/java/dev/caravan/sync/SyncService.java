package dev.caravan.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.config.CaravanConfig;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.HeaderMapping;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.pipeline.BatchOptions;
import dev.caravan.pipeline.BatchSizeLimit;
import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.Pipeline;
import dev.caravan.pipeline.PipelineFailure;
import dev.caravan.pipeline.RunMetrics;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.pipeline.UnknownObjectException;
import dev.caravan.run.RunInterruptedException;
import dev.caravan.run.RunRegistry;
import dev.caravan.run.RunSweeper;
import dev.caravan.source.RecordReader;
import dev.caravan.source.RowPosition;
import dev.caravan.source.SourceRecord;
import dev.caravan.source.SourceUnavailableException;
import dev.caravan.source.database.DatabaseRecordReader;
import dev.caravan.warehouse.Batch;
import dev.caravan.warehouse.BatchCheckpoint;
import dev.caravan.warehouse.RetryPolicy;
import dev.caravan.warehouse.RunCounts;
import dev.caravan.warehouse.RunLog;
import dev.caravan.warehouse.SqlFailures;
import dev.caravan.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Database syncs: each object with a {@code sync:} block is read from its source table (fully, in
 * key order, or incrementally, from its watermark minus the look-back window) and fed through the
 * same pipeline as files. Objects sync parents first. Rows whose parent has not arrived are held
 * and retried on the next run. The watermark commits with each batch; a full sync marks rows that
 * left the source as deleted. A source never syncs twice at once in this process.
 */
@ApplicationScoped
public class SyncService {

    private static final Logger LOG = Logger.getLogger(SyncService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DefinitionRegistry definitions;
    private final SourceConnections sources;
    private final Pipeline pipeline;
    private final Warehouse warehouse;
    private final RunLog runLog;
    private final CaravanConfig config;
    private final RunMetrics metrics;
    private final RunRegistry registry;
    private final RunSweeper sweeper;
    private final RetryPolicy retry;
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();

    @Inject
    public SyncService(DefinitionRegistry definitions, SourceConnections sources, Pipeline pipeline, Warehouse warehouse,
            RunLog runLog, CaravanConfig config, RunMetrics metrics, RunRegistry registry, RunSweeper sweeper, RetryPolicy retry) {
        this.definitions = definitions;
        this.sources = sources;
        this.pipeline = pipeline;
        this.warehouse = warehouse;
        this.runLog = runLog;
        this.config = config;
        this.metrics = metrics;
        this.registry = registry;
        this.sweeper = sweeper;
        this.retry = retry;
    }

    /** The objects a sync of {@code source} covers: all of them, or the one named (by object or source table). */
    public List<ObjectDefinition> objects(String source, String only) {
        List<ObjectDefinition> all = definitions.syncedFrom(source);
        if (all.isEmpty()) {
            throw new UnknownObjectException("unknown sync source '" + source + "'; sources: " + definitions.all().stream()
                    .filter(d -> d.sync() != null).map(d -> d.sync().source()).distinct().sorted().toList());
        }
        if (only == null) {
            return all;
        }
        List<ObjectDefinition> one = all.stream()
                .filter(d -> d.object().equals(only) || d.sync().table().equalsIgnoreCase(only)).toList();
        if (one.isEmpty()) {
            throw new UnknownObjectException("unknown table '" + only + "' for " + source + "; tables: "
                    + all.stream().map(d -> d.object() + " (" + d.sync().table() + ")").collect(Collectors.joining(", ")));
        }
        return one;
    }

    /**
     * Syncs the source's objects in dependency order. Returns one summary per object; a source
     * already syncing in this process is not started again (one skipped summary, nothing read).
     */
    public List<RunSummary> sync(String source, String only, boolean full, boolean dryRun, String trigger,
            ImportProgress progress) {
        List<ObjectDefinition> objects = objects(source, only);
        sources.settings(source); // not configured → a clear error before anything starts
        for (ObjectDefinition d : objects) { // BATCH_SIZE over the cap → a usage error, nothing started
            BatchSizeLimit.check(config.batchSize(), "BATCH_SIZE", d, config.limits().maxBatchSize());
        }
        ReentrantLock lock = running.computeIfAbsent(source, s -> new ReentrantLock());
        if (!lock.tryLock()) {
            LOG.warnf("Sync of %s not started: a sync of %s is already running", source, source);
            return List.of(RunSummary.skipped(source, dryRun, "a sync of " + source + " is already running"));
        }
        try (ReplicaLock replicas = ReplicaLock.acquire(warehouse, source)) {
            if (!replicas.held()) {
                LOG.warnf("Sync of %s not started: another replica is syncing %s", source, source);
                return List.of(RunSummary.skipped(source, dryRun,
                        "a sync of " + source + " is already running on another replica"));
            }
            List<RunSummary> out = new ArrayList<>();
            for (ObjectDefinition d : objects) {
                RunSummary s = syncObject(d, full, dryRun, trigger, progress);
                out.add(s);
                if (!"completed".equals(s.status())) {
                    break; // children of a failed parent would only be held: stop here, the next run resumes
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    public boolean isRunning(String source) {
        ReentrantLock lock = running.get(source);
        return lock != null && lock.isLocked();
    }

    private RunSummary syncObject(ObjectDefinition d, boolean forceFull, boolean dryRun, String trigger,
            ImportProgress progress) {
        String source = d.sync().source();
        DataSource ds = sources.get(source);
        ZoneId zone = sources.timeZone(source).orElse(d.timeZone() != null ? ZoneId.of(d.timeZone()) : ZoneOffset.UTC);
        var watermark = SyncState.load(warehouse, d.system(), d.object());
        boolean incremental = !forceFull && watermark.isPresent() && d.sync().changedAt() != null;
        String mode = incremental ? "incremental" : "full";
        String table = source + "." + d.sync().table();
        int batchSize = config.batchSize();
        if (registry.stopping()) {
            return RunSummary.skipped(d.qualifiedName(), dryRun, "shutting down: not started");
        }
        sweeper.sweep(); // earlier runs whose process died are closed as abandoned before this one opens
        try (RunRegistry.ActiveRun run = registry.open(() -> runLog.start(d.system(), d.object(), trigger, dryRun, table,
                null, null, null, batchSize), mode + " sync of " + d.qualifiedName())) {
            return syncRun(d, run.runId(), ds, zone, watermark, incremental, mode, table, batchSize, dryRun, progress);
        }
    }

    private RunSummary syncRun(ObjectDefinition d, long runId, DataSource ds, ZoneId zone,
            java.util.Optional<SyncState.Watermark> watermark, boolean incremental, String mode, String table,
            int batchSize, boolean dryRun, ImportProgress progress) {
        String source = d.sync().source();
        runLog.syncMode(runId, mode);
        LOG.infof("Run %d: %s%s sync of %s from %s%s", runId, dryRun ? "dry-run of a " : "", mode, d.qualifiedName(),
                table, incremental ? " since " + watermark.get().at() : "");
        progress.started(runId, 0, 0);
        DatabaseRecordReader.Dialect dialect = new DatabaseRecordReader.Dialect(
                "mariadb".equals(sources.settings(source).kind()) ? '`' : '"',
                sources.settings(source).schema().orElse(null));
        List<String> notes = new ArrayList<>();
        try {
            if (!incremental) {
                clearSeenOfFinishedRuns();
            }
            Object startMark = null;
            if (!incremental && d.sync().changedAt() != null) {
                startMark = maxChanged(ds, dialect, d); // changes after this are the next incremental's
            }
            Object startAt = null;
            if (incremental) {
                OffsetDateTime from = watermark.get().at().minus(config.sync().lookBack());
                startAt = from.atZoneSameInstant(zone).toLocalDateTime();
            }
            List<SourceRecord> heldRows = loadHeld(d);
            if (!heldRows.isEmpty()) {
                notes.add(heldRows.size() + " held rows retried");
            }
            // Deleted rows can only be among rows already stored: a first load skips the bookkeeping.
            boolean trackSeen = !incremental && hasLiveRows(d);
            RunCounts totals;
            try (RecordReader reader = new ConcatReader(heldRows, new DatabaseRecordReader(ds, d, dialect, incremental,
                    startAt, config.sync().pageSize(), sources.timeZone(source).orElse(null), retry))) {
                BatchOptions options = new BatchOptions(true, records -> checkpoint(d, records, incremental, trackSeen, zone));
                totals = pipeline.run(runId, d, reader, batchSize, dryRun, progress, options, 0);
            }
            if (!incremental) {
                long deleted = finishFull(d, runId, dryRun, toUtc(startMark, zone), trackSeen);
                if (deleted > 0) {
                    notes.add((dryRun ? "would mark " : "marked ") + deleted + " rows deleted (gone from the source)");
                }
            }
            String message = notes.isEmpty() ? null : String.join("; ", notes);
            runLog.finish(runId, "completed", totals, 0, message, null);
            metrics.count(d, "completed", totals);
            LOG.infof("Run %d completed: %s %s sync %s%s", runId, d.qualifiedName(), mode, totals,
                    message == null ? "" : " (" + message + ")");
            return RunSummary.ofSync(runId, "completed", dryRun, totals, d.qualifiedName(), mode, message, null);
        } catch (RuntimeException | java.io.IOException | Error e) {
            // Errors too (StackOverflowError, OutOfMemoryError): the run is closed as failed, not left running.
            Throwable cause = e instanceof PipelineFailure pf ? pf.getCause() : e;
            RunCounts committed = e instanceof PipelineFailure pf ? pf.committed() : new RunCounts();
            boolean interrupted = cause instanceof RunInterruptedException;
            String status = interrupted ? "interrupted" : "failed";
            String error = interrupted ? null : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            if (interrupted) {
                notes.add("interrupted (" + cause.getMessage() + ") after " + committed.read
                        + " committed rows; the next run continues from the watermark");
                LOG.warnf("Run %d (%s sync of %s) interrupted after %s", runId, mode, d.qualifiedName(), committed);
            } else {
                LOG.errorf("Run %d (%s sync of %s) failed after %s: %s", runId, mode, d.qualifiedName(), committed, error);
            }
            String message = notes.isEmpty() ? null : String.join("; ", notes);
            try {
                committed = runLog.close(runId, status, message, error); // what its batches committed
            } catch (RuntimeException logFailure) {
                LOG.errorf("Run %d: could not record its end in the run log: %s", runId, logFailure.getMessage());
            }
            metrics.count(d, status, committed);
            return RunSummary.ofSync(runId, status, dryRun, committed, d.qualifiedName(), mode, message, error);
        }
    }

    /**
     * What commits with a batch: for an incremental sync the watermark of its last source row; for
     * a full sync the keys it read (to find deleted rows at the end, also in a dry run, which counts
     * them); and the release of the held rows it retried (a row held again in the same batch keeps
     * its hold). A dry run writes only the seen keys, Caravan's own bookkeeping.
     */
    private BatchCheckpoint checkpoint(ObjectDefinition d, List<SourceRecord> records, boolean incremental,
            boolean trackSeen, ZoneId zone) {
        List<String> retried = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        RowPosition last = null;
        for (SourceRecord r : records) {
            if (r.position() instanceof RowPosition p) {
                if (p.retried()) {
                    retried.add(p.keyText());
                } else {
                    seen.add(p.keyText());
                    last = p;
                }
            }
        }
        RowPosition lastRead = last;
        return (Connection c, Batch batch) -> {
            if (!retried.isEmpty() && !batch.dryRun()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM caravan_held_row WHERE source = ? AND object = ?"
                        + " AND key_text = ? AND last_run_id < ?")) {
                    for (String key : retried) {
                        ps.setString(1, d.system());
                        ps.setString(2, d.object());
                        ps.setString(3, key);
                        ps.setLong(4, batch.runId());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            if (incremental && !batch.dryRun() && lastRead != null && lastRead.changedAt() != null) {
                SyncState.save(c, d.system(), d.object(), toUtc(lastRead.changedAt(), zone), lastRead.keyText(),
                        batch.runId(), false);
            }
            if (trackSeen && !seen.isEmpty()) {
                recordSeen(c, batch.runId(), seen);
            }
        };
    }

    /**
     * The end of a full sync, in one transaction: rows of the object whose key the run did not read
     * are marked deleted (never removed), the run's seen keys are cleared, and the watermark is set to
     * the source's latest change time as it was when the run started.
     */
    private long finishFull(ObjectDefinition d, long runId, boolean dryRun, OffsetDateTime startMark, boolean trackSeen) {
        if (!trackSeen) {
            if (!dryRun) {
                try (Connection c = warehouse.dataSource().getConnection()) {
                    SyncState.save(c, d.system(), d.object(), startMark, null, runId, true);
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot record the watermark of " + d.qualifiedName() + ": " + e.getMessage(), e);
                }
            }
            return 0;
        }
        String keyExpr = d.key().stream().map(k -> "CAST(t." + k + " AS VARCHAR(1024))")
                .collect(Collectors.joining(" || '|' || "));
        String gone = " FROM " + d.table() + " t WHERE t.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM"
                + " caravan_sync_seen s WHERE s.run_id = ? AND s.key_text = " + keyExpr + ")";
        // Deliberately not retried: if the commit went through but its answer was lost, a second try
        // would find the seen keys already cleared and mark every row deleted. A failure here fails
        // the run; the next full sync redoes the sweep.
        try (Connection c = warehouse.dataSource().getConnection()) {
            if (warehouse.vendor() == dev.caravan.warehouse.Vendor.POSTGRESQL) {
                // fresh statistics, or the anti-join below is planned as if the seen keys were few
                try (PreparedStatement ps = c.prepareStatement("ANALYZE caravan_sync_seen")) {
                    ps.execute();
                }
            }
            c.setAutoCommit(false);
            try {
                long n;
                if (dryRun) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + gone)) {
                        ps.setLong(1, runId);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            n = rs.getLong(1);
                        }
                    }
                } else {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE " + d.table() + " SET deleted_at = CURRENT_TIMESTAMP"
                            + " WHERE id IN (SELECT t.id" + gone + ")")) {
                        ps.setLong(1, runId);
                        n = ps.executeUpdate();
                    }
                    SyncState.save(c, d.system(), d.object(), startMark, null, runId, true);
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM caravan_sync_seen WHERE run_id = ?")) {
                    ps.setLong(1, runId);
                    ps.executeUpdate();
                }
                c.commit();
                LOG.debugf("Run %s: full-sync end of %s (%s rows gone from the source)", (Object) runId, d.qualifiedName(), (Object) n);
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot finish the full sync of " + d.qualifiedName() + ": " + e.getMessage(), e);
        }
    }

    /** The keys a full sync read, for finding deleted rows at its end: COPY on PostgreSQL. */
    private void recordSeen(Connection c, long runId, List<String> keys) throws SQLException {
        if (warehouse.vendor() == dev.caravan.warehouse.Vendor.POSTGRESQL) {
            StringBuilder text = new StringBuilder(keys.size() * 16);
            for (String key : keys) {
                text.append(runId).append('\t').append(key.replace("\\", "\\\\").replace("\t", "\\t")
                        .replace("\n", "\\n").replace("\r", "\\r")).append('\n');
            }
            try {
                c.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                        .copyIn("COPY caravan_sync_seen (run_id, key_text) FROM STDIN", new java.io.StringReader(text.toString()));
            } catch (java.io.IOException e) {
                throw new SQLException("COPY of seen keys failed: " + e.getMessage(), "08000", e);
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO caravan_sync_seen (run_id, key_text) VALUES (?, ?)")) {
            for (String key : keys) {
                ps.setLong(1, runId);
                ps.setString(2, key);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private boolean hasLiveRows(ObjectDefinition d) {
        return retry.onWarehouse("reading " + d.table(), () -> {
            try (Connection c = SqlFailures.connect(warehouse.dataSource());
                    PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + d.table() + " WHERE deleted_at IS NULL"
                            + " FETCH FIRST 1 ROWS ONLY");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    /** Seen keys of full syncs that ended without reaching their end (failed runs) are cleared. */
    private void clearSeenOfFinishedRuns() {
        retry.onWarehouse("clearing old sync bookkeeping", () -> {
            try (Connection c = SqlFailures.connect(warehouse.dataSource());
                    PreparedStatement ps = c.prepareStatement("DELETE FROM caravan_sync_seen WHERE run_id IN"
                            + " (SELECT id FROM caravan_run WHERE status <> 'running')")) {
                return ps.executeUpdate();
            }
        });
    }

    /** The source's latest change time, retried like every source read. */
    private Object maxChanged(DataSource ds, DatabaseRecordReader.Dialect dialect, ObjectDefinition d) {
        String sql = "SELECT MAX(" + dialect.name(d.sync().changedAt()) + ") FROM " + dialect.table(d.sync().table());
        String table = d.sync().source() + "." + d.sync().table();
        try {
            return retry.call("reading the latest change time of " + table, () -> {
                try (Connection c = SqlFailures.connect(ds); PreparedStatement ps = c.prepareStatement(sql);
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getObject(1);
                }
            }, (message, cause) -> new SourceUnavailableException("source unavailable: " + message, cause));
        } catch (SQLException e) {
            throw new SourceUnavailableException("cannot read " + table + ": " + SqlFailures.summary(e), e);
        }
    }

    static OffsetDateTime toUtc(Object changed, ZoneId zone) {
        if (changed == null) {
            return null;
        }
        if (changed instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (changed instanceof Timestamp t) {
            changed = t.toLocalDateTime();
        }
        if (changed instanceof LocalDateTime t) {
            return t.atZone(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (changed instanceof java.sql.Date d) {
            return d.toLocalDate().atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (changed instanceof java.time.LocalDate d) {
            return d.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        }
        throw new IllegalStateException("change column value of unsupported type " + changed.getClass().getName());
    }

    /** The rows held by earlier runs, fed again first. */
    private List<SourceRecord> loadHeld(ObjectDefinition d) {
        List<SourceRecord> out = new ArrayList<>();
        Map<List<String>, HeaderMapping> mappings = new LinkedHashMap<>();
        try (Connection c = warehouse.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT key_text, record FROM caravan_held_row WHERE source = ?"
                        + " AND object = ? ORDER BY id")) {
            ps.setString(1, d.system());
            ps.setString(2, d.object());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonNode node = JSON.readTree(rs.getString(2));
                    List<String> headers = new ArrayList<>();
                    List<String> values = new ArrayList<>();
                    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> f = it.next();
                        headers.add(f.getKey());
                        values.add(f.getValue().isNull() ? null : f.getValue().asText());
                    }
                    HeaderMapping mapping = mappings.computeIfAbsent(headers, h -> HeaderMapping.of(d, h));
                    out.add(new SourceRecord(0, mapping, values.toArray(new String[0]), rs.getString(2), ',', null,
                            new RowPosition(rs.getString(1), null, true)));
                }
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot read held rows of " + d.qualifiedName() + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Held rows first, then the source table. */
    private static final class ConcatReader implements RecordReader {
        private final Deque<SourceRecord> first;
        private final RecordReader then;

        ConcatReader(List<SourceRecord> first, RecordReader then) {
            this.first = new ArrayDeque<>(first);
            this.then = then;
        }

        @Override
        public SourceRecord next() throws java.io.IOException {
            return first.isEmpty() ? then.next() : first.poll();
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        public void close() throws java.io.IOException {
            then.close();
        }
    }
}
