package dev.caravan.webhook;

import dev.caravan.warehouse.RunLog;
import dev.caravan.warehouse.SqlFailures;
import dev.caravan.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The stored events as a work queue. A processor claims due events in arrival order under a lease
 * ({@code FOR UPDATE SKIP LOCKED}, so replicas never claim the same event); the claim's token fences
 * everything after it: an event is marked processed (in the transaction that wrote its rows) or
 * retried only while the claim that took it still holds it. A claimant that died leaves its events
 * to be claimed again once the lease ends.
 */
@ApplicationScoped
public class EventQueue {

    /** A claim: its token (written to claimed_by) and the events it holds. */
    public record Claim(String token, List<StoredEvent> events) {
    }

    /** An event's row as listed by the CLI and REST (no payload). */
    public record Listed(long id, String system, String eventId, String objectType, String objectId, String status,
            int attempts, OffsetDateTime receivedAt, OffsetDateTime processedAt, OffsetDateTime nextAttemptAt, String error,
            Long runId) {
    }

    private static final int MAX_ERROR = 2000;
    public static final java.util.Set<String> STATUSES = java.util.Set.of("pending", "processing", "processed", "failed");

    /** What is wrong with a listing's filters (a status, a receiver name), or null. */
    public static String filterProblem(String status, String system) {
        if (status != null && !STATUSES.contains(status)) {
            return "status must be one of pending, processing, processed, failed";
        }
        if (system != null && !system.matches("[a-z][a-z0-9_]{0,63}")) {
            return "system must be a lower-case name";
        }
        return null;
    }
    private final Warehouse warehouse;
    private final String self = RunLog.host();

