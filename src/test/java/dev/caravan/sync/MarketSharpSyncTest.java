package dev.caravan.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.testing.Sql;
import dev.caravan.testing.marketsharp.FakeMarketSharp;
import dev.caravan.testing.marketsharp.MarketSharpData;
import dev.caravan.testing.marketsharp.MarketSharpProfile;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MarketSharp OData syncs through the HTTP source engine against {@link FakeMarketSharp} (real HTTP
 * on loopback, signed requests, Atom pages of 25 with next links), into the embedded H2 warehouse.
 */
@QuarkusTest
@TestProfile(MarketSharpProfile.class)
class MarketSharpSyncTest {

    static final Map<String, String> TABLES = Map.of("contacts", "Contacts", "contact_types", "ContactTypes",
            "addresses", "Addresses", "contact_phones", "ContactPhones", "inquiries", "Inquiries",
            "appointments", "Appointments", "jobs", "Jobs");

    @Inject
    SyncService syncs;

    @Inject
    Warehouse warehouse;

    FakeMarketSharp fake;

    @BeforeEach
    void fresh() {
        Sql.reset(warehouse);
        for (String t : TABLES.keySet()) {
            Sql.exec(warehouse, "DELETE FROM marketsharp_" + t);
        }
        Sql.exec(warehouse, "DELETE FROM caravan_raw_record WHERE system = 'marketsharp'");
        fake = MarketSharpProfile.FAKE.reset(120, 25);
    }

    List<RunSummary> sync(boolean full) {
        return syncs.sync(new SyncRequest("marketsharp", null, full, false, null, 0, "cli"), ImportProgress.NONE);
    }

    static RunSummary run(List<RunSummary> runs, String object) {
        return runs.stream().filter(r -> r.object().equals("marketsharp." + object)).findFirst().orElseThrow();
    }

    long count(String sql) {
        return ((Number) Sql.rows(warehouse, sql).get(0).values().iterator().next()).longValue();
    }

    @Test
    void aFullSyncLandsEveryRecordOfEverySetThenAnIncrementalOneOnlyTheChangesAndTheStaticSetsInFull() {
        long t0 = System.nanoTime();
        List<RunSummary> first = sync(false);
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertEquals(7, first.size(), first.toString());
        for (RunSummary r : first) {
            assertEquals("completed", r.status(), r.toString());
            assertEquals("full", r.mode(), r.toString());
            assertEquals(120, r.inserted(), r.toString());
            assertEquals(0, r.rejected(), r.toString());
        }
        for (String t : TABLES.keySet()) {
            assertEquals(120, Sql.count(warehouse, "marketsharp_" + t), t);
            assertEquals(120, count("SELECT COUNT(*) FROM caravan_raw_record WHERE system = 'marketsharp' AND object = '" + t + "'"), t);
        }
        Map<String, Object> job = Sql.rows(warehouse, "SELECT address_line2, job_number, source_updated_at, is_active FROM marketsharp_jobs"
                + " WHERE marketsharp_id = ?", MarketSharpData.guid("job", 7)).get(0);
        assertEquals("Unit 7", job.get("address_line2"), "addressLin2 (sic) mapped");
        assertEquals("5007", job.get("job_number"));
        assertEquals(Boolean.TRUE, job.get("is_active"));
        assertEquals("King", Sql.rows(warehouse, "SELECT county FROM marketsharp_addresses FETCH FIRST 1 ROWS ONLY").get(0).get("county"));
        assertEquals(0, count("SELECT COUNT(*) FROM marketsharp_contacts WHERE middle_initial IS NOT NULL OR has_dnc_phone IS NULL"),
                "m:null is null; hasDNCPhone mapped");
        long pages = fake.requestsTo("Contacts").size();
        assertEquals(5, pages, "120 contacts in server pages of 25");
        System.out.printf("MEASURE marketsharp full sync: %d records over 7 sets in %.2f s, %.0f records/s, %d requests, %d 503s%n",
                7 * 120, seconds, 7 * 120 / seconds, fake.seen.size(), fake.busy.get());

        // second run: 9 contacts and 4 jobs changed now; the static sets reload in full
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(-5));
        List<String> changed = fake.data().modify("Contacts", 9, now, "firstName", "Changed");
        fake.data().modify("Jobs", 4, now, "status", "Complete");
        fake.data().modify("Addresses", 3, now, "city", "Redmond");
        fake.seen.clear();
        fake.fail(503);

        List<RunSummary> second = sync(false);

        RunSummary contacts = run(second, "contacts");
        assertEquals("incremental", contacts.mode(), contacts.toString());
        assertEquals(9, contacts.read(), contacts.toString());
        assertEquals(9, contacts.updated(), contacts.toString());
        assertEquals(4, run(second, "jobs").updated());
        assertEquals(0, run(second, "inquiries").read(), "nothing changed there");
        assertTrue(fake.requestsTo("Contacts").stream().filter(s -> s.status() == 200)
                .allMatch(s -> s.query().get("$filter").startsWith("lastUpdate ge datetime'")));
        for (String full : List.of("addresses", "contact_phones", "contact_types")) {
            RunSummary r = run(second, full);
            assertEquals("full", r.mode(), r.toString());
            assertEquals(120, r.read(), r.toString());
        }
        assertEquals(3, run(second, "addresses").updated());
        assertEquals(117, run(second, "addresses").unchanged());
        assertEquals("Changed", Sql.rows(warehouse, "SELECT first_name FROM marketsharp_contacts WHERE marketsharp_id = ?",
                changed.get(0)).get(0).get("first_name"));
        assertEquals(129, count("SELECT COUNT(*) FROM caravan_raw_record WHERE system = 'marketsharp' AND object = 'contacts'"),
                "raw keeps both versions of a changed contact");
        assertEquals(1, fake.busy.get(), "one Server Too Busy, retried");
        assertEquals(120, Sql.count(warehouse, "marketsharp_contacts"));
    }
}
