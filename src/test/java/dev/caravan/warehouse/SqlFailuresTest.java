package dev.caravan.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which database failures are worth trying again (transient) and which are a row's or a definition's fault. */
class SqlFailuresTest {

    @ParameterizedTest
    @ValueSource(strings = {"08000", "08001", "08003", "08006", "08S01", "40001", "40P01", "55P03", "57014", "57P01",
            "57P02", "57P03", "25006", "53000", "53100", "53200", "53300", "53400", "HYT00", "90067", "90098"})
    void transientSqlStates(String state) {
        assertTrue(SqlFailures.isTransient(new SQLException("x", state)), state);
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "23503", "23502", "22001", "22P02", "42P01", "42703", "42601", "25P02", "XX000",
            "0A000", "HY000", "40", "5"})
    void rowAndDefinitionFaultsAreNotTransient(String state) {
        assertFalse(SqlFailures.isTransient(new SQLException("x", state)), state);
    }

    @Test
    void noStateAtAllIsNotTransient() {
        assertFalse(SqlFailures.isTransient(new SQLException("value too long")));
        assertFalse(SqlFailures.isTransient(new IllegalStateException("definition is wrong")));
        assertFalse(SqlFailures.isTransient(null));
    }

    @Test
    void connectionFailuresAreTransientWhateverTheirState() {
        assertTrue(SqlFailures.isTransient(new SQLTransientConnectionException("pool exhausted")));
        assertTrue(SqlFailures.isTransient(new SQLRecoverableException("broken")));
        assertTrue(SqlFailures.isTransient(new java.sql.SQLNonTransientConnectionException("socket closed", "HY000")));
    }

    @Test
    void socketCausesAnywhereInTheChainAreTransient() {
        assertTrue(SqlFailures.isTransient(new SQLException("I/O error", null, new EOFException())));
        assertTrue(SqlFailures.isTransient(new SQLException("I/O error", null, new SocketException("Connection reset"))));
        assertTrue(SqlFailures.isTransient(new IllegalStateException("wrapped",
                new SQLException("refused", null, new ConnectException("Connection refused")))));
        assertTrue(SqlFailures.isTransient(new RuntimeException(new SQLException("deadlock", "40P01"))));
    }

    @Test
    void aBatchReportsTheServersReasonAsItsNextException() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", null, new int[0]);
        batch.setNextException(new SQLException("canceling statement due to statement timeout", "57014"));
        assertTrue(SqlFailures.isTransient(batch));
        assertEquals("57014", SqlFailures.sqlState(batch));

        BatchUpdateException rowFault = new BatchUpdateException("Batch entry 3 was aborted", null, new int[0]);
        rowFault.setNextException(new SQLException("duplicate key", "23505"));
        assertFalse(SqlFailures.isTransient(rowFault));
    }

    @ParameterizedTest
    @ValueSource(ints = {1205, 1213, 1927, 2006, 2013})
    void mariaDbAndMySqlTransientErrorCodes(int code) {
        assertTrue(SqlFailures.isTransient(new SQLException("MariaDB says no", "HY000", code)), String.valueOf(code));
    }

    @Test
    void otherMariaDbErrorsAreNotTransient() {
        assertFalse(SqlFailures.isTransient(new SQLException("Duplicate entry", "23000", 1062)));
        assertFalse(SqlFailures.isTransient(new SQLException("Data too long", "22001", 1406)));
        assertFalse(SqlFailures.isTransient(new SQLException("Unknown column", "42S22", 1054)));
    }

    @Test
    void theFirstStateAlongTheChainIsReported() {
        assertEquals("08006", SqlFailures.sqlState(new IllegalStateException(new SQLException("gone", "08006"))));
        assertNull(SqlFailures.sqlState(new IllegalStateException("no SQL here")));
    }

    @Test
    void summariesKeepOnlyTheFirstLine() {
        assertEquals("ERROR: deadlock detected", SqlFailures.summary(new SQLException(
                "ERROR: deadlock detected\n  Detail: Process 12 waits for ShareLock; key (id)=(secret-value)")));
        assertEquals("SQLException", SqlFailures.summary(new SQLException()));
        assertEquals(300, SqlFailures.summary(new SQLException("x".repeat(1000))).length());
    }
}
