package dev.caravan.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.testing.Sql;
import dev.caravan.testing.apis.ApiFakesProfile;
import dev.caravan.testing.apis.FakeGenius;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Genius CRM API (the shape of docs/sources/genius-api.md) against {@link FakeGenius}, into the
 * genius_* tables the CSV import and the database sync fill. No GENIUS_DB_* are set, so
 * {@code sync genius} reads the API.
 */
@QuarkusTest
@TestProfile(ApiFakesProfile.class)
class GeniusApiSyncTest {

    static final FakeGenius GENIUS = ApiFakesProfile.GENIUS;

    @Inject
    SyncService syncs;

    @Inject
    Warehouse warehouse;

    @BeforeEach
    void fresh() {
        Sql.reset(warehouse);
        GENIUS.reset();
    }

    List<RunSummary> sync(String via) {
        return syncs.sync(new SyncRequest("genius", null, false, false, null, 0, "cli", via), ImportProgress.NONE);
    }

    @Test
    void withoutDatabaseSettingsGeniusIsReadFromItsApiParentsFirstIntoTheSameTables() {
        GENIUS.seed(150);
        assertTrue(syncs.isApi("genius"));
        long t0 = System.nanoTime();
        List<RunSummary> runs = sync(null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(runs.stream().allMatch(r -> "completed".equals(r.status())), runs.toString());
        assertEquals(List.of("genius.divisions", "genius.marketing_sources", "genius.users", "genius.prospects", "genius.appointments"),
                runs.stream().map(RunSummary::object).toList(), "parents first");
        for (String t : List.of("genius_divisions", "genius_users", "genius_marketing_sources", "genius_prospects", "genius_appointments")) {
            assertEquals(150, Sql.count(warehouse, t), t);
        }
        Map<String, Object> user = Sql.rows(warehouse, "SELECT job_title, hired_on, source_updated_at FROM genius_users WHERE user_id = '7'").get(0);
        assertEquals("Sales Rep", user.get("job_title"), "the API speaks the table's names (title → job_title)");
        assertTrue(user.get("hired_on") != null && user.get("source_updated_at") != null, user.toString());
        assertTrue(String.valueOf(Sql.rows(warehouse, "SELECT home_phone FROM genius_prospects WHERE prospect_id = '7'").get(0)
                .get("home_phone")).endsWith("5125550107"), "phone1 → home_phone, cleaned");
        assertEquals(2, GENIUS.requests("/api/v1/users").size(), "100 a page through meta.next_cursor");
        System.out.printf("genius api: %d records in %.2f s (%.0f records/s), 429s: %d%n", 750, seconds, 750 / seconds, GENIUS.answered(429));
    }

    @Test
    void theNextRunReadsWhatChangedSinceItsOwnCheckpoint() {
        GENIUS.seed(30);
        sync("api");
        GENIUS.seen.clear();
        GENIUS.live();
        GENIUS.touchProspects(3);
        GENIUS.then(429, 503);
        List<RunSummary> runs = sync("api");
        RunSummary prospects = LeadConduitSyncTest.of(runs, "genius.prospects");
        assertEquals("incremental", prospects.mode());
        assertEquals(3, prospects.updated(), prospects.toString());
        assertTrue(GENIUS.requests("/api/v1/prospects").get(0).query().containsKey("updated_since"));
        assertEquals("Changed", Sql.rows(warehouse, "SELECT last_name FROM genius_prospects WHERE prospect_id = '1'").get(0).get("last_name"));
        assertEquals(1, GENIUS.answered(429));
        assertEquals(1, GENIUS.answered(503));
        assertEquals(1L, ((Number) Sql.rows(warehouse, "SELECT COUNT(*) AS n FROM caravan_sync_state WHERE object = 'prospects@api'")
                .get(0).get("n")).longValue(), "the API's checkpoint is its own, apart from the database sync's watermark");
    }

    @Test
    void askingForTheDatabaseWithoutItsSettingsNamesThem() {
        SourceNotConfiguredException e = assertThrows(SourceNotConfiguredException.class, () -> sync("database"));
        assertTrue(e.getMessage().contains("GENIUS_DB_HOST"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> sync("ftp"));
        assertTrue(bad.getMessage().contains("database or api"), bad.getMessage());
    }
}
