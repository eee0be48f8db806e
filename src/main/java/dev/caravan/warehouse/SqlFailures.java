package dev.caravan.warehouse;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The one classifier of database failures, for the warehouse and the sources alike: a failure is
 * <em>transient</em> when the same statement may succeed if tried again later (the server went
 * away, a lock or a resource was short, a serialization conflict, an administrator's shutdown, a
 * read-only replica after failover); everything else is the fault of a row or of a definition and
 * is never retried. Only a row's fault may make a row a reject.
 */
public final class SqlFailures {

    /** SQLSTATEs that are transient beyond the whole connection class 08 and resource class 53. */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "40001", // serialization_failure (also MariaDB/MySQL 1213 deadlock)
            "40P01", // deadlock_detected
            "55P03", // lock_not_available (lock_timeout)
            "57014", // query_canceled (statement_timeout)
            "57P01", // admin_shutdown
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now (starting up, shutting down)
            "57P05", // idle_session_timeout
            "25006", // read_only_sql_transaction (a primary demoted after failover)
            "HYT00", // timeout (H2 lock timeout, MariaDB query timeout)
            "90067", // H2: connection is broken
            "90098", // H2: the database has been closed
            "90121"); // H2: database is closed (shut down by another session)

    /**
     * MariaDB/MySQL error codes that are transient whatever SQLSTATE the driver reports (1205 comes
     * as HY000). Connector/J throws plain java.sql exceptions, so the code alone decides; PostgreSQL
     * reports error code 0 and H2's codes are five-digit numbers, so these do not collide.
     */
    private static final Set<Integer> TRANSIENT_MARIADB_CODES = Set.of(
            1205, // ER_LOCK_WAIT_TIMEOUT
            1213, // ER_LOCK_DEADLOCK
            1927, // ER_CONNECTION_KILLED
            2006, // CR_SERVER_GONE_ERROR
            2013); // CR_SERVER_LOST

    private SqlFailures() {
    }

    /** Whether the failure, or any of its causes, may go away by trying again later. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLTransientConnectionException || c instanceof SQLNonTransientConnectionException
                    || c instanceof SQLRecoverableException || c instanceof ConnectException
                    || c instanceof EOFException || c instanceof SocketException || c instanceof SocketTimeoutException) {
                return true;
            }
            if (c instanceof SQLException s) {
                if (isTransientState(s.getSQLState()) || isTransientMariaDbCode(s)) {
                    return true;
                }
                for (SQLException next = s.getNextException(); next != null && next != s; next = next.getNextException()) {
                    if (isTransientState(next.getSQLState())) {
                        return true; // a batch reports the server's reason as the next exception
                    }
                }
            }
        }
        return false;
    }

    static boolean isTransientState(String state) {
        if (state == null || state.length() != 5) {
            return false;
        }
        return state.startsWith("08") || state.startsWith("53") || TRANSIENT_STATES.contains(state);
    }

    private static boolean isTransientMariaDbCode(SQLException s) {
        return TRANSIENT_MARIADB_CODES.contains(s.getErrorCode());
    }

    /** The first SQLSTATE found along the causes (and a batch's next exceptions), or null. */
    public static String sqlState(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException s) {
                if (s.getSQLState() != null) {
                    return s.getSQLState();
                }
                SQLException next = s.getNextException();
                if (next != null && next.getSQLState() != null) {
                    return next.getSQLState();
                }
            }
        }
        return null;
    }

    /**
     * The first line of the failure's message, shortened: what may go to a log or a run's error.
     * Server messages keep their details (which may quote row values) on later lines.
     */
    public static String summary(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        int nl = message.indexOf('\n');
        String first = (nl < 0 ? message : message.substring(0, nl)).strip();
        return first.length() <= 300 ? first : first.substring(0, 299) + "…";
    }

    /**
     * A connection from the pool; a pool that cannot give one means the database is unreachable
     * now, whatever the server's reason (not accepting connections, too many clients, refused), so
     * the failure is reported as a transient connection failure.
     */
    public static Connection connect(DataSource dataSource) throws SQLException {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new SQLTransientConnectionException("cannot connect: " + summary(e),
                    e.getSQLState() != null && e.getSQLState().startsWith("08") ? e.getSQLState() : "08001", e);
        }
    }
}
