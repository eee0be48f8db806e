package dev.caravan.alert;

import dev.caravan.config.CaravanConfig;
import dev.caravan.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Sends the outbox (caravan_alert_delivery) to CARAVAN_ALERT_WEBHOOK_URL: each message is tried once
 * at once by the process that raised it, then by the service's delivery route with back-off
 * (CARAVAN_ALERT_RETRY_DELAY, doubling, at most an hour) until it is delivered or has had
 * CARAVAN_ALERT_MAX_ATTEMPTS. A message is claimed before it is sent (a lease on next_attempt_at),
 * so two replicas do not both send it. The URL is a secret and is never logged.
 */
@ApplicationScoped
public class AlertDelivery {

    private static final Logger LOG = Logger.getLogger(AlertDelivery.class);
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final Warehouse warehouse;
    private final CaravanConfig config;
    private volatile HttpClient client;

    @Inject
    public AlertDelivery(Warehouse warehouse, CaravanConfig config) {
        this.warehouse = warehouse;
        this.config = config;
    }

    /** Tries every due message; returns how many were delivered. */
    public int deliverDue() {
        if (url() == null) {
            return 0;
        }
        List<Long> due = new ArrayList<>();
        try (Connection c = warehouse.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM caravan_alert_delivery WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?"
                        + " ORDER BY id LIMIT 100")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            LOG.warnf("Alert delivery: the outbox cannot be read: %s", AlertText.firstLine(e));
            return 0;
        }
        int delivered = 0;
        for (long id : due) {
            delivered += deliver(id) ? 1 : 0;
        }
        return delivered;
    }

    /** Claims and sends one message; false when it was not delivered now (claimed elsewhere, or the receiver failed). */
    public boolean deliver(long id) {
        String url = url();
        if (url == null) {
            return false;
        }
        try {
            Claimed m = claim(id);
            if (m == null) {
                return false;
            }
            String failure = send(url, m.body());
            record(id, m.attempts() + 1, failure);
            return failure == null;
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Alert delivery %d: %s", id, AlertText.firstLine(e));
            return false;
        }
    }

    private record Claimed(String body, int attempts) {
    }

    private Claimed claim(long id) throws SQLException {
        Instant now = Instant.now();
        try (Connection c = warehouse.dataSource().getConnection()) {
            String body;
            int attempts;
            Timestamp next;
            try (PreparedStatement ps = c.prepareStatement("SELECT body, attempts, next_attempt_at FROM caravan_alert_delivery"
                    + " WHERE id = ? AND delivered_at IS NULL AND failed_at IS NULL")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    body = rs.getString(1);
                    attempts = rs.getInt(2);
                    next = rs.getTimestamp(3);
                }
            }
            if (next.toInstant().isAfter(now)) {
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE caravan_alert_delivery SET next_attempt_at = ?"
                    + " WHERE id = ? AND next_attempt_at = ? AND delivered_at IS NULL AND failed_at IS NULL")) {
                ps.setTimestamp(1, Timestamp.from(now.plus(LEASE)));
                ps.setLong(2, id);
                ps.setTimestamp(3, next);
                return ps.executeUpdate() == 1 ? new Claimed(body, attempts) : null;
            }
        }
    }

    /** POSTs the body; null when the receiver answered 2xx, else what went wrong (no URL in it). */
    private String send(String url, String body) {
        Duration timeout = config.alerts().timeout();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<Void> response = client(timeout).send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status / 100 == 2 ? null : "HTTP " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (java.io.IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + AlertText.firstLine(e).replace(url, "<url>"));
        }
    }

    private void record(long id, int attempts, String failure) throws SQLException {
        try (Connection c = warehouse.dataSource().getConnection()) {
            if (failure == null) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE caravan_alert_delivery SET delivered_at = CURRENT_TIMESTAMP,"
                        + " attempts = ?, last_error = NULL WHERE id = ?")) {
                    ps.setInt(1, attempts);
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
                LOG.debugf("Alert message %d delivered (attempt %d)", id, attempts);
                return;
            }
            boolean last = attempts >= config.alerts().maxAttempts();
            Duration delay = backOff(config.alerts().retryDelay(), attempts);
            try (PreparedStatement ps = c.prepareStatement("UPDATE caravan_alert_delivery SET attempts = ?, last_error = ?,"
                    + " next_attempt_at = ?, failed_at = " + (last ? "CURRENT_TIMESTAMP" : "NULL") + " WHERE id = ?")) {
                ps.setInt(1, attempts);
                ps.setString(2, failure.length() > 1000 ? failure.substring(0, 1000) : failure);
                ps.setTimestamp(3, Timestamp.from(Instant.now().plus(delay)));
                ps.setLong(4, id);
                ps.executeUpdate();
            }
            if (last) {
                LOG.errorf("Alert message %d not delivered after %d attempts (%s); given up", id, attempts, failure);
            } else {
                LOG.warnf("Alert message %d not delivered (%s), attempt %d of %d; next in %s", id, failure, attempts,
                        config.alerts().maxAttempts(), delay);
            }
        }
    }

    /** The delay after the given number of failed attempts: the first delay, doubled each time, at most an hour. */
    static Duration backOff(Duration first, int attempts) {
        Duration d = first;
        for (int i = 1; i < attempts && d.compareTo(Duration.ofHours(1)) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : d;
    }

    private String url() {
        return config.alerts().webhookUrl().map(String::strip).filter(u -> !u.isEmpty()).orElse(null);
    }

    private HttpClient client(Duration timeout) {
        HttpClient c = client;
        if (c == null) {
            c = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
            client = c;
        }
        return c;
    }
}
