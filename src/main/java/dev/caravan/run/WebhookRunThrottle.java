package dev.caravan.run;

import dev.caravan.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What follows a run (a dedup pass, the quality checks) scans the object's whole table. Webhook runs
 * are small and frequent, one per group of events, often seconds apart: after them a step runs on an
 * object at most once per interval in this process. Runs of every other trigger always get it.
 */
@ApplicationScoped
public class WebhookRunThrottle {

    private final Warehouse warehouse;
    private final Map<String, Instant> last = new ConcurrentHashMap<>();

    @Inject
    public WebhookRunThrottle(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** True when {@code step} should skip this run: a webhook run whose object had the step less than {@code interval} ago. */
    public boolean skip(String step, RunFinished run, Duration interval) {
        if (!"webhook".equals(trigger(run.runId()))) {
            return false;
        }
        Instant now = Instant.now();
        boolean[] skipped = {false};
        last.compute(step + ":" + run.definition().qualifiedName(), (k, previous) -> {
            if (previous != null && previous.plus(interval).isAfter(now)) {
                skipped[0] = true;
                return previous;
            }
            return now;
        });
        return skipped[0];
    }

    private String trigger(long runId) {
        try (Connection c = warehouse.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT triggered_by FROM caravan_run WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            return null; // not known: the step runs
        }
    }
}
