package dev.caravan.camel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.clean.CleanRow;
import dev.caravan.clean.RejectedRow;
import dev.caravan.warehouse.Batch;
import dev.caravan.warehouse.Vendor;
import dev.caravan.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;
import org.jboss.logging.Logger;

/**
 * Stores a dead letter: the failed message (for a batch, its rows' raw records, enough to replay
 * them; for a dropped file, its path) with the route, endpoint and reason. Header values whose names
 * look like secrets are masked. If the warehouse is down the dead letter is written to the log.
 */
@ApplicationScoped
@Named("deadLetterStore")
public class DeadLetterStore implements Processor {

    private static final Logger LOG = Logger.getLogger(DeadLetterStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1 << 20;

    private final Warehouse warehouse;

    @Inject
    public DeadLetterStore(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown failure" : String.valueOf(cause.getMessage());
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        String endpoint = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);
        Object body = exchange.getIn().getBody();
        String bodyText = null;
        String bodyRef = null;
        if (body instanceof Batch batch) {
            bodyText = rawRecords(batch);
        } else if (body instanceof GenericFile<?> file) {
            bodyRef = file.getAbsoluteFilePath();
        } else if (body != null) {
            bodyText = exchange.getIn().getBody(String.class);
        }
        if (bodyText != null && bodyText.length() > MAX_BODY) {
            bodyText = bodyText.substring(0, MAX_BODY);
        }
        Long runId = exchange.getIn().getHeader(CaravanHeaders.RUN_ID, Long.class);
        String headers = JSON.writeValueAsString(safeHeaders(exchange.getIn().getHeaders()));

        try (Connection c = warehouse.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO caravan_dead_letter (route_id, endpoint,"
                        + " exchange_id, run_id, reason, exception, headers, body, body_ref)"
                        + " VALUES (?, ?, ?, ?, ?, ?, " + (warehouse.vendor() == Vendor.POSTGRESQL ? "CAST(? AS jsonb)" : "?")
                        + ", ?, ?)")) {
            ps.setString(1, routeId);
            ps.setString(2, endpoint);
            ps.setString(3, exchange.getExchangeId());
            if (runId == null) {
                ps.setNull(4, Types.BIGINT);
            } else {
                ps.setLong(4, runId);
            }
            ps.setString(5, reason.length() > 4000 ? reason.substring(0, 4000) : reason);
            ps.setString(6, cause == null ? null : cause.getClass().getName());
            ps.setString(7, headers);
            ps.setString(8, bodyText);
            ps.setString(9, bodyRef);
            ps.executeUpdate();
            LOG.errorf("Dead letter from route %s (run %s): %s", routeId, runId, reason);
        } catch (SQLException e) {
            // Never the raw records themselves in a log line: only where the message was and how big it was.
            LOG.errorf("Dead letter from route %s (run %s) could not be stored (%s): reason %s; message %s",
                    routeId, runId, e.getMessage(), dev.caravan.source.Excerpt.of(reason, 300),
                    bodyRef != null ? bodyRef : bodyText == null ? "(none)" : "(" + bodyText.length() + " characters, not logged)");
        }
    }

    private static String rawRecords(Batch batch) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(batch).append('\n');
        for (CleanRow r : batch.rows()) {
            sb.append(r.line()).append('\t').append(r.raw()).append('\n');
        }
        for (RejectedRow r : batch.rejected()) {
            sb.append(r.line()).append('\t').append(r.raw()).append('\n');
        }
        return sb.toString();
    }

    static Map<String, Object> safeHeaders(Map<String, Object> headers) {
        Map<String, Object> out = new TreeMap<>();
        headers.forEach((k, v) -> {
            String lower = k.toLowerCase(Locale.ROOT);
            boolean secret = lower.contains("authorization") || lower.contains("password") || lower.contains("secret")
                    || lower.contains("token") || lower.contains("apikey") || lower.contains("api-key");
            out.put(k, secret ? "***" : v == null ? null : String.valueOf(v));
        });
        return out;
    }
}
