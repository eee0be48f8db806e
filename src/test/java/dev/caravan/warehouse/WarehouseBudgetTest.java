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
}
