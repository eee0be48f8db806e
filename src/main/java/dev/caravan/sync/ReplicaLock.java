package dev.caravan.sync;

import dev.caravan.warehouse.Vendor;
import dev.caravan.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Keeps two replicas from syncing the same source at once: on PostgreSQL a session advisory lock
 * held on a connection of its own for the whole sync (released when the sync ends, or by the
 * server when the replica dies). The embedded H2 warehouse serves one process, whose own lock
 * (in SyncService) is enough.
 */
public final class ReplicaLock implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReplicaLock.class);

    private final Connection connection;
    private final long key;
    private final boolean held;

    private ReplicaLock(Connection connection, long key, boolean held) {
        this.connection = connection;
        this.key = key;
        this.held = held;
    }

    public static ReplicaLock acquire(Warehouse warehouse, String source) {
        if (warehouse.vendor() != Vendor.POSTGRESQL) {
            return new ReplicaLock(null, 0, true);
        }
        long key = lockKey(source);
        Connection c = warehouse.connection();
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean held = rs.getBoolean(1);
                if (!held) {
                    c.close();
                    return new ReplicaLock(null, key, false);
                }
                return new ReplicaLock(c, key, true);
            }
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw new IllegalStateException("cannot take the sync lock of " + source + ": " + e.getMessage(), e);
        }
    }

    /** A stable 64-bit key per source ("caravan-sync:genius"). */
    static long lockKey(String source) {
        long h = 1125899906842597L;
        for (char ch : ("caravan-sync:" + source).toCharArray()) {
            h = 31 * h + ch;
        }
        return h;
    }

    public boolean held() {
        return held;
    }

    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        try (connection; PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        } catch (SQLException e) {
            LOG.warnf("could not release the sync lock (the server releases it with the session): %s", e.getMessage());
        }
    }
}
