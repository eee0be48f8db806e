package dev.caravan.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.config.CaravanConfig;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Alert conditions and their de-duplication. A condition ("run_failed:crm.contacts") is raised when
 * it happens and cleared when it no longer holds; only the transitions send a message: one alert
 * when it opens, one recovery when it clears, nothing while it stays open. The state lives in
 * caravan_alert (its primary key makes each transition happen once across replicas and restarts);
 * the messages go through the outbox caravan_alert_delivery ({@link AlertDelivery}). Nothing here
 * ever throws: an alert that cannot be recorded is logged.
 */
@ApplicationScoped
public class Alerts {

    private static final Logger LOG = Logger.getLogger(Alerts.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Warehouse warehouse;
    private final AlertDelivery delivery;
    private final CaravanConfig config;

    @Inject
    public Alerts(Warehouse warehouse, AlertDelivery delivery, CaravanConfig config) {
        this.warehouse = warehouse;
        this.delivery = delivery;
        this.config = config;
    }

    /** A mistyped receiver or format stops the start (the message never shows the URL, a secret). */
    void onStart(@Observes StartupEvent event) {
        check(config.alerts().format(), config.alerts().webhookUrl().orElse(null));
    }

    static void check(String format, String url) {
        if (!"slack".equals(format) && !"json".equals(format)) {
            throw new IllegalStateException("CARAVAN_ALERT_FORMAT must be slack or json, got '"
                    + AlertText.clean(format == null ? "" : format) + "'");
        }
        if (url == null || url.isBlank()) {
            return;
        }
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("CARAVAN_ALERT_WEBHOOK_URL is not a URL (its value is not shown: it is a secret)");
        }
        if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalStateException("CARAVAN_ALERT_WEBHOOK_URL must be an http:// or https:// URL with a host"
                    + " (its value is not shown: it is a secret)");
        }
    }

    /** An open alert condition. */
    public record OpenAlert(String condition, String kind, String system, String object, String message, Long runId,
            Instant openedAt, Instant lastSeenAt, long timesSeen) {
    }

    /**
     * The condition holds: opens it (and sends an alert) unless it is already open.
     *
     * @param kind run_failed, check_failed, empty_extraction, source_unreachable or slow_run
     */
    public void raise(String condition, String kind, String system, String object, Long runId, String message) {
        String text = AlertText.clean(message);
        Long sent = null;
        try (Connection c = warehouse.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                if (update(c, "UPDATE caravan_alert SET last_seen_at = CURRENT_TIMESTAMP, times_seen = times_seen + 1"
                        + " WHERE condition_key = ? AND cleared_at IS NULL", condition) == 1) {
                    c.commit(); // already open: nothing to send
                    return;
                }
                boolean opened;
                try (PreparedStatement ps = c.prepareStatement("UPDATE caravan_alert SET cleared_at = NULL, opened_at = CURRENT_TIMESTAMP,"
                        + " last_seen_at = CURRENT_TIMESTAMP, times_seen = 1, kind = ?, message = ?, run_id = ?"
                        + " WHERE condition_key = ? AND cleared_at IS NOT NULL")) {
                    ps.setString(1, kind);
                    ps.setString(2, text);
                    setLong(ps, 3, runId);
                    ps.setString(4, condition);
                    opened = ps.executeUpdate() == 1;
                }
                if (!opened) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO caravan_alert (condition_key, kind, system, object,"
                            + " message, run_id) VALUES (?, ?, ?, ?, ?, ?)")) {
                        ps.setString(1, condition);
                        ps.setString(2, kind);
                        ps.setString(3, system);
                        ps.setString(4, object);
                        ps.setString(5, text);
                        setLong(ps, 6, runId);
                        ps.executeUpdate();
                    }
                }
                LOG.warnf("ALERT %s: %s", condition, text);
                sent = enqueue(c, condition, "alert", kind, system, object, runId, text);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if ("23505".equals(e.getSQLState())) {
                    return; // another process opened it at the same moment, and sends its alert
                }
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.errorf("Alert %s could not be recorded: %s (%s)", condition, AlertText.firstLine(e), text);
            return;
        }
        if (sent != null) {
            delivery.deliver(sent);
        }
    }

    /** The condition no longer holds: clears it, and sends a recovery message, if it was open. */
    public void clear(String condition, String message) {
        String text = AlertText.clean(message);
        Long sent = null;
        try (Connection c = warehouse.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                String[] row = openRow(c, condition);
                if (row == null || update(c, "UPDATE caravan_alert SET cleared_at = CURRENT_TIMESTAMP WHERE condition_key = ?"
                        + " AND cleared_at IS NULL", condition) != 1) {
                    c.commit();
                    return;
                }
                LOG.infof("RECOVERED %s: %s", condition, text);
                sent = enqueue(c, condition, "recovery", row[0], row[1], row[2], null, text);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.errorf("Alert %s could not be cleared: %s", condition, AlertText.firstLine(e));
            return;
        }
        if (sent != null) {
            delivery.deliver(sent);
        }
    }

    /** Open conditions, oldest first. */
    public List<OpenAlert> open() throws SQLException {
        List<OpenAlert> out = new ArrayList<>();
        try (Connection c = warehouse.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT condition_key, kind, system, object, message, run_id, opened_at, last_seen_at,"
                        + " times_seen FROM caravan_alert WHERE cleared_at IS NULL ORDER BY opened_at, condition_key")) {
            while (rs.next()) {
                long run = rs.getLong(6);
                out.add(new OpenAlert(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.wasNull() ? null : run, rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(), rs.getLong(9)));
            }
        }
        return out;
    }

    private static String[] openRow(Connection c, String condition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, system, object FROM caravan_alert WHERE condition_key = ?"
                + " AND cleared_at IS NULL")) {
            ps.setString(1, condition);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), rs.getString(2), rs.getString(3)} : null;
            }
        }
    }

    /** Adds the message to the outbox when a receiver is configured; returns its id, or null. */
    private Long enqueue(Connection c, String condition, String event, String kind, String system, String object, Long runId,
            String text) throws SQLException {
        if (config.alerts().webhookUrl().filter(u -> !u.isBlank()).isEmpty()) {
            return null;
        }
        String prefix = event.equals("alert") ? ":rotating_light: Caravan alert: " : ":white_check_mark: Caravan recovered: ";
        ObjectNode body = JSON.createObjectNode().put("text", prefix + text);
        if ("json".equals(config.alerts().format())) {
            body.put("event", event).put("condition", condition).put("kind", kind).put("system", system).put("object", object)
                    .put("at", Instant.now().toString());
            if (runId != null) {
                body.put("run_id", runId);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO caravan_alert_delivery (condition_key, event, body) VALUES (?, ?, ?)",
                new String[] {"id"})) {
            ps.setString(1, condition);
            ps.setString(2, event);
            ps.setString(3, body.toString());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static int update(Connection c, String sql, String condition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, condition);
            return ps.executeUpdate();
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }
}
