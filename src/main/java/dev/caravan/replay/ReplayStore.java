package dev.caravan.replay;

import dev.caravan.warehouse.SqlFailures;
import dev.caravan.warehouse.Warehouse;
import dev.caravan.warehouse.WarehouseUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The replay side of caravan_reject and caravan_run: which rejected records of a run can be fed again,
 * pages of them in record order, the marks of records a replay loaded, and the link of a replay run
 * to its original.
 */
@ApplicationScoped
public class ReplayStore {

    /** One stored rejected record: its number in the run, its line there, its fields as JSON. */
    public record Rejected(long recordNo, Long line, String stored) {
    }

    /**
     * What a run's rejects allow: rejected records with a stored form not yet loaded by a replay, those
     * already loaded, and rejected records without a stored form (structural problems, too large, or
     * written before replay existed).
     */
    public record Counts(long replayable, long replayed, long notReplayable) {
    }

    private final Warehouse warehouse;

    @Inject
    public ReplayStore(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public Counts counts(long runId) {
        String sql = "SELECT"
                + " SUM(CASE WHEN replay_record IS NOT NULL AND replayed_in_run IS NULL THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN replay_record IS NOT NULL AND replayed_in_run IS NOT NULL THEN 1 ELSE 0 END),"
                + " COUNT(DISTINCT CASE WHEN replay_record IS NULL AND NOT EXISTS (SELECT 1 FROM caravan_reject s"
                + "   WHERE s.run_id = r.run_id AND s.record_no = r.record_no AND s.replay_record IS NOT NULL)"
                + "   THEN COALESCE(r.record_no, -r.id) END)"
                + " FROM caravan_reject r WHERE r.run_id = ? AND r.action = 'rejected'";
        try (Connection c = warehouse.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        } catch (SQLException e) {
            throw translate("cannot read the rejects of run " + runId, e);
        }
    }

    /** The next page of replayable records of a run, after record number {@code after}, in record order. */
    public List<Rejected> page(long runId, long after, int limit) {
        List<Rejected> out = new ArrayList<>();
        try (Connection c = warehouse.connection();
                PreparedStatement ps = c.prepareStatement("SELECT record_no, line_number, replay_record FROM caravan_reject"
                        + " WHERE run_id = ? AND record_no > ? AND replay_record IS NOT NULL AND replayed_in_run IS NULL"
                        + " ORDER BY record_no FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")) {
            ps.setLong(1, runId);
            ps.setLong(2, after);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long line = rs.getLong(2);
                    out.add(new Rejected(rs.getLong(1), rs.wasNull() ? null : line, rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw translate("cannot read the rejects of run " + runId, e);
        }
        return out;
    }

    /**
     * In a replay batch's transaction: marks the original's rows of each record the replay loaded, that
     * is every fed record the replay run did not reject again (its rejects, written just before in the
     * same transaction, keep the original record numbers).
     */
    public static void markLoaded(Connection c, long originalRunId, long replayRunId, List<Long> recordNos)
            throws SQLException {
        if (recordNos.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE caravan_reject SET replayed_in_run = ?"
                + " WHERE run_id = ? AND record_no = ? AND replayed_in_run IS NULL AND NOT EXISTS"
                + " (SELECT 1 FROM caravan_reject n WHERE n.run_id = ? AND n.record_no = ? AND n.action = 'rejected')")) {
            for (long no : recordNos) {
                ps.setLong(1, replayRunId);
                ps.setLong(2, originalRunId);
                ps.setLong(3, no);
                ps.setLong(4, replayRunId);
                ps.setLong(5, no);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Records in the run log that run {@code runId} replays {@code originalRunId}. */
    public void link(long runId, long originalRunId) {
        try (Connection c = warehouse.connection();
                PreparedStatement ps = c.prepareStatement("UPDATE caravan_run SET replay_of = ? WHERE id = ?")) {
            ps.setLong(1, originalRunId);
            ps.setLong(2, runId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw translate("cannot link run " + runId + " to run " + originalRunId, e);
        }
    }

    /** A replay of the run that is running now, if any. */
    public Optional<Long> running(long originalRunId) {
        try (Connection c = warehouse.connection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM caravan_run WHERE replay_of = ?"
                        + " AND status = 'running' ORDER BY id FETCH FIRST 1 ROWS ONLY")) {
            ps.setLong(1, originalRunId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw translate("cannot read the run log", e);
        }
    }

    private static RuntimeException translate(String what, SQLException e) {
        if (SqlFailures.isTransient(e)) {
            return new WarehouseUnavailableException("warehouse unavailable: " + what + ": " + SqlFailures.summary(e), e);
        }
        return new IllegalStateException(what + ": " + e.getMessage(), e);
    }
}
