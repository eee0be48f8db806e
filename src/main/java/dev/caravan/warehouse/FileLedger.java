package dev.caravan.warehouse;

import dev.caravan.config.CaravanConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * Which file contents have been imported, kept in the warehouse (caravan_file_ledger) so it survives
 * restarts and is shared by every replica. A run claims (source, object, checksum) before it reads;
 * the primary key makes two replicas that picked up the same content agree on one owner.
 */
@ApplicationScoped
public class FileLedger {

    /** The outcome of a claim: granted, or the run that already holds the content and why. */
    public record Claim(boolean granted, Long heldBy, String reason) {
        static Claim ok() {
            return new Claim(true, null, null);
        }
    }

    private final Warehouse warehouse;
    private final Duration staleAfter;
    private final RetryPolicy retry;

    @Inject
    public FileLedger(Warehouse warehouse, CaravanConfig config, RetryPolicy retry) {
        this.warehouse = warehouse;
        this.staleAfter = config.inbox().staleClaim();
        this.retry = retry;
    }

    /**
     * Claims a content for a run. Refused when a completed run imported it already, or a running
     * run holds it and is still beating; a failed, skipped or stale run's claim is taken over.
     */
    public Claim claim(String source, String object, String checksum, long runId, boolean force,
            java.util.function.LongPredicate activeHere) {
        try (Connection c = warehouse.connection()) {
            for (int attempt = 0; attempt < 3; attempt++) {
                Long holder = holder(c, source, object, checksum);
                if (holder == null) {
                    if (insert(c, source, object, checksum, runId)) {
                        return Claim.ok();
                    }
                    continue; // another replica inserted first: look again
                }
                String status;
                OffsetDateTime heartbeat;
                String owner;
                try (PreparedStatement ps = c.prepareStatement("SELECT status, heartbeat_at, host FROM caravan_run WHERE id = ?")) {
                    ps.setLong(1, holder);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        status = rs.getString(1);
                        heartbeat = rs.getObject(2, OffsetDateTime.class);
                        owner = rs.getString(3);
                    }
                }
                // A running claim is stale when its process is gone, when it is ours but no longer
                // active (its end could not be recorded), or when it stopped beating long ago.
                boolean stale = "running".equals(status)
                        && (RunLog.ownerIsGone(owner)
                        || (RunLog.host().equals(owner) && !activeHere.test(holder))
                        || heartbeat.isBefore(OffsetDateTime.now().minus(staleAfter)));
                if (stale) {
                    RunLog.abandon(c, holder);
                }
                if (!force && "completed".equals(status)) {
                    return new Claim(false, holder, "same content already imported by run " + holder);
                }
                if (!force && "running".equals(status) && !stale) {
                    return new Claim(false, holder, "same content is being imported by run " + holder);
                }
                if (takeOver(c, source, object, checksum, holder, runId)) {
                    return Claim.ok();
                }
            }
            return new Claim(false, null, "could not claim the content: other runs keep claiming it");
        } catch (SQLException e) {
            throw RunLog.translate("cannot claim file checksum", e);
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

    private static Long holder(Connection c, String source, String object, String checksum) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id FROM caravan_file_ledger WHERE source = ?"
                + " AND object = ? AND file_checksum = ?")) {
            ps.setString(1, source);
            ps.setString(2, object);
            ps.setString(3, checksum);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
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
