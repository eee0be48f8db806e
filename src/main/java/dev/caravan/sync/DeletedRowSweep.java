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
 * How a full database sync finds the rows that left the source: the keys it reads are recorded
 * with each batch (caravan_sync_seen, COPY on PostgreSQL), and its end marks every live row whose
 * key was not read {@code deleted_at}, in one transaction with the watermark.
 */
final class DeletedRowSweep {

    private static final Logger LOG = Logger.getLogger(DeletedRowSweep.class);

    private final Warehouse warehouse;
    private final RetryPolicy retry;

    DeletedRowSweep(Warehouse warehouse, RetryPolicy retry) {
        this.warehouse = warehouse;
        this.retry = retry;
    }

    /**
     * The end of a full sync, in one transaction: rows of the object whose key the run did not read
     * are marked deleted (never removed), the run's seen keys are cleared, and the watermark is set to
     * the source's latest change time as it was when the run started.
     */
    long finishFull(ObjectDefinition d, long runId, boolean dryRun, OffsetDateTime startMark, boolean trackSeen) {
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
    void recordSeen(Connection c, long runId, List<String> keys) throws SQLException {
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

    boolean hasLiveRows(ObjectDefinition d) {
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
    void clearSeenOfFinishedRuns() {
        retry.onWarehouse("clearing old sync bookkeeping", () -> {
            try (Connection c = SqlFailures.connect(warehouse.dataSource());
                    PreparedStatement ps = c.prepareStatement("DELETE FROM caravan_sync_seen WHERE run_id IN"
                            + " (SELECT id FROM caravan_run WHERE status <> 'running')")) {
                return ps.executeUpdate();
            }
        });
    }

}
