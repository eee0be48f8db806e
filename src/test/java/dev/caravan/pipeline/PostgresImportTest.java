package dev.caravan.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.PostgresProfile;
import dev.caravan.testing.Sql;
import dev.caravan.testing.TestPostgres;
import dev.caravan.warehouse.RunCounts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The import pipeline on a real PostgreSQL warehouse, plus what only a server can do: go away. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresImportTest extends AbstractImportTest {

    @Test
    void theDatabaseGoingAwayMidRunFailsTheRunAndARerunCompletesIt() throws Exception {
        TestPostgres pg = TestPostgres.get();
        Path file = write("outage.csv", leads(1, 2000));
        RunSummary failed;
        try {
            failed = imports.run(new ImportRequest("leadconduit", "leads", file, "outage.csv", "cli", false, 100, false),
                    new ImportProgress() {
                        @Override
                        public void batchCommitted(long runId, RunCounts totals, long bytesRead) {
                            if (totals.read == 500) {
                                pg.admin("ALTER DATABASE " + pg.database() + " WITH ALLOW_CONNECTIONS false");
                                pg.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                                        + pg.database() + "' AND pid <> pg_backend_pid()");
                            }
                        }
                    });
        } finally {
            pg.admin("ALTER DATABASE " + pg.database() + " WITH ALLOW_CONNECTIONS true");
        }
        assertEquals("failed", failed.status());
        assertTrue(failed.error().contains("WarehouseUnavailable") || failed.error().contains("warehouse"), failed.error());
        assertEquals(500, failed.inserted(), "the batches committed before the outage");
        assertEquals(500, Sql.count(warehouse, "leadconduit_leads"));

        RunSummary rerun = imports.run(new ImportRequest("leadconduit", "leads", file, "outage.csv", "cli", false, 100, false),
                ImportProgress.NONE);
        assertEquals("completed", rerun.status(), String.valueOf(rerun));
        assertEquals(1500, rerun.inserted());
        assertEquals(500, rerun.unchanged());
        assertEquals(2000, Sql.count(warehouse, "leadconduit_leads"));
        assertEquals("failed", runLog.find(failed.runId()).orElseThrow().status(), "the abandoned run is marked failed");
        assertTrue(Sql.count(warehouse, "caravan_dead_letter") >= 0);
    }
}
