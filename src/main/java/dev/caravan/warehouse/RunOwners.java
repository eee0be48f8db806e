package dev.caravan.warehouse;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The run log as the run lifecycle sees it: who owns each run still marked running and when it last
 * beat (by the warehouse's clock), the heartbeat itself, and closing a dead owner's run.
 */
@ApplicationScoped
public class RunOwners {

    private final Warehouse warehouse;

    @Inject
    public RunOwners(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** Marks a running run failed with "abandoned: WHY"; false when it was no longer running. */
    static boolean abandon(Connection c, long runId, String why) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE caravan_run SET status = 'failed', finished_at ="
                + " CURRENT_TIMESTAMP, error = ? WHERE id = ? AND status = 'running'")) {
            ps.setString(1, RunLog.truncate("abandoned: " + why, RunLog.MAX_TEXT));
            ps.setLong(2, runId);
            return ps.executeUpdate() == 1;
        }
    }

    /** A run still marked running, its owner ("host:pid"), its last heartbeat and the warehouse's clock now. */
    public record RunningRun(long id, String source, String object, String triggeredBy, String owner,
            OffsetDateTime heartbeat, OffsetDateTime now) {
        /** How long ago, by the warehouse's clock, the run last beat. */
        public java.time.Duration silence() {
            return java.time.Duration.between(heartbeat, now);
        }
    }

    /** Every run still marked running, with the warehouse's current time (one clock for every host). */
    public List<RunningRun> running() {
        List<RunningRun> out = new ArrayList<>();
        try (Connection c = warehouse.connection();
                PreparedStatement ps = c.prepareStatement("SELECT id, source, object, triggered_by, host, heartbeat_at,"
                        + " CURRENT_TIMESTAMP FROM caravan_run WHERE status = 'running' ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new RunningRun(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class)));
            }
        } catch (SQLException e) {
            throw RunLog.translate("cannot list running runs", e);
        }
        return out;
    }

    /** Records that the runs executing in this process are alive (their owner's heartbeat). */
    public void beat(List<Long> runIds) {
        if (runIds.isEmpty()) {
            return;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(runIds.size(), "?"));
        try (Connection c = warehouse.connection();
                PreparedStatement ps = c.prepareStatement("UPDATE caravan_run SET heartbeat_at = CURRENT_TIMESTAMP"
                        + " WHERE status = 'running' AND id IN (" + marks + ")")) {
            for (int i = 0; i < runIds.size(); i++) {
                ps.setLong(i + 1, runIds.get(i));
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw RunLog.translate("cannot record the heartbeat of runs " + runIds, e);
        }
    }

    /**
     * Closes a run whose owner is gone as failed (abandoned) and, when its process died, counts a
     * crash on the file content it held; false when another process closed it first.
     */
    public boolean abandon(long runId, String why, boolean processDied) {
        try (Connection c = warehouse.connection()) {
            boolean closed = abandon(c, runId, why);
            if (closed && processDied) {
                FileLedger.countCrash(c, runId);
            }
            return closed;
        } catch (SQLException e) {
            throw RunLog.translate("cannot mark run " + runId + " abandoned", e);
        }
    }
}
