package dev.caravan.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

/**
 * What an API sync writes besides the object's rows, in the batch's own transaction: the raw
 * (bronze) layer, the records' links, and deletion marks.
 */
public final class ApiRecordStore {

    /** One fetched record as it came, for the raw layer. */
    public record Raw(String id, Instant updatedAt, String payload) {
    }

    /** A record's links to one target type, replacing what was stored for it. */
    public record Links(String fromId, String toType, List<Link> links) {
    }

    public record Link(String toId, int typeId, String label, String category) {
    }

    private final SqlDialect dialect;

    public ApiRecordStore(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** Keeps each record's version unless it is already kept; a record without a change time is kept as of now. */
    public void keepRaw(Connection c, String system, String object, Collection<Raw> records, long runId) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement(dialect.keepRawRecord())) {
            for (Raw r : records) {
                ps.setString(1, system);
                ps.setString(2, object);
                ps.setString(3, r.id());
                ps.setObject(4, r.updatedAt() == null ? now : r.updatedAt().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setLong(5, runId);
                ps.setString(6, r.payload());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Replaces the stored links of each (record, target type) with the ones just read. */
    public void replaceLinks(Connection c, String table, String fromType, Collection<Links> all, long runId) throws SQLException {
        if (all.isEmpty()) {
            return;
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table + " WHERE from_type = ? AND from_id = ? AND to_type = ?");
                PreparedStatement ins = c.prepareStatement("INSERT INTO " + table + " (from_type, from_id, to_type, to_id,"
                        + " association_type_id, label, category, last_run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Links l : all) {
                del.setString(1, fromType);
                del.setString(2, l.fromId());
                del.setString(3, l.toType());
                del.addBatch();
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (Link link : l.links()) {
                    if (!seen.add(link.toId() + "/" + link.typeId())) {
                        continue; // the same link twice in one answer: stored once
                    }
                    ins.setString(1, fromType);
                    ins.setString(2, l.fromId());
                    ins.setString(3, l.toType());
                    ins.setString(4, link.toId());
                    ins.setInt(5, link.typeId());
                    ins.setString(6, link.label());
                    ins.setString(7, link.category());
                    ins.setLong(8, runId);
                    ins.addBatch();
                }
            }
            del.executeBatch();
            ins.executeBatch();
        }
    }

    /**
     * Marks rows deleted in the source (never removes them); rows already marked keep their first
     * mark. Returns the rows marked now.
     */
    public int markDeleted(Connection c, String table, String keyColumn, Collection<Raw> deleted) throws SQLException {
        if (deleted.isEmpty()) {
            return 0;
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET deleted_at = ? WHERE " + keyColumn
                + " = ? AND deleted_at IS NULL")) {
            for (Raw r : deleted) {
                ps.setObject(1, r.updatedAt() == null ? now : r.updatedAt().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setString(2, r.id());
                ps.addBatch();
            }
            int n = 0;
            for (int k : ps.executeBatch()) {
                n += Math.max(k, 0);
            }
            return n;
        }
    }
}
