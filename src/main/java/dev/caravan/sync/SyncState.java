package dev.caravan.sync;

import dev.caravan.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The watermark of each synced object (caravan_sync_state): the change time and key of the last
 * row committed. It is written in the transaction of the batch it covers, so a crash never skips rows.
 */
final class SyncState {

    /** {@code at} is null only while an API sync's first full read is under way ({@code key} then says where it is). */
    record Watermark(OffsetDateTime at, String key) {
    }

    private SyncState() {
    }

    static Optional<Watermark> load(Warehouse w, String source, String object) {
        try (Connection c = w.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT watermark_at, watermark_key FROM caravan_sync_state"
                        + " WHERE source = ? AND object = ?")) {
            ps.setString(1, source);
            ps.setString(2, object);
            try (ResultSet rs = ps.executeQuery()) {
                // a full API read under way has a resume key and no time yet
                if (!rs.next() || rs.getObject(1) == null && rs.getString(2) == null) {
                    return Optional.empty();
                }
                return Optional.of(new Watermark(rs.getObject(1, OffsetDateTime.class), rs.getString(2)));
            }
        } catch (SQLException e) {
            String what = "cannot read the watermark of " + source + "." + object + ": " + e.getMessage();
            throw dev.caravan.warehouse.SqlFailures.isTransient(e)
                    ? new dev.caravan.warehouse.WarehouseUnavailableException("warehouse unavailable: " + what, e)
                    : new IllegalStateException(what, e);
        }
    }

    /** Sets the watermark (in the caller's transaction); a full run also records itself. */
    static void save(Connection c, String source, String object, OffsetDateTime at, String key, long runId, boolean full)
            throws SQLException {
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE caravan_sync_state SET watermark_at = ?, watermark_key = ?,"
                + " last_run_id = ?" + (full ? ", last_full_run_id = ?" : "") + ", updated_at = CURRENT_TIMESTAMP"
                + " WHERE source = ? AND object = ?")) {
            int p = 1;
            bindTime(ps, p++, at);
            ps.setString(p++, key);
            ps.setLong(p++, runId);
            if (full) {
                ps.setLong(p++, runId);
            }
            ps.setString(p++, source);
            ps.setString(p, object);
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO caravan_sync_state (source, object, watermark_at,"
                    + " watermark_key, last_run_id, last_full_run_id) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, source);
                ps.setString(2, object);
                bindTime(ps, 3, at);
                ps.setString(4, key);
                ps.setLong(5, runId);
                if (full) {
                    ps.setLong(6, runId);
                } else {
                    ps.setNull(6, Types.BIGINT);
                }
                ps.executeUpdate();
            }
        }
    }

    private static void bindTime(PreparedStatement ps, int p, OffsetDateTime at) throws SQLException {
        if (at == null) {
            ps.setNull(p, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(p, at, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }
}
