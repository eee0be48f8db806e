package dev.caravan.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.ImportRequest;
import dev.caravan.pipeline.ImportService;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.sync.SyncService;
import dev.caravan.testing.LogCapture;
import dev.caravan.testing.OutageProfile;
import dev.caravan.testing.Sql;
import dev.caravan.testing.SqlScripts;
import dev.caravan.testing.TcpProxy;
import dev.caravan.testing.TestPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Automatic recovery after outages, on real servers: the warehouse and a source reached through a
 * TCP proxy that is cut (every connection reset, new ones refused) and restored, and a real
 * statement timeout on the warehouse. Retries stay within the budget (60 s in this profile).
 */
@QuarkusTest
@TestProfile(OutageProfile.class)
class OutageRecoveryTest {

    static final String LEAD_HEADER = "Lead ID,First Name,Last Name,Email Address,Phone Number,City,State,Zip Code,Price,"
            + "Submission Timestamp,Favorite Color\n";

    @Inject
    ImportService imports;

    @Inject
    SyncService syncs;

    @Inject
    Warehouse warehouse;

    final TestPostgres pg = TestPostgres.get();

    @BeforeEach
    void freshWarehouse() {
        Sql.reset(warehouse);
    }

    @AfterEach
    void proxiesBack() {
        TcpProxy.named(OutageProfile.WAREHOUSE).restore();
        TcpProxy.named(OutageProfile.REDSHIFT).restore();
    }

    static String leads(int from, int to) {
        StringBuilder sb = new StringBuilder(LEAD_HEADER);
        for (int i = from; i <= to; i++) {
            sb.append("L").append(i).append(",Pat,Lee").append(i).append(",pat").append(i).append("@example.com,(512) 867-")
                    .append(String.format("%04d", 1000 + i % 9000)).append(",Austin,TX,78701,$").append(i % 500)
                    .append(".25,2025-07-").append(String.format("%02d", 1 + i % 28)).append("T10:30:00Z,blue\n");
        }
        return sb.toString();
    }

    static Path write(String name, String content) throws IOException {
        Path dir = Files.createDirectories(Path.of("target/test-files/outage"));
        return Files.writeString(dir.resolve(name), content);
    }

    RunSummary importLeads(Path file, int batchSize, ImportProgress progress) {
        return imports.run(new ImportRequest("leadconduit", "leads", file, file.getFileName().toString(), "cli", false,
                batchSize, false), progress);
    }

    long scalar(String sql, Object... params) {
        Object v = Sql.rows(warehouse, sql, params).get(0).values().iterator().next();
        return ((Number) v).longValue();
    }

    @Test
    void anImportWhoseWarehouseGoesAwayFor25SecondsMidRunCompletesWithEveryRowOnce() throws IOException {
        TcpProxy proxy = TcpProxy.named(OutageProfile.WAREHOUSE);
        Path file = write("outage-25s.csv", leads(1, 2000));
        AtomicLong cutAt = new AtomicLong();
        RunSummary run;
        long outageMs;
        try (LogCapture retries = LogCapture.of(RetryPolicy.class)) {
            run = importLeads(file, 100, new ImportProgress() {
                @Override
                public void batchCommitted(long runId, RunCounts totals, long bytesRead) {
                    if (totals.read >= 500 && cutAt.compareAndSet(0, System.nanoTime())) {
                        proxy.cutFor(Duration.ofSeconds(25));
                    }
                }
            });
            outageMs = (System.nanoTime() - cutAt.get()) / 1_000_000;
            assertTrue(retries.messages().stream().anyMatch(m -> m.contains("writing Batch[run=" + run.runId())
                    && m.contains("SQLSTATE 08") && m.contains("retrying in")), "retries logged: " + retries.messages());
        }
        assertTrue(cutAt.get() > 0, "the warehouse was cut mid-run");
        assertTrue(outageMs >= 25_000, "the run outlasted the outage: " + outageMs + " ms");
        assertEquals("completed", run.status(), String.valueOf(run));
        assertEquals(2000, run.read());
        assertEquals(2000, run.inserted(), String.valueOf(run));
        assertEquals(0, run.rejected(), String.valueOf(run));
        assertEquals(2000, Sql.count(warehouse, "leadconduit_leads"));
        assertEquals(2000, scalar("SELECT COUNT(DISTINCT lead_id) AS n FROM leadconduit_leads"), "none duplicated");
        assertEquals(0, scalar("SELECT COUNT(*) AS n FROM caravan_reject WHERE run_id = ?", run.runId()), "none rejected");
        assertEquals(0, scalar("SELECT COUNT(*) AS n FROM caravan_run WHERE status = 'running'"), "no run left running");
        assertEquals("completed", Sql.rows(warehouse, "SELECT status FROM caravan_run WHERE id = ?", run.runId()).get(0).get("status"));
    }

