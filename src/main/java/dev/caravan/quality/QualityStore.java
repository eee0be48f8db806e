package dev.caravan.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** caravan_quality_result: results written in one transaction per evaluation; the latest per check read back. */
@ApplicationScoped
public class QualityStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, run_id, system, object, check_name, check_kind, severity, status, observed, threshold,"
            + " sample_keys, message, duration_ms, checked_at";

    private final Warehouse warehouse;

    @Inject
    public QualityStore(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** One result per check, as returned by {@link CheckQueries}; the ids and times are the database's. */
    public void insert(List<QualityResult> results) throws SQLException {
        try (Connection c = warehouse.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO caravan_quality_result (run_id, system, object, check_name,"
                    + " check_kind, severity, status, observed, threshold, sample_keys, message, duration_ms)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (QualityResult r : results) {
                    if (r.runId() == null) {
                        ps.setNull(1, Types.BIGINT);
                    } else {
                        ps.setLong(1, r.runId());
                    }
                    ps.setString(2, r.system());
                    ps.setString(3, r.object());
                    ps.setString(4, r.check());
                    ps.setString(5, r.kind());
                    ps.setString(6, r.severity());
                    ps.setString(7, r.status());
                    if (r.observed() == null || r.observed().isNaN()) {
                        ps.setNull(8, Types.DOUBLE);
                    } else {
                        ps.setDouble(8, r.observed());
                    }
                    ps.setString(9, cap(r.threshold(), 256));
                    ps.setString(10, samples(r.sampleKeys()));
                    ps.setString(11, cap(r.message(), 4000));
                    ps.setLong(12, r.durationMs());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The observed value of the check's previous evaluation that did not end in an error, or null. */
    public Double previousObserved(String system, String object, String check) throws SQLException {
        try (Connection c = warehouse.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT observed FROM caravan_quality_result WHERE system = ? AND object = ? AND check_name = ? AND status <> 'error'"
                        + " ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, system);
            ps.setString(2, object);
            ps.setString(3, check);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                double v = rs.getDouble(1);
                return rs.wasNull() ? null : v;
            }
        }
    }

    /** The latest result of every check, of one system or object when given, ordered by object and check. */
    public List<QualityResult> latest(String system, String object) throws SQLException {
        StringBuilder filter = new StringBuilder();
        List<String> params = new ArrayList<>();
        if (system != null) {
            filter.append(" WHERE system = ?");
            params.add(system);
            if (object != null) {
                filter.append(" AND object = ?");
                params.add(object);
            }
        }
        String sql = "SELECT " + COLUMNS + " FROM caravan_quality_result WHERE id IN (SELECT MAX(id) FROM caravan_quality_result"
                + filter + " GROUP BY system, object, check_name) ORDER BY system, object, check_name";
        return query(sql, params);
    }

    /** The results written for one run's checks. */
    public List<QualityResult> ofRun(long runId) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM caravan_quality_result WHERE run_id = ? ORDER BY id", List.of(runId));
    }

    private List<QualityResult> query(String sql, List<?> params) throws SQLException {
        List<QualityResult> out = new ArrayList<>();
        try (Connection c = warehouse.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long runId = rs.getLong(2);
                    Long run = rs.wasNull() ? null : runId;
                    double observed = rs.getDouble(9);
                    Double obs = rs.wasNull() ? null : observed;
                    out.add(new QualityResult(rs.getLong(1), run, rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getString(8), obs, rs.getString(10), parseSamples(rs.getString(11)), rs.getString(12),
                            rs.getLong(13), rs.getObject(14, java.time.OffsetDateTime.class)));
                }
            }
        }
        return out;
    }

    /** A JSON array of at most 20 keys, each at most 100 characters, within the column's 4000. */
    static String samples(List<String> keys) {
        if (keys == null || keys.isEmpty()) {
            return null;
        }
        List<String> kept = new ArrayList<>();
        int length = 2;
        for (String k : keys) {
            String v = cap(k, 100);
            length += v.length() * 6 + 3; // worst case: every character escaped
            if (length > 4000) {
                break;
            }
            kept.add(v);
        }
        try {
            return JSON.writeValueAsString(kept);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> parseSamples(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private static String cap(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
