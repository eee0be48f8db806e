package dev.caravan.status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * What waits or failed, read from the warehouse: webhook events not yet processed and failed ones
 * (the webhooks' dead letter) per receiver, rows held for a missing parent per object, dead letters
 * not resolved, runs in progress and open alert conditions.
 */
public record Backlog(Map<String, Long> webhookWaiting, Map<String, Long> webhookFailed, Map<String, Long> heldRows,
        long deadLetters, OffsetDateTime newestDeadLetter, long runningRuns, long openAlerts) {

    public static Backlog read(Connection c) throws SQLException {
        Map<String, Long> waiting = new TreeMap<>();
        Map<String, Long> failed = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT system, status, COUNT(*) FROM caravan_webhook_event"
                + " WHERE status IN ('pending', 'processing', 'failed') GROUP BY system, status");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                (("failed".equals(rs.getString(2))) ? failed : waiting).merge(rs.getString(1), rs.getLong(3), Long::sum);
            }
        }
        Map<String, Long> held = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT source, object, COUNT(*) FROM caravan_held_row GROUP BY source, object");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                held.put(rs.getString(1) + "." + rs.getString(2), rs.getLong(3));
            }
        }
        long deadLetters;
        OffsetDateTime newest;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), MAX(created_at) FROM caravan_dead_letter WHERE resolved_at IS NULL");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            deadLetters = rs.getLong(1);
            newest = rs.getObject(2, OffsetDateTime.class);
        }
        return new Backlog(waiting, failed, held, deadLetters, newest, count(c, "SELECT COUNT(*) FROM caravan_run WHERE status = 'running'"),
                count(c, "SELECT COUNT(*) FROM caravan_alert WHERE cleared_at IS NULL"));
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
