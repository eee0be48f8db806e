package dev.caravan.alert;

import dev.caravan.config.CaravanConfig;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.run.RunFinished;
import dev.caravan.source.SourceUnavailableException;
import dev.caravan.source.http.ApiUnavailableException;
import dev.caravan.warehouse.Warehouse;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The alerts a run's end raises or clears: a failed run, an unreachable source, an extraction that
 * returned nothing where rows were expected (a full sync or a file import that read no row), and a
 * run more than CARAVAN_ALERT_SLOW_FACTOR times slower than the median of its object's last ten
 * completed runs of the same mode (at least three of them, and at least
 * CARAVAN_ALERT_SLOW_MIN_DURATION long). A completed run clears them all. Dry runs raise nothing.
 */
@ApplicationScoped
public class RunAlerts {

    private static final Logger LOG = Logger.getLogger(RunAlerts.class);
    /** After the quality checks, which raise their own. */
    public static final int PRIORITY = 3000;
    private static final int HISTORY = 10;

    private final Alerts alerts;
    private final Warehouse warehouse;
    private final CaravanConfig config;

    @Inject
    public RunAlerts(Alerts alerts, Warehouse warehouse, CaravanConfig config) {
        this.alerts = alerts;
        this.warehouse = warehouse;
        this.config = config;
    }

    void afterRun(@Observes @Priority(PRIORITY) RunFinished run) {
        if (run.dryRun()) {
            return;
        }
        try {
            ObjectDefinition d = run.definition();
            String q = d.qualifiedName();
            if ("failed".equals(run.status())) {
                Throwable unreachable = unreachable(run.cause());
                if (unreachable != null) {
                    alerts.raise("source_unreachable:" + d.system(), "source_unreachable", d.system(), null, run.runId(),
                            "Source " + d.system() + " is unreachable (run " + run.runId() + " of " + q + "): "
                                    + AlertText.firstLine(unreachable));
                }
                alerts.raise("run_failed:" + q, "run_failed", d.system(), d.object(), run.runId(),
                        "Run " + run.runId() + " of " + q + " failed: " + (run.cause() == null ? "see the run log"
                                : AlertText.firstLine(run.cause())));
                return;
            }
            if (!run.completed()) {
                return; // interrupted by a shutdown: the next run goes on
            }
            alerts.clear("run_failed:" + q, q + " runs again: run " + run.runId() + " completed");
            alerts.clear("source_unreachable:" + d.system(), "Source " + d.system() + " is reachable again (run " + run.runId() + ")");
            Finished f = finished(run.runId());
            if (f == null) {
                return;
            }
            emptyExtraction(run, f);
            slowRun(run, f);
        } catch (RuntimeException | SQLException e) {
            LOG.errorf("Run %d: its alerts could not be evaluated: %s", run.runId(), AlertText.firstLine(e));
        }
    }

    private void emptyExtraction(RunFinished run, Finished f) {
        String q = run.definition().qualifiedName();
        boolean expected = f.fileName() != null && f.mode() == null || "full".equals(f.mode());
        if (run.counts().read == 0 && expected && !"webhook".equals(f.trigger())) {
            alerts.raise("empty_extraction:" + q, "empty_extraction", run.definition().system(), run.definition().object(),
                    run.runId(), "Run " + run.runId() + " of " + q + " read no rows (" + (f.mode() == null ? "file " + f.fileName()
                            : f.mode() + " sync") + ")");
        } else if (run.counts().read > 0) {
            alerts.clear("empty_extraction:" + q, q + " has rows again: run " + run.runId() + " read " + run.counts().read);
        }
    }

    private void slowRun(RunFinished run, Finished f) throws SQLException {
        String q = run.definition().qualifiedName();
        List<Duration> previous = previousDurations(run, f.mode());
        if (previous.size() < 3) {
            return;
        }
        List<Duration> sorted = new ArrayList<>(previous);
        sorted.sort(null);
        Duration median = sorted.get(sorted.size() / 2);
        double factor = config.alerts().slowFactor();
        boolean slow = f.duration().compareTo(config.alerts().slowMinDuration()) >= 0
                && f.duration().toMillis() > factor * Math.max(1, median.toMillis());
        if (slow) {
            alerts.raise("slow_run:" + q, "slow_run", run.definition().system(), run.definition().object(), run.runId(),
                    String.format(java.util.Locale.ROOT, "Run %d of %s took %.1f s, %.1f× the median %.1f s of its last %d runs",
                            run.runId(), q, f.duration().toMillis() / 1000.0, f.duration().toMillis() / (double) Math.max(1, median.toMillis()),
                            median.toMillis() / 1000.0, previous.size()));
        } else {
            alerts.clear("slow_run:" + q, String.format(java.util.Locale.ROOT, "%s runs at its usual speed again: run %d took %.1f s",
                    q, run.runId(), f.duration().toMillis() / 1000.0));
        }
    }

    private record Finished(Duration duration, String mode, String fileName, String trigger) {
    }

    private Finished finished(long runId) throws SQLException {
        try (Connection c = warehouse.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT started_at, finished_at, sync_mode, file_name, triggered_by FROM caravan_run WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getTimestamp(2) == null) {
                    return null;
                }
                return new Finished(between(rs.getTimestamp(1), rs.getTimestamp(2)), rs.getString(3), rs.getString(4), rs.getString(5));
            }
        }
    }

    private List<Duration> previousDurations(RunFinished run, String mode) throws SQLException {
        List<Duration> out = new ArrayList<>();
        try (Connection c = warehouse.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT started_at, finished_at FROM caravan_run WHERE source = ? AND object = ? AND status = 'completed'"
                        + " AND dry_run = FALSE AND id < ? AND finished_at IS NOT NULL AND "
                        + (mode == null ? "sync_mode IS NULL" : "sync_mode = ?") + " ORDER BY id DESC LIMIT " + HISTORY)) {
            ps.setString(1, run.definition().system());
            ps.setString(2, run.definition().object());
            ps.setLong(3, run.runId());
            if (mode != null) {
                ps.setString(4, mode);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(between(rs.getTimestamp(1), rs.getTimestamp(2)));
                }
            }
        }
        return out;
    }

    private static Duration between(Timestamp a, Timestamp b) {
        return Duration.between(a.toInstant(), b.toInstant());
    }

    /** The source-side cause of a failure (a source database or an API that cannot be reached), or null. */
    static Throwable unreachable(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SourceUnavailableException || t instanceof ApiUnavailableException) {
                return t;
            }
        }
        return null;
    }
}
