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
 * A database sync of one object: its source table is read fully, in key order, or incrementally,
 * from its watermark minus the look-back window, and fed through the pipeline. Rows whose parent
 * has not arrived are held and retried on the next run. The watermark commits with each batch; a
 * full sync marks rows that left the source as deleted.
 */
@ApplicationScoped
class DatabaseSync {

    private static final Logger LOG = Logger.getLogger(DatabaseSync.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SourceConnections sources;
    private final Pipeline pipeline;
    private final Warehouse warehouse;
    private final CaravanConfig config;
    private final SyncRuns runs;
    private final RetryPolicy retry;
    private final DeletedRowSweep sweep;

    @Inject
    DatabaseSync(SourceConnections sources, Pipeline pipeline, Warehouse warehouse, CaravanConfig config, SyncRuns runs,
            RetryPolicy retry) {
        this.sources = sources;
        this.pipeline = pipeline;
        this.warehouse = warehouse;
        this.config = config;
        this.runs = runs;
        this.retry = retry;
        this.sweep = new DeletedRowSweep(warehouse, retry);
    }

    RunSummary sync(ObjectDefinition d, boolean forceFull, boolean dryRun, String trigger, ImportProgress progress) {
        String source = d.sync().source();
        DataSource ds = sources.get(source);
        ZoneId zone = sources.timeZone(source).orElse(d.timeZone() != null ? ZoneId.of(d.timeZone()) : ZoneOffset.UTC);
        var watermark = SyncState.load(warehouse, d.system(), d.object());
        boolean incremental = !forceFull && watermark.isPresent() && d.sync().changedAt() != null;
        String mode = incremental ? "incremental" : "full";
        String table = source + "." + d.sync().table();
        return runs.execute(d, mode, table, dryRun, trigger, (runId, notes) -> {
            LOG.infof("Run %d: %s%s sync of %s from %s%s", runId, dryRun ? "dry-run of a " : "", mode, d.qualifiedName(),
                    table, incremental ? " since " + watermark.get().at() : "");
            progress.started(runId, 0, 0);
            DatabaseRecordReader.Dialect dialect = new DatabaseRecordReader.Dialect(
                    "mariadb".equals(sources.settings(source).kind()) ? '`' : '"',
                    sources.settings(source).schema().orElse(null));
            if (!incremental) {
                sweep.clearSeenOfFinishedRuns();
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
            List<SourceRecord> heldRows = HeldRows.load(warehouse, d);
            if (!heldRows.isEmpty()) {
                notes.add(heldRows.size() + " held rows retried");
            }
            // Deleted rows can only be among rows already stored: a first load skips the bookkeeping.
            boolean trackSeen = !incremental && sweep.hasLiveRows(d);
            RunCounts totals;
            try (RecordReader reader = new HeldRows.ThenReader(heldRows, new DatabaseRecordReader(ds, d, dialect, incremental,
                    startAt, config.sync().pageSize(), sources.timeZone(source).orElse(null), retry))) {
                BatchOptions options = new BatchOptions(true, records -> checkpoint(d, records, incremental, trackSeen, zone));
                totals = pipeline.run(runId, d, reader, config.batchSize(), dryRun, progress, options, 0);
            }
            if (!incremental) {
                long deleted = sweep.finishFull(d, runId, dryRun, toUtc(startMark, zone), trackSeen);
                if (deleted > 0) {
                    notes.add((dryRun ? "would mark " : "marked ") + deleted + " rows deleted (gone from the source)");
                }
            }
            return totals;
        });
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
                sweep.recordSeen(c, batch.runId(), seen);
            }
        };
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

}
