package dev.caravan.warehouse;

import dev.caravan.config.CaravanConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Which file contents have been imported, kept in the warehouse (caravan_file_ledger) so it survives
 * restarts and is shared by every replica. A run claims (source, object, checksum) before it reads;
 * the primary key makes two replicas that picked up the same content agree on one owner.
 */
@ApplicationScoped
public class FileLedger {

    /** What a claim found. */
    public enum Outcome {
        /** the run may import the content */
        GRANTED,
        /** a completed run imported it already */
        DONE,
        /** a live run (here or on another replica) is importing it now */
        BUSY,
        /** its imports ended with the process dying too often: quarantined */
        QUARANTINED
    }

    /** The outcome of a claim: granted, or the run that already holds the content and why. */
    public record Claim(Outcome outcome, Long heldBy, String reason) {
        static Claim ok() {
            return new Claim(Outcome.GRANTED, null, null);
        }

        public boolean granted() {
            return outcome == Outcome.GRANTED;
        }
    }

    private final Warehouse warehouse;
    private final int maxCrashes;
    private final RetryPolicy retry;

    @Inject
    public FileLedger(Warehouse warehouse, CaravanConfig config, RetryPolicy retry) {
        this.warehouse = warehouse;
        this.maxCrashes = config.runs().maxCrashes();
        this.retry = retry;
    }

    /**
     * What a claim would find now, without claiming: null when the content is free to claim. Lets
     * a drop folder leave a file that another replica is importing without opening a run for it.
     * Runs whose owner died must have been swept first (RunSweeper), so "running" means alive.
     */
    public Claim peek(String source, String object, String checksum) {
        try (Connection c = warehouse.connection()) {
            Holder holder = holder(c, source, object, checksum);
            return holder == null ? null : refusal(c, holder, false);
        } catch (SQLException e) {
            throw RunLog.translate("cannot read the file ledger", e);
        }
    }

    /**
     * Claims a content for a run. Refused when a completed run imported it already, a running run
     * holds it, or its imports killed the process {@code max-crashes} times; a failed, skipped or
     * interrupted run's claim is taken over. Runs whose owner died must have been swept first.
     */
    public Claim claim(String source, String object, String checksum, long runId, boolean force) {
        try (Connection c = warehouse.connection()) {
            for (int attempt = 0; attempt < 3; attempt++) {
                Holder holder = holder(c, source, object, checksum);
                if (holder == null) {
                    if (insert(c, source, object, checksum, runId)) {
                        return Claim.ok();
                    }
                    continue; // another replica inserted first: look again
                }
                Claim refused = refusal(c, holder, force);
                if (refused != null) {
                    return refused;
                }
                if (takeOver(c, source, object, checksum, holder.runId(), runId)) {
                    return Claim.ok();
                }
            }
            return new Claim(Outcome.BUSY, null, "could not claim the content: other runs keep claiming it");
        } catch (SQLException e) {
            throw RunLog.translate("cannot claim file checksum", e);
        }
    }

    private Claim refusal(Connection c, Holder holder, boolean force) throws SQLException {
        String status;
        String owner;
        try (PreparedStatement ps = c.prepareStatement("SELECT status, host FROM caravan_run WHERE id = ?")) {
            ps.setLong(1, holder.runId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                status = rs.getString(1);
                owner = rs.getString(2);
            }
        }
        if ("running".equals(status)) {
            return new Claim(Outcome.BUSY, holder.runId(), "same content is being imported by run " + holder.runId()
                    + " (" + owner + ")");
        }
        if (force) {
            return null;
        }
        if ("completed".equals(status)) {
            return new Claim(Outcome.DONE, holder.runId(), "same content already imported by run " + holder.runId());
        }
        if (holder.crashes() >= maxCrashes) {
            return new Claim(Outcome.QUARANTINED, holder.runId(), "quarantined: " + holder.crashes()
                    + " imports of this content ended with their process dying (last: run " + holder.runId()
                    + "); it is not imported again automatically (import it with --force once the cause is fixed)");
        }
        return null;
    }

    /** Counts a crash against the content a run held (its process died mid-import). */
    static void countCrash(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE caravan_file_ledger SET crashes = crashes + 1"
                + " WHERE run_id = ?")) {
            ps.setLong(1, runId);
            ps.executeUpdate();
        }
    }

    /** Gives a claim back (after a failed run) so the same content can be imported again (retried: idempotent). */
    public void release(String source, String object, String checksum, long runId) {
        retry.onWarehouse("releasing the claim of run " + runId, () -> {
            try (Connection c = SqlFailures.connect(warehouse.dataSource());
                    PreparedStatement ps = c.prepareStatement("DELETE FROM caravan_file_ledger WHERE source = ? AND object = ?"
                            + " AND file_checksum = ? AND run_id = ?")) {
                ps.setString(1, source);
                ps.setString(2, object);
                ps.setString(3, checksum);
                ps.setLong(4, runId);
                return ps.executeUpdate();
            }
        });
    }

    private record Holder(long runId, int crashes) {
    }

    private static Holder holder(Connection c, String source, String object, String checksum) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, crashes FROM caravan_file_ledger WHERE source = ?"
                + " AND object = ? AND file_checksum = ?")) {
            ps.setString(1, source);
            ps.setString(2, object);
            ps.setString(3, checksum);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Holder(rs.getLong(1), rs.getInt(2)) : null;
            }
        }
    }

    private static boolean insert(Connection c, String source, String object, String checksum, long runId) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO caravan_file_ledger (source, object, file_checksum,"
                + " run_id) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, source);
            ps.setString(2, object);
            ps.setString(3, checksum);
            ps.setLong(4, runId);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false; // unique violation: someone else claimed it a moment ago
            }
            throw RunLog.translate("cannot claim file checksum", e);
        }
    }

    private static boolean takeOver(Connection c, String source, String object, String checksum, long from, long to)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE caravan_file_ledger SET run_id = ?,"
                + " claimed_at = CURRENT_TIMESTAMP WHERE source = ? AND object = ? AND file_checksum = ? AND run_id = ?")) {
            ps.setLong(1, to);
            ps.setString(2, source);
            ps.setString(3, object);
            ps.setString(4, checksum);
            ps.setLong(5, from);
            return ps.executeUpdate() == 1;
        }
    }
}
