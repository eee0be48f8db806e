package dev.caravan.status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * Where the syncs of one object stand, read from the warehouse: its watermark (caravan_sync_state),
 * its latest run and latest successful run (caravan_run), and the rows held for a parent
 * (caravan_held_row).
 *
 * @param watermarkRunId the sync run that committed the watermark; {@code lastFullRunId} the last full sync
 * @param lastRunId the newest run of the object in the run log (any trigger), {@code lastRunStatus} its status
 * @param lastSuccessAt when the newest completed (not dry) run of the object finished, whatever started it
 */
public record ObjectState(String object, String table, OffsetDateTime watermark, Long watermarkRunId, Long lastFullRunId,
        Long lastRunId, String lastRunStatus, Long lastSuccessRunId, OffsetDateTime lastSuccessAt, long held) {

    /** The state of {@code system.object}; {@code table} is where it is read from (a source table or an API path). */
    public static ObjectState read(Connection c, String system, String object, String table) throws SQLException {
        OffsetDateTime watermark;
        Long watermarkRun;
        Long lastFull;
        long held;
        try (PreparedStatement ps = c.prepareStatement("SELECT st.watermark_at, st.last_run_id, st.last_full_run_id,"
                + " (SELECT COUNT(*) FROM caravan_held_row h WHERE h.source = ? AND h.object = ?)"
                + " FROM (SELECT 1 AS one) x LEFT JOIN caravan_sync_state st ON st.source = ? AND st.object = ?")) {
            ps.setString(1, system);
            ps.setString(2, object);
            ps.setString(3, system);
            ps.setString(4, object);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                watermark = rs.getObject(1, OffsetDateTime.class);
                watermarkRun = longOrNull(rs, 2);
                lastFull = longOrNull(rs, 3);
                held = rs.getLong(4);
            }
        }
        Long lastRun = null;
        String lastStatus = null;
        Long successRun = null;
        OffsetDateTime successAt = null;
        // newest first along the (source, object, started_at) index, stopping at the first completed run
        try (PreparedStatement ps = c.prepareStatement("SELECT id, status, finished_at, dry_run FROM caravan_run"
                + " WHERE source = ? AND object = ? ORDER BY started_at DESC, id DESC")) {
            ps.setString(1, system);
            ps.setString(2, object);
            ps.setFetchSize(50);
            try (ResultSet rs = ps.executeQuery()) {
                boolean first = true;
                while (rs.next()) {
                    if (first) {
                        lastRun = rs.getLong(1);
                        lastStatus = rs.getString(2);
                        first = false;
                    }
                    if ("completed".equals(rs.getString(2)) && !rs.getBoolean(4)) {
                        successRun = rs.getLong(1);
                        successAt = rs.getObject(3, OffsetDateTime.class);
                        break;
                    }
                }
            }
        }
        return new ObjectState(object, table, watermark, watermarkRun, lastFull, lastRun, lastStatus, successRun, successAt, held);
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
