package dev.caravan.warehouse;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The run log (caravan_run) and the rejects of each run (caravan_reject). */
@ApplicationScoped
public class RunLog {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RunLog.class);

    static final int MAX_TEXT = 4000;
    static final int MAX_RAW = 64 * 1024;
    private static final String HOST = hostName();

    private static final String COLUMNS = "id, source, object, triggered_by, dry_run, status, file_name, file_checksum,"
            + " file_size, file_encoding, bytes_read, rows_read, rows_inserted, rows_updated, rows_unchanged,"
            + " rows_rejected, batch_size, host, started_at, heartbeat_at, finished_at, message, error, rows_held, sync_mode,"
            + " drift_unknown, drift_unknown_count, drift_missing, drift_missing_count, replay_of";

    private final Warehouse warehouse;
    private final RetryPolicy retry;

    @Inject
    public RunLog(Warehouse warehouse, RetryPolicy retry) {
        this.warehouse = warehouse;
        this.retry = retry;
    }

    /** Opens a run in status running and returns its id. */
    public long start(String source, String object, String trigger, boolean dryRun, String fileName,
            String checksum, Long size, String encoding, int batchSize) {
        String sql = "INSERT INTO caravan_run (source, object, triggered_by, dry_run, status, file_name, file_checksum,"
                + " file_size, file_encoding, batch_size, host) VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)";
        try (Connection c = warehouse.connection();
                PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
            ps.setString(1, source);
            ps.setString(2, object);
            ps.setString(3, trigger);
            ps.setBoolean(4, dryRun);
            ps.setString(5, truncate(fileName, 1024));
            ps.setString(6, checksum);
            if (size == null) {
                ps.setNull(7, Types.BIGINT);
            } else {
                ps.setLong(7, size);
            }
            ps.setString(8, encoding);
            ps.setInt(9, batchSize);
            ps.setString(10, HOST);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw translate("cannot open a run in the run log", e);
        }
    }

    /** Records committed progress; called inside the batch's transaction so counts match the data. */
    public void progress(Connection c, long runId, RunCounts totals, long bytesRead) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE caravan_run SET rows_read = ?, rows_inserted = ?,"
                + " rows_updated = ?, rows_unchanged = ?, rows_rejected = ?, rows_held = ?, bytes_read = ?,"
                + " heartbeat_at = CURRENT_TIMESTAMP WHERE id = ?")) {
            ps.setLong(1, totals.read);
            ps.setLong(2, totals.inserted);
            ps.setLong(3, totals.updated);
            ps.setLong(4, totals.unchanged);
            ps.setLong(5, totals.rejected);
            ps.setLong(6, totals.held);
            ps.setLong(7, bytesRead);
            ps.setLong(8, runId);
            ps.executeUpdate();
        }
    }

    /** Records whether a sync run reads the whole table or the changes since its watermark (retried: idempotent). */
    public void syncMode(long runId, String mode) {
        retry.onWarehouse("recording the sync mode of run " + runId, () -> {
            try (Connection c = SqlFailures.connect(warehouse.dataSource());
                    PreparedStatement ps = c.prepareStatement("UPDATE caravan_run SET sync_mode = ? WHERE id = ?")) {
                ps.setString(1, mode);
                ps.setLong(2, runId);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Closes a run with its final status and totals. Retried while the warehouse fails transiently
     * (it is idempotent), so a run that outlived an outage is not left running.
     */
    public void finish(long runId, String status, RunCounts totals, long bytesRead, String message, String error) {
        retry.onWarehouse("closing run " + runId + " in the run log", () -> {
            try (Connection c = SqlFailures.connect(warehouse.dataSource());
                    PreparedStatement ps = c.prepareStatement("UPDATE caravan_run SET status = ?, rows_read = ?,"
                            + " rows_inserted = ?, rows_updated = ?, rows_unchanged = ?, rows_rejected = ?, rows_held = ?,"
                            + " bytes_read = ?, message = ?, error = ?, finished_at = CURRENT_TIMESTAMP,"
                            + " heartbeat_at = CURRENT_TIMESTAMP WHERE id = ? AND status = 'running'")) {
                ps.setString(1, status);
                ps.setLong(2, totals.read);
                ps.setLong(3, totals.inserted);
                ps.setLong(4, totals.updated);
                ps.setLong(5, totals.unchanged);
                ps.setLong(6, totals.rejected);
                ps.setLong(7, totals.held);
                ps.setLong(8, bytesRead);
                ps.setString(9, truncate(message, MAX_TEXT));
                ps.setString(10, truncate(error, MAX_TEXT));
                ps.setLong(11, runId);
                return warnIfClosed(runId, ps.executeUpdate());
            }
        });
    }

    /**
     * Closes a run that did not complete (failed, interrupted) and returns what it committed. Its
     * counters are left as the batches' transactions wrote them: a batch whose commit went through
     * while its reply was lost is counted although the run never heard of it.
     */
    public RunCounts close(long runId, String status, String message, String error) {
        return retry.onWarehouse("closing run " + runId + " in the run log", () -> {
            try (Connection c = SqlFailures.connect(warehouse.dataSource())) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE caravan_run SET status = ?, message = ?,"
                        + " error = ?, finished_at = CURRENT_TIMESTAMP, heartbeat_at = CURRENT_TIMESTAMP WHERE id = ?"
                        + " AND status = 'running'")) {
                    ps.setString(1, status);
                    ps.setString(2, truncate(message, MAX_TEXT));
                    ps.setString(3, truncate(error, MAX_TEXT));
                    ps.setLong(4, runId);
                    warnIfClosed(runId, ps.executeUpdate());
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT rows_read, rows_inserted, rows_updated,"
                        + " rows_unchanged, rows_rejected, rows_held FROM caravan_run WHERE id = ?")) {
                    ps.setLong(1, runId);
                    try (ResultSet rs = ps.executeQuery()) {
                        RunCounts committed = new RunCounts();
                        if (rs.next()) {
                            committed.read = rs.getLong(1);
                            committed.inserted = rs.getLong(2);
                            committed.updated = rs.getLong(3);
                            committed.unchanged = rs.getLong(4);
                            committed.rejected = rs.getLong(5);
                            committed.held = rs.getLong(6);
                        }
                        return committed;
                    }
                }
            }
        });
    }

    /** A run's end is recorded only while it is running: one a sweep closed as abandoned keeps that verdict. */
    private static int warnIfClosed(long runId, int updated) {
        if (updated == 0) {
            LOG.warnf("Run %d was no longer running (closed as abandoned by a sweep); its end is not recorded over that",
                    runId);
        }
        return updated;
    }

    public Optional<RunRecord> find(long runId) {
        List<RunRecord> runs = query("SELECT " + COLUMNS + " FROM caravan_run WHERE id = ?", runId);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    public List<RunRecord> recent(int limit) {
        return query("SELECT " + COLUMNS + " FROM caravan_run ORDER BY id DESC FETCH FIRST " + Math.max(1, limit)
                + " ROWS ONLY");
    }

    /** The last completed, non-dry run that imported this content, if any. */
    public Optional<RunRecord> completedWithChecksum(String source, String object, String checksum) {
        List<RunRecord> runs = query("SELECT " + COLUMNS + " FROM caravan_run WHERE source = ? AND object = ?"
                + " AND file_checksum = ? AND status = 'completed' AND dry_run = FALSE ORDER BY id DESC"
                + " FETCH FIRST 1 ROWS ONLY", source, object, checksum);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    public List<RejectRecord> rejectsOf(long runId, int limit) {
        List<RejectRecord> out = new ArrayList<>();
        try (Connection c = warehouse.connection();
                PreparedStatement ps = c.prepareStatement("SELECT run_id, line_number, column_name, action, reason,"
                        + " raw_record FROM caravan_reject WHERE run_id = ? ORDER BY line_number, id FETCH FIRST "
                        + Math.max(1, limit) + " ROWS ONLY")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long line = rs.getLong(2);
                    out.add(new RejectRecord(rs.getLong(1), rs.wasNull() ? null : line, rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw translate("cannot read rejects of run " + runId, e);
        }
        return out;
    }

    private List<RunRecord> query(String sql, Object... params) {
        List<RunRecord> out = new ArrayList<>();
        try (Connection c = warehouse.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long size = rs.getLong(9);
                    Long fileSize = rs.wasNull() ? null : size;
                    int batch = rs.getInt(17);
                    Integer batchSize = rs.wasNull() ? null : batch;
                    out.add(new RunRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBoolean(5), rs.getString(6), rs.getString(7), rs.getString(8), fileSize,
                            rs.getString(10), rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14),
                            rs.getLong(15), rs.getLong(16), batchSize, rs.getString(18),
                            rs.getObject(19, OffsetDateTime.class), rs.getObject(20, OffsetDateTime.class),
                            rs.getObject(21, OffsetDateTime.class), rs.getString(22), rs.getString(23), rs.getLong(24),
                            rs.getString(25), dev.caravan.drift.DriftLog.read(rs, 26), replayOf(rs)));
                }
            }
        } catch (SQLException e) {
            throw translate("cannot read the run log", e);
        }
        return out;
    }

    private static Long replayOf(ResultSet rs) throws SQLException {
        long id = rs.getLong(30);
        return rs.wasNull() ? null : id;
    }

    static RuntimeException translate(String what, SQLException e) {
        if (SqlFailures.isTransient(e)) {
            return new WarehouseUnavailableException("warehouse unavailable: " + what + ": " + SqlFailures.summary(e), e);
        }
        return new IllegalStateException(what + ": " + e.getMessage(), e);
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    public static String host() {
        return HOST;
    }

    /** "host:pid" of this process, recorded as the run's owner. */
    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown";
            }
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