    @Inject
    public EventQueue(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** Claims up to {@code n} due events (pending and due, or claimed under an expired lease). */
    public Claim claim(int n, Duration lease) throws SQLException {
        String token = self + ":" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = SqlFailures.connect(warehouse.dataSource())) {
            c.setAutoCommit(false);
            try {
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(warehouse.dialect().claimWebhookEvents())) {
                    ps.setObject(1, now, Types.TIMESTAMP_WITH_TIMEZONE);
                    ps.setObject(2, now, Types.TIMESTAMP_WITH_TIMEZONE);
                    ps.setInt(3, n);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                        }
                    }
                }
                if (ids.isEmpty()) {
                    c.commit();
                    return new Claim(token, List.of());
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE caravan_webhook_event SET status = 'processing',"
                        + " claimed_by = ?, claim_until = ?, attempts = attempts + 1 WHERE id IN (" + marks(ids.size()) + ")")) {
                    ps.setString(1, token);
                    ps.setObject(2, now.plus(lease), Types.TIMESTAMP_WITH_TIMEZONE);
                    bind(ps, 3, ids);
                    ps.executeUpdate();
                }
                List<StoredEvent> events = new ArrayList<>(ids.size());
                try (PreparedStatement ps = c.prepareStatement("SELECT id, system, event_id, object_type, object_id, payload,"
                        + " attempts FROM caravan_webhook_event WHERE id IN (" + marks(ids.size()) + ") ORDER BY id")) {
                    bind(ps, 1, ids);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            events.add(new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getString(6), rs.getInt(7)));
                        }
                    }
                }
                c.commit();
                return new Claim(token, events);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Marks events processed in the caller's transaction (the one that wrote their rows), if the claim
     * still holds them. Returns how many it marked: fewer than asked means the lease ran out and
     * another processor has them, so the caller must roll back.
     */
    public int markProcessed(Connection c, Collection<Long> ids, String token, Long runId) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE caravan_webhook_event SET status = 'processed', processed_at = ?,"
                + " error = NULL, run_id = ?, claimed_by = NULL, claim_until = NULL WHERE claimed_by = ? AND status = 'processing'"
                + " AND id IN (" + marks(ids.size()) + ")")) {
            ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
            if (runId == null) {
                ps.setNull(2, Types.BIGINT);
            } else {
                ps.setLong(2, runId);
            }
            ps.setString(3, token);
            bind(ps, 4, new ArrayList<>(ids));
            return ps.executeUpdate();
        }
    }

    /** Marks events processed in a transaction of their own (events that wrote nothing, or were written already). */
    public int markProcessed(Collection<Long> ids, String token, Long runId) throws SQLException {
        try (Connection c = SqlFailures.connect(warehouse.dataSource())) {
            return markProcessed(c, ids, token, runId);
        }
    }

    /**
     * A failed attempt: each event goes back to pending with an exponential back-off, or, once its
     * attempts are spent, to failed (the webhooks' dead letter) with the reason.
     */
    public int failed(Collection<StoredEvent> events, String token, String error, WebhookDefinition.Retry retry)
            throws SQLException {
        String reason = error == null ? "failed" : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int n = 0;
        try (Connection c = SqlFailures.connect(warehouse.dataSource());
                PreparedStatement ps = c.prepareStatement("UPDATE caravan_webhook_event SET status = ?, error = ?,"
                        + " next_attempt_at = ?, claimed_by = NULL, claim_until = NULL WHERE id = ? AND claimed_by = ?")) {
            for (StoredEvent e : events) {
                boolean spent = e.attempts() >= retry.maxAttempts();
                ps.setString(1, spent ? "failed" : "pending");
                ps.setString(2, reason);
                ps.setObject(3, now.plus(backOff(e.attempts(), retry.firstDelay(), retry.maxDelay())), Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setLong(4, e.id());
                ps.setString(5, token);
                n += ps.executeUpdate();
            }
        }
        return n;
    }

    /** Extends the lease of a claim still being worked on (the processor beats while its strategy runs). */
    public int renew(String token, Duration lease) throws SQLException {
        try (Connection c = SqlFailures.connect(warehouse.dataSource());
                PreparedStatement ps = c.prepareStatement("UPDATE caravan_webhook_event SET claim_until = ?"
                        + " WHERE claimed_by = ? AND status = 'processing'")) {
            ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).plus(lease), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setString(2, token);
            return ps.executeUpdate();
        }
    }

    /** Gives events back unprocessed without counting the attempt (this process is shutting down). */
    public int release(String token) throws SQLException {
        try (Connection c = SqlFailures.connect(warehouse.dataSource());
                PreparedStatement ps = c.prepareStatement("UPDATE caravan_webhook_event SET status = 'pending',"
                        + " attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, claimed_by = NULL, claim_until = NULL"
                        + " WHERE claimed_by = ? AND status = 'processing'")) {
            ps.setString(1, token);
            return ps.executeUpdate();
        }
    }

    /** first × 2^(attempts−1), at most max. */
    static Duration backOff(int attempts, Duration first, Duration max) {
        long factor = 1L << Math.min(20, Math.max(0, attempts - 1));
        Duration d = first.multipliedBy(factor);
        return d.compareTo(max) > 0 ? max : d;
    }

    /** Puts failed events (or one event, whatever its status) back to pending with fresh attempts. Returns how many. */
    public int replay(Long id, String system) throws SQLException {
        String where = id != null ? "id = ? AND status IN ('failed', 'processed')" : "status = 'failed'"
                + (system != null ? " AND system = ?" : "");
        try (Connection c = SqlFailures.connect(warehouse.dataSource());
                PreparedStatement ps = c.prepareStatement("UPDATE caravan_webhook_event SET status = 'pending', attempts = 0,"
                        + " next_attempt_at = ?, error = NULL, claimed_by = NULL, claim_until = NULL WHERE " + where)) {
            ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
            if (id != null) {
                ps.setLong(2, id);
            } else if (system != null) {
                ps.setString(2, system);
            }
            return ps.executeUpdate();
        }
    }

    /** Events newest first, optionally of one status and system. */
    public List<Listed> list(String status, String system, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT id, system, event_id, object_type, object_id, status, attempts, received_at,"
                + " processed_at, next_attempt_at, error, run_id FROM caravan_webhook_event WHERE 1 = 1");
        List<String> params = new ArrayList<>();
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status);
        }
        if (system != null) {
            sql.append(" AND system = ?");
            params.add(system);
        }
        sql.append(" ORDER BY id DESC FETCH FIRST ").append(Math.max(1, Math.min(limit, 10_000))).append(" ROWS ONLY");
        List<Listed> out = new ArrayList<>();
        try (Connection c = SqlFailures.connect(warehouse.dataSource()); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long run = rs.getLong(12);
                    out.add(new Listed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getInt(7), rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class),
                            rs.getObject(10, OffsetDateTime.class), rs.getString(11), rs.wasNull() ? null : run));
                }
            }
        }
        return out;
    }

    /** Events not yet processed (pending or being processed) per system. */
    public java.util.Map<String, Long> backlog() throws SQLException {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (Connection c = SqlFailures.connect(warehouse.dataSource());
                PreparedStatement ps = c.prepareStatement("SELECT system, COUNT(*) FROM caravan_webhook_event"
                        + " WHERE status IN ('pending', 'processing') GROUP BY system");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static void bind(PreparedStatement ps, int from, List<Long> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            ps.setLong(from + i, ids.get(i));
        }
    }
}
