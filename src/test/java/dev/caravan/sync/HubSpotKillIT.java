package dev.caravan.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.CaravanProcess;
import dev.caravan.testing.TestPostgres;
import dev.caravan.testing.hubspot.FakeHubSpot;
import dev.caravan.testing.hubspot.HubSpotObjectType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./caravan sync hubspot} as the packaged application, a real process reading the HubSpot
 * fake over HTTP into a real PostgreSQL warehouse, killed (SIGKILL) or stopped (SIGTERM) mid-run and
 * started again: the next run resumes from the last committed page, nothing is lost or duplicated,
 * and no run is left running.
 */
class HubSpotKillIT {

    static final int CONTACTS = 5_000;
    static final String TOKEN = "pat-na1-kill-test-0b7e";

    final TestPostgres pg = TestPostgres.get();
    final String warehouseDb = "caravan_hskill_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    FakeHubSpot hubspot;

    @BeforeEach
    void start() {
        pg.admin("CREATE DATABASE " + warehouseDb);
        hubspot = FakeHubSpot.start(5L).privateAppToken(TOKEN);
        hubspot.seedAll(0);
        hubspot.seed(HubSpotObjectType.COMPANIES, 50);
        hubspot.seed(HubSpotObjectType.CONTACTS, CONTACTS);
        hubspot.data().seedAssociations();
        hubspot.faults().slowAll(java.time.Duration.ofMillis(40));
    }

    @AfterEach
    void stop() {
        hubspot.close();
    }

    @Test
    void aSyncKilledMidRunResumesFromItsLastCommittedPage() throws Exception {
        CaravanProcess first = caravan("kill-1", "sync", "hubspot", "--table", "contacts");
        waitForCommitted(first, 1_000);
        first.kill();
        long afterKill = count("SELECT COUNT(*) FROM hubspot_contacts");
        assertTrue(afterKill >= 1_000 && afterKill < CONTACTS, "killed mid-run: " + afterKill + " rows");

        CaravanProcess second = caravan("kill-2", "sync", "hubspot", "--table", "contacts", "--json");
        assertTrue(second.waitFor(180), "the second run ends");
        assertEquals(0, second.exitValue(), second.log());
        assertTrue(second.log().contains("resumed the full read"), second.log());

        assertEquals(CONTACTS, count("SELECT COUNT(*) FROM hubspot_contacts"), "nothing lost");
        assertEquals(CONTACTS, count("SELECT COUNT(DISTINCT hubspot_id) FROM hubspot_contacts"), "nothing duplicated");
        assertEquals(CONTACTS, count("SELECT COUNT(DISTINCT record_id) FROM caravan_raw_record WHERE object = 'contacts'"));
        assertEquals(CONTACTS, count("SELECT COUNT(DISTINCT from_id) FROM hubspot_associations WHERE from_type = 'contacts'"),
                "every contact's company link");
        assertTrue(count("SELECT MAX(rows_read) FROM caravan_run WHERE object = 'contacts' AND status = 'completed'")
                <= CONTACTS - afterKill + 100, "the second run went on from the checkpoint, it did not start over");
        assertEquals(1, count("SELECT COUNT(*) FROM caravan_run WHERE object = 'contacts' AND status = 'failed'"
                + " AND error LIKE 'abandoned%'"), "the killed run is marked abandoned");
        assertEquals(0, count("SELECT COUNT(*) FROM caravan_run WHERE status = 'running'"));
        assertTrue(!first.log().contains(TOKEN) && !second.log().contains(TOKEN), "the token never reaches the log");
    }

    @Test
    void aSyncStoppedBySigtermClosesAsInterruptedAndTheNextRunFinishes() throws Exception {
        CaravanProcess first = caravan("term-1", "sync", "hubspot", "--table", "contacts");
        waitForCommitted(first, 1_000);
        assertTrue(first.terminate(60) != -1, "exits within the grace period: " + first.log());
        assertEquals(1, count("SELECT COUNT(*) FROM caravan_run WHERE object = 'contacts' AND status = 'interrupted'"), first.log());
        assertEquals(0, count("SELECT COUNT(*) FROM caravan_run WHERE status = 'running'"), "no run left running");
        long landed = count("SELECT COUNT(*) FROM hubspot_contacts");
        assertEquals(landed, count("SELECT rows_inserted FROM caravan_run WHERE status = 'interrupted'"),
                "its counts are what it committed");

        CaravanProcess again = caravan("term-2", "sync", "hubspot", "--table", "contacts");
        assertTrue(again.waitFor(180), "the next run ends");
        assertEquals(0, again.exitValue(), again.log());
        assertEquals(CONTACTS, count("SELECT COUNT(*) FROM hubspot_contacts"), "nothing lost");
        assertEquals(CONTACTS - landed, count("SELECT rows_inserted FROM caravan_run WHERE object = 'contacts'"
                + " AND status = 'completed'"), "nothing inserted twice");
    }

    void waitForCommitted(CaravanProcess p, long rows) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (committed() < rows) {
            assertTrue(p.isAlive(), "the sync ended before it could be stopped: " + p.log());
            assertTrue(System.currentTimeMillis() < deadline, "no progress: " + p.log());
            Thread.sleep(20);
        }
    }

    long committed() {
        try {
            return count("SELECT COALESCE(MAX(rows_read), 0) FROM caravan_run WHERE object = 'contacts' AND status = 'running'");
        } catch (IllegalStateException e) {
            return 0; // not migrated yet
        }
    }

    long count(String sql) {
        try (Connection c = pg.connect(pg.url().replace(pg.database(), warehouseDb)); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    CaravanProcess caravan(String name, String... args) throws Exception {
        return CaravanProcess.start(Path.of("target/hubspot-" + name + "-it.log"), Map.of(
                "CARAVAN_DB_URL", pg.url().replace(pg.database(), warehouseDb),
                "CARAVAN_DB_USER", pg.user(),
                "CARAVAN_DB_PASSWORD", pg.password(),
                "HUBSPOT_BASE_URL", hubspot.baseUrl(),
                "HUBSPOT_ACCESS_TOKEN", TOKEN,
                "BATCH_SIZE", "250",
                "CARAVAN_INBOX_DIR", "target/it-inbox-hubspot-kill"), args);
    }
}
