package dev.caravan.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.source.SourceUnavailableException;
import dev.caravan.testing.Sql;
import dev.caravan.testing.SqlScripts;
import dev.caravan.testing.SyncProfile;
import dev.caravan.testing.TestPostgres;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redshift tables (a real PostgreSQL in Redshift's place) into the PostgreSQL warehouse. */
@QuarkusTest
@TestProfile(SyncProfile.class)
class RedshiftSyncTest {

    @Inject
    SyncService syncs;

    @Inject
    Warehouse warehouse;

    Connection redshift() throws SQLException {
        TestPostgres pg = TestPostgres.get();
        return pg.connect(pg.url().replace(pg.database(), pg.database() + "_redshift"));
    }

    @BeforeEach
    void freshSource() throws SQLException {
        Sql.reset(warehouse);
        try (Connection c = redshift()) {
            SqlScripts.run(c, "sources/redshift-schema.sql");
            SqlScripts.run(c, "sources/redshift-data.sql");
        }
    }

    long sourceCount(String table) throws SQLException {
        try (Connection c = redshift(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void everyRedshiftTableSyncsFullyThenIncrementallyWithACompositeKey() throws SQLException {
        List<RunSummary> runs = syncs.sync("redshift", null, false, false, "cli", ImportProgress.NONE);
        assertEquals(3, runs.size());
        for (RunSummary r : runs) {
            assertEquals("completed", r.status(), String.valueOf(r));
            assertEquals(0, r.rejected(), String.valueOf(r));
        }
        assertEquals(sourceCount("marketing_campaigns"), Sql.count(warehouse, "redshift_marketing_campaigns"));
        assertEquals(sourceCount("customer_behavior"), Sql.count(warehouse, "redshift_customer_behavior"));
        assertEquals(sourceCount("web_analytics"), Sql.count(warehouse, "redshift_web_analytics"));

        try (Connection c = redshift(); Statement s = c.createStatement()) {
            s.execute("UPDATE web_analytics SET sessions = sessions + 1, updated_at = updated_at + INTERVAL '1 day'"
                    + " WHERE (date, page_path) IN (SELECT date, page_path FROM web_analytics ORDER BY date, page_path LIMIT 1)");
        }
        RunSummary r = syncs.sync("redshift", "web_analytics", false, false, "cli", ImportProgress.NONE).get(0);
        assertEquals("incremental", r.mode());
        assertEquals(1, r.updated(), String.valueOf(r));
        assertEquals(0, r.inserted(), String.valueOf(r));
        assertTrue(r.read() >= 1);
    }

    @Test
    void aSourceOutageIsRetriedThenFailsTheRunClearlyAndARerunCompletesIt() throws SQLException {
        TestPostgres pg = TestPostgres.get();
        String redshiftDb = pg.database() + "_redshift";
        RunSummary failed;
        try {
            failed = syncs.sync("redshift", "customer_behavior", false, false, "cli", new dev.caravan.pipeline.ImportProgress() {
                @Override
                public void batchCommitted(long runId, dev.caravan.warehouse.RunCounts totals, long bytesRead) {
                    if (totals.read == 5) {
                        pg.admin("ALTER DATABASE " + redshiftDb + " WITH ALLOW_CONNECTIONS false");
                        pg.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + redshiftDb + "'");
                    }
                }
            }).get(0);
        } finally {
            pg.admin("ALTER DATABASE " + redshiftDb + " WITH ALLOW_CONNECTIONS true");
        }
        assertEquals("failed", failed.status(), String.valueOf(failed));
        assertTrue(failed.error().startsWith("SourceUnavailableException: source unavailable: reading a page of redshift.")
                && failed.error().contains("retry budget"), failed.error());
        assertTrue(failed.inserted() >= 5, "what was committed stays committed: " + failed);
        RunSummary rerun = syncs.sync("redshift", "customer_behavior", false, false, "cli", ImportProgress.NONE).get(0);
        assertEquals("completed", rerun.status(), String.valueOf(rerun));
        assertEquals(sourceCount("customer_behavior"), Sql.count(warehouse, "redshift_customer_behavior"));
    }

    @Test
    void aSourceThatIsNotConfiguredIsReportedAsSuch() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> syncs.sync("nosuch", null, false, false, "cli", ImportProgress.NONE));
        assertTrue(e.getMessage().contains("unknown sync source 'nosuch'"), e.getMessage());
    }
}