    @Test
    void aBatchThatHitsAStatementTimeoutIsRetriedAsAWholeAndNoRowIsRejected() throws Exception {
        Path file = write("timeout.csv", leads(1, 40));
        try (LogCapture retries = LogCapture.of(RetryPolicy.class); Connection lock = pg.connect(pg.url())) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                // writes wait for this lock (reads do not) until the warehouse's statement_timeout cancels them
                s.execute("LOCK TABLE leadconduit_leads IN EXCLUSIVE MODE");
            }
            CompletableFuture<RunSummary> running = CompletableFuture.supplyAsync(() -> importLeads(file, 100, ImportProgress.NONE));
            long deadline = System.currentTimeMillis() + 30_000;
            while (!aWriteWaitsFor("leadconduit_leads")) {
                assertTrue(System.currentTimeMillis() < deadline, "the batch never reached the locked table");
                Thread.sleep(50);
            }
            // held past the statement timeout: the first try is cancelled (57014), a retry waits and succeeds
            Thread.sleep(OutageProfile.STATEMENT_TIMEOUT_MS + 700);
            lock.rollback();
            RunSummary run = running.get(60, TimeUnit.SECONDS);
            assertEquals("completed", run.status(), String.valueOf(run));
            assertEquals(40, run.inserted(), String.valueOf(run));
            assertEquals(0, run.rejected(), "a timeout is not a row's fault: " + run);
            assertEquals(0, scalar("SELECT COUNT(*) AS n FROM caravan_reject WHERE run_id = ?", run.runId()));
            assertEquals(40, Sql.count(warehouse, "leadconduit_leads"));
            assertTrue(retries.messages().stream().anyMatch(m -> m.contains("SQLSTATE 57014")),
                    "the batch was retried after the timeout: " + retries.messages());
        }
    }

    /** Whether a session waits for a lock on the table (read directly, not through the proxy). */
    boolean aWriteWaitsFor(String table) throws SQLException {
        try (Connection c = pg.connect(pg.url()); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND relation = '" + table
                        + "'::regclass")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    Connection redshift() throws SQLException {
        return pg.connect(pg.url().replace(pg.database(), pg.database() + "_redshift"));
    }

    long sourceCount(String table) throws SQLException {
        try (Connection c = redshift(); Statement s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aSyncWhoseSourceIsCutDuringMaxChangedAndAPageReadCompletesOnceItIsBack() throws SQLException {
        try (Connection c = redshift()) {
            SqlScripts.run(c, "sources/redshift-schema.sql");
            SqlScripts.run(c, "sources/redshift-data.sql");
        }
        TcpProxy source = TcpProxy.named(OutageProfile.REDSHIFT);
        AtomicBoolean cutMidRun = new AtomicBoolean();
        List<RunSummary> runs;
        try (LogCapture retries = LogCapture.of(RetryPolicy.class)) {
            source.cutFor(Duration.ofSeconds(3)); // the full sync's first source query is maxChanged()
            runs = syncs.sync("redshift", null, true, false, "cli", new ImportProgress() {
                @Override
                public void batchCommitted(long runId, RunCounts totals, long bytesRead) {
                    if (cutMidRun.compareAndSet(false, true)) {
                        source.cutFor(Duration.ofSeconds(3)); // the next keyset page read fails
                    }
                }
            });
            List<String> logged = retries.messages();
            assertTrue(logged.stream().anyMatch(m -> m.startsWith("reading the latest change time of redshift.")),
                    "maxChanged retried: " + logged);
            assertTrue(logged.stream().anyMatch(m -> m.startsWith("reading a page of redshift.")), "a page read retried: " + logged);
        }
        assertEquals(3, runs.size());
        for (RunSummary r : runs) {
            assertEquals("completed", r.status(), String.valueOf(r));
            assertEquals(0, r.rejected(), String.valueOf(r));
        }
        assertEquals(sourceCount("marketing_campaigns"), Sql.count(warehouse, "redshift_marketing_campaigns"));
        assertEquals(sourceCount("customer_behavior"), Sql.count(warehouse, "redshift_customer_behavior"));
        assertEquals(sourceCount("web_analytics"), Sql.count(warehouse, "redshift_web_analytics"));
        assertEquals(0, scalar("SELECT COUNT(*) AS n FROM caravan_run WHERE status = 'running'"));
    }
}
