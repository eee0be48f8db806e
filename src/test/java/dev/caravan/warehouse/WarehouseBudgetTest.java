package dev.caravan.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.ImportRequest;
import dev.caravan.pipeline.ImportService;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.testing.OutageProfile;
import dev.caravan.testing.Sql;
import dev.caravan.testing.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A warehouse outage longer than the retry budget (3 s here): the run fails clearly, committed rows stay. */
@QuarkusTest
@TestProfile(OutageProfile.ShortBudget.class)
class WarehouseBudgetTest {

    @Inject
    ImportService imports;

    @Inject
    Warehouse warehouse;

    @Test
    void anOutageLongerThanTheBudgetFailsTheRunWithAClearErrorAndKeepsWhatWasCommitted() throws Exception {
        Sql.reset(warehouse);
        TcpProxy proxy = TcpProxy.named(OutageProfile.WAREHOUSE);
        Path file = OutageRecoveryTest.write("outage-too-long.csv", OutageRecoveryTest.leads(1, 1000));
        AtomicBoolean cut = new AtomicBoolean();
        RunSummary run;
        try {
            run = imports.run(new ImportRequest("leadconduit", "leads", file, "outage-too-long.csv", "cli", false, 100, false),
                    new ImportProgress() {
                        @Override
                        public void batchCommitted(long runId, RunCounts totals, long bytesRead) {
                            if (totals.read >= 300 && cut.compareAndSet(false, true)) {
                                // longer than the budget; back before the run's end is recorded (retried too)
                                proxy.cutFor(Duration.ofMillis(4_500));
                            }
                        }
                    });
        } finally {
            proxy.restore();
        }
        assertEquals("failed", run.status(), String.valueOf(run));
        assertTrue(run.error().startsWith("WarehouseUnavailableException: warehouse unavailable: writing Batch["),
                run.error());
        assertTrue(run.error().contains("retry budget 3 s"), run.error());
        assertFalse(run.error().contains("\tat ") || run.error().contains("\n"), "one line, no stack trace: " + run.error());
        assertEquals(300, run.inserted(), "the batches committed before the outage");
        assertEquals(300, Sql.count(warehouse, "leadconduit_leads"), "stay committed");
        Map<String, Object> logged = Sql.rows(warehouse, "SELECT status, error FROM caravan_run WHERE id = ?", run.runId()).get(0);
        assertEquals("failed", logged.get("status"), "the failure is recorded once the warehouse is back");
        assertTrue(String.valueOf(logged.get("error")).contains("warehouse unavailable"), String.valueOf(logged.get("error")));
        assertEquals(0L, Sql.rows(warehouse, "SELECT COUNT(*) AS n FROM caravan_reject WHERE run_id = ?", run.runId()).get(0).get("n"));
    }

    @Test
    void aDroppedFileWhoseImportOutlastsTheBudgetStaysInTheInboxAndIsImportedOnceTheWarehouseIsBack() throws Exception {
        Sql.reset(warehouse);
        TcpProxy proxy = TcpProxy.named(OutageProfile.WAREHOUSE);
        java.nio.file.Path inbox = Path.of("target/test-inbox-outage");
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(inbox.resolve("leadconduit/leads"));
        java.nio.file.Path tmp = dir.resolve("outage.csv.part");
        java.nio.file.Files.writeString(tmp, OutageRecoveryTest.leads(1, 1000));
        java.nio.file.Path file = java.nio.file.Files.move(tmp, dir.resolve("outage.csv"));
        dev.caravan.testing.TestPostgres pg = dev.caravan.testing.TestPostgres.get();
        try {
            // wait (directly, not through the proxy) until the import has committed some batches, then cut
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                try (java.sql.Connection c = pg.connect(pg.url()); java.sql.Statement st = c.createStatement();
                        java.sql.ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(rows_read), 0) FROM caravan_run"
                                + " WHERE status = 'running'")) {
                    return rs.next() && rs.getLong(1) >= 50;
                }
            });
            proxy.cutFor(Duration.ofSeconds(6)); // twice the budget
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> !java.nio.file.Files.exists(file));
        } finally {
            proxy.restore();
        }
        assertFalse(java.nio.file.Files.exists(inbox.resolve(".failed/leadconduit/leads")), "nothing went to .failed");
        assertEquals(1000, Sql.count(warehouse, "leadconduit_leads"), "nothing lost");
        assertEquals(1000L, ((Number) Sql.rows(warehouse, "SELECT SUM(rows_inserted) AS n FROM caravan_run").get(0).get("n"))
                .longValue(), "nothing inserted twice");
        assertEquals(1L, Sql.rows(warehouse, "SELECT COUNT(*) AS n FROM caravan_run WHERE status = 'completed'").get(0).get("n"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                (Long) Sql.rows(warehouse, "SELECT COUNT(*) AS n FROM caravan_run WHERE status = 'running'").get(0).get("n") == 0);
        assertEquals(0L, Sql.rows(warehouse, "SELECT COUNT(*) AS n FROM caravan_reject").get(0).get("n"));
    }
}
