package dev.caravan.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.warehouse.SqlFailures;
import dev.caravan.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Records a run's schema drift in its run-log row (caravan_run.drift_*) and says it in the log, one
 * line per run with drift: INFO when the source only has fields the definition does not know (they
 * land in extra), WARN when known columns were absent. Names only. Never fails the run: a drift that
 * cannot be recorded is logged and dropped.
 */
@ApplicationScoped
public class DriftLog {

    private static final Logger LOG = Logger.getLogger(DriftLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };

    private final Warehouse warehouse;

    @Inject
    public DriftLog(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** Writes and logs the drift of run {@code runId}; any failure is logged, never thrown. */
    public void record(long runId, ObjectDefinition definition, SchemaDrift drift) {
        try {
            Drift d = drift.result();
            write(runId, d);
            if (d.missingCount() > 0) {
                LOG.infof("Run %d: schema drift in %s: %d known column(s) absent from every record: %s; %d source"
                        + " field(s) the definition does not know%s", runId, definition.qualifiedName(), d.missingCount(),
                        d.describeMissing(), d.unknownCount(), d.unknownCount() == 0 ? "" : ": " + d.describeUnknown());
            } else if (d.unknownCount() > 0) {
                LOG.infof("Run %d: schema drift in %s: %d source field(s) the definition does not know (kept in"
                        + " extra): %s", runId, definition.qualifiedName(), d.unknownCount(), d.describeUnknown());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Run %d: its schema drift could not be recorded (the run goes on): %s", runId, e.getMessage());
        }
    }

    private void write(long runId, Drift d) {
        try (Connection c = SqlFailures.connect(warehouse.dataSource());
                PreparedStatement ps = c.prepareStatement("UPDATE caravan_run SET drift_unknown = ?,"
                        + " drift_unknown_count = ?, drift_missing = ?, drift_missing_count = ? WHERE id = ?")) {
            ps.setString(1, JSON.writeValueAsString(d.unknown()));
            ps.setLong(2, d.unknownCount());
            ps.setString(3, JSON.writeValueAsString(d.missing()));
            ps.setLong(4, d.missingCount());
            ps.setLong(5, runId);
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The drift stored in a run-log row, or null when none was recorded. Columns: the four drift_* in order. */
    public static Drift read(ResultSet rs, int firstColumn) throws SQLException {
        long unknownCount = rs.getLong(firstColumn + 1);
        if (rs.wasNull()) {
            return null;
        }
        List<String> unknown = names(rs.getString(firstColumn));
        List<String> missing = names(rs.getString(firstColumn + 2));
        long missingCount = rs.getLong(firstColumn + 3);
        return new Drift(unknown, unknownCount, unknownCount >= unknown.size() + SchemaDrift.MAX_COUNTED, missing,
                missingCount);
    }

    private static List<String> names(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, NAMES);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}
