package dev.caravan.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.TestMariaDb;
import dev.caravan.testing.TestPostgres;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged application as a real process, killed (SIGKILL) in the middle of a sync, then run
 * again: nothing is lost, nothing is duplicated, and the killed run is marked abandoned.
 */
class SyncKillIT {

    static final int ROWS = 60_000;

    final TestPostgres pg = TestPostgres.get();
    final TestMariaDb genius = TestMariaDb.get();
    final String warehouseDb = "caravan_kill_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    @Test
    void aSyncKilledMidRunAndRestartedLosesNothingAndDuplicatesNothing() throws Exception {
        pg.admin("CREATE DATABASE " + warehouseDb);
        dev.caravan.testing.GeniusFixture.reload(genius);
        try (Connection c = genius.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO prospect (id, division_id, marketing_source_id, sales_rep_id, first_name, last_name, email,"
                    + " phone1, city, state, zip, status, lead_date, created_at, updated_at)"
                    + " SELECT 100000 + seq, 1, 1, 1, 'Pat', CONCAT('Lee', seq), CONCAT('pat', seq, '@example.com'),"
                    + " '(512) 867-5309', 'Austin', 'TX', '78701', 'new', '2025-01-02', '2025-01-01 00:00:00',"
                    + " TIMESTAMPADD(SECOND, seq, '2025-01-01 00:00:00') FROM seq_1_to_" + ROWS);
        }
        for (String parent : List.of("divisions", "users", "marketing_sources")) {
            assertEquals(0, caravan("sync", "genius", "--table", parent).waitFor(), parent);
        }

        Process first = caravan("sync", "genius", "--table", "prospects", "--full");
        long deadline = System.currentTimeMillis() + 120_000;
        while (committedRows() < 2_000) {
            assertTrue(first.isAlive(), "the sync ended before it could be killed");
            assertTrue(System.currentTimeMillis() < deadline, "no progress");
            Thread.sleep(20);
        }
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        long afterKill = count("SELECT COUNT(*) FROM genius_prospects");
        assertTrue(afterKill > 0 && afterKill < ROWS, "killed mid-run: " + afterKill + " rows");

        Process second = caravan("sync", "genius", "--table", "prospects");
        assertEquals(0, second.waitFor(180, TimeUnit.SECONDS) ? second.exitValue() : -1);
        long expected;
        try (Connection c = genius.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM prospect")) {
            rs.next();
            expected = rs.getLong(1);
        }
        assertEquals(expected, count("SELECT COUNT(*) FROM genius_prospects WHERE deleted_at IS NULL"), "nothing lost");
        assertEquals(expected, count("SELECT COUNT(DISTINCT prospect_id) FROM genius_prospects"), "nothing duplicated");
        assertEquals(1, count("SELECT COUNT(*) FROM caravan_run WHERE object = 'prospects' AND status = 'failed'"
                + " AND error LIKE 'abandoned%'"), "the killed run is marked abandoned");
        assertEquals(0, count("SELECT COUNT(*) FROM caravan_run WHERE status = 'running'"));
    }

    @Test
    void aSyncStoppedBySigtermIsInterruptedAtABatchBoundaryAndTheNextRunContinues() throws Exception {
        aSyncKilledMidRunAndRestartedLosesNothingAndDuplicatesNothing(); // the source and parents are in place
        try (Connection c = genius.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE prospect SET last_name = CONCAT(last_name, 'x'), updated_at = TIMESTAMPADD(SECOND, 1, updated_at)"
                    + " WHERE id > 100000");
        }
        Process sync = caravan("sync", "genius", "--table", "prospects", "--full");
        long deadline = System.currentTimeMillis() + 120_000;
        while (count("SELECT COALESCE(MAX(rows_read), 0) FROM caravan_run WHERE object = 'prospects' AND status = 'running'") < 2_000) {
            assertTrue(sync.isAlive(), "the sync ended before it could be signalled");
            assertTrue(System.currentTimeMillis() < deadline, "no progress");
            Thread.sleep(20);
        }
        sync.destroy(); // SIGTERM
        assertTrue(sync.waitFor(60, TimeUnit.SECONDS), "exits within the grace period");
        assertEquals(1, count("SELECT COUNT(*) FROM caravan_run WHERE object = 'prospects' AND status = 'interrupted'"));
        assertEquals(count("SELECT rows_updated + rows_unchanged + rows_inserted FROM caravan_run WHERE status = 'interrupted'"),
                count("SELECT rows_read FROM caravan_run WHERE status = 'interrupted'"));
        long updated = count("SELECT COUNT(*) FROM genius_prospects WHERE last_name LIKE '%x'");
        assertEquals(updated, count("SELECT rows_updated FROM caravan_run WHERE status = 'interrupted'"),
                "its counts are what it committed");
        assertEquals(0, count("SELECT COUNT(*) FROM caravan_run WHERE status = 'running'"), "no run left running");
        Process again = caravan("sync", "genius", "--table", "prospects", "--full");
        assertEquals(0, again.waitFor(180, TimeUnit.SECONDS) ? again.exitValue() : -1);
        assertEquals(ROWS, count("SELECT COUNT(*) FROM genius_prospects WHERE last_name LIKE '%x'"), "every change landed");
    }

    long committedRows() throws SQLException {
        try {
            return count("SELECT COALESCE(MAX(rows_read), 0) FROM caravan_run WHERE object = 'prospects' AND status = 'running'");
        } catch (IllegalStateException e) {
            return 0; // not migrated yet
        }
    }

    long count(String sql) throws SQLException {
        try (Connection c = pg.connect(warehouseUrl()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    String warehouseUrl() {
        return pg.url().replace(pg.database(), warehouseDb);
    }

    Process caravan(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.http.host-enabled=false", "-jar", "target/quarkus-app/quarkus-run.jar"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/sync-kill-it.log"));
        Map<String, String> env = pb.environment();
        env.put("CARAVAN_DB_URL", warehouseUrl());
        env.put("CARAVAN_DB_USER", pg.user());
        env.put("CARAVAN_DB_PASSWORD", pg.password());
        env.put("GENIUS_DB_HOST", genius.host());
        env.put("GENIUS_DB_PORT", String.valueOf(genius.port()));
        env.put("GENIUS_DB_NAME", genius.database());
        env.put("GENIUS_DB_USER", genius.user());
        env.put("GENIUS_DB_PASSWORD", genius.password());
        env.put("BATCH_SIZE", "500");
        env.put("CARAVAN_INBOX_DIR", "target/it-inbox-kill");
        return pb.start();
    }
}
