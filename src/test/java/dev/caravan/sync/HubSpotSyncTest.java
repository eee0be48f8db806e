package dev.caravan.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.testing.Sql;
import dev.caravan.testing.hubspot.FakeHubSpot;
import dev.caravan.testing.hubspot.HubSpotObjectType;
import dev.caravan.testing.hubspot.HubSpotProfile;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HubSpot CRM syncs through the HTTP source engine against {@link FakeHubSpot} (real HTTP on
 * loopback), into the embedded H2 warehouse, with OAuth credentials from configuration.
 */
@QuarkusTest
@TestProfile(HubSpotProfile.class)
class HubSpotSyncTest {

    static final HubSpotObjectType CONTACTS = HubSpotObjectType.CONTACTS;

    @Inject
    SyncService syncs;

    @Inject
    Warehouse warehouse;

    FakeHubSpot hubspot;

    @BeforeEach
    void fresh() {
        Sql.reset(warehouse);
        hubspot = HubSpotProfile.fresh(21L);
    }

    List<RunSummary> sync(String table, boolean full) {
        return syncs.sync(new SyncRequest("hubspot", table, full, false, null, 0, "cli"), ImportProgress.NONE);
    }

    long count(String sql) {
        return ((Number) Sql.rows(warehouse, sql).get(0).values().iterator().next()).longValue();
    }

    @Test
    void aFullSyncOfEveryObjectLandsEveryRecordWithItsAssociationsAndRawVersion() {
        hubspot.seedAll(120);

        List<RunSummary> runs = sync(null, false);

        assertEquals(5, runs.size(), runs.toString());
        for (RunSummary r : runs) {
            assertEquals("completed", r.status(), r.toString());
            assertEquals("full", r.mode());
            assertEquals(120, r.read(), r.toString());
            assertEquals(120, r.inserted(), r.toString());
        }
        for (String t : List.of("contacts", "companies", "deals", "tickets", "appointments")) {
            assertEquals(120, Sql.count(warehouse, "hubspot_" + t), t);
            assertEquals(120, count("SELECT COUNT(*) FROM caravan_raw_record WHERE system = 'hubspot' AND object = '" + t + "'"), t);
        }
        // typed through the cleaning: e-mail lower-cased, amount a number, dates as timestamps
        Map<String, Object> deal = Sql.rows(warehouse, "SELECT amount, source_created_at, extra FROM hubspot_deals"
                + " ORDER BY hubspot_id FETCH FIRST 1 ROWS ONLY").get(0);
        assertNotNull(deal.get("amount"));
        assertNotNull(deal.get("source_created_at"));
        assertEquals(0, count("SELECT COUNT(*) FROM hubspot_contacts WHERE email IS NULL OR email <> LOWER(email)"));
        // v4 associations: every contact has its primary company, every deal two contacts and a company
        assertEquals(120, count("SELECT COUNT(DISTINCT from_id) FROM hubspot_associations WHERE from_type = 'contacts'"
                + " AND to_type = 'companies'"));
        assertEquals(240, count("SELECT COUNT(*) FROM (SELECT DISTINCT from_id, to_id FROM hubspot_associations"
                + " WHERE from_type = 'deals' AND to_type = 'contacts') x") , "deal i has contacts i and i+1");
        assertTrue(count("SELECT COUNT(*) FROM hubspot_associations WHERE from_type = 'tickets' AND to_type = 'contacts'") >= 120);
        assertEquals(0, hubspot.rateLimitedCount(), "the client-side limiter kept under the limit");
        // the checkpoint after a full read: run start minus the look-back
        Map<String, Object> state = Sql.rows(warehouse, "SELECT watermark_at, watermark_key FROM caravan_sync_state"
                + " WHERE source = 'hubspot' AND object = 'contacts'").get(0);
        assertNotNull(state.get("watermark_at"));
        assertNull(state.get("watermark_key"));
    }

    @Test
    void anIncrementalSyncReadsOnlyTheChangedRecordsAndMarksArchivedOnesDeleted() {
        hubspot.seedAll(150);
        sync(null, false);
        hubspot.clearLog();

        List<String> changed = hubspot.modify(CONTACTS, 30, Instant.now());
        hubspot.data().modify(CONTACTS, List.of(changed.get(0)), Instant.now(), Map.of("email", "Changed.Person@Example.COM"));
        List<String> archived = hubspot.archive(HubSpotObjectType.DEALS, 4, Instant.now());

        List<RunSummary> runs = sync(null, false);
        RunSummary contacts = runs.stream().filter(r -> r.object().equals("hubspot.contacts")).findFirst().orElseThrow();
        assertEquals("incremental", contacts.mode());
        assertEquals(30, contacts.read(), contacts.toString());
        assertEquals(30, contacts.updated(), contacts.toString());
        assertEquals(1, hubspot.count(FakeHubSpot.list(CONTACTS)), "no full list read, only the archived records' list");
        assertTrue(hubspot.requests().stream().filter(q -> q.endpoint().equals(FakeHubSpot.list(CONTACTS)))
                .allMatch(q -> q.query().contains("archived=true")));
        assertTrue(hubspot.count(FakeHubSpot.search(CONTACTS)) >= 1);
        assertEquals("changed.person@example.com", Sql.rows(warehouse, "SELECT email FROM hubspot_contacts WHERE hubspot_id = ?",
                changed.get(0)).get(0).get("email"));
        RunSummary deals = runs.stream().filter(r -> r.object().equals("hubspot.deals")).findFirst().orElseThrow();
        assertTrue(deals.message() != null && deals.message().contains("marked 4 rows deleted"), deals.toString());
        assertEquals(4, count("SELECT COUNT(*) FROM hubspot_deals WHERE deleted_at IS NOT NULL"));
        assertEquals(150, Sql.count(warehouse, "hubspot_deals"), "archived records are marked, never removed");
        // raw keeps both versions of a changed record
        assertEquals(2, count("SELECT COUNT(*) FROM caravan_raw_record WHERE object = 'contacts' AND record_id = '"
                + changed.get(1) + "'"));
    }

    @Test
    void moreThanTenThousandChangesInOneWindowAllArrive() {
        hubspot.rateLimitsOff();
        hubspot.seed(CONTACTS, 10_450, Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("2024-05-03T00:00:00Z"));

        RunSummary r = syncs.sync(new SyncRequest("hubspot", "contacts", false, false, Instant.parse("2024-04-30T00:00:00Z"), 0,
                "cli"), ImportProgress.NONE).get(0);

        assertEquals("completed", r.status(), r.toString());
        assertEquals("incremental", r.mode());
        assertEquals(10_450, Sql.count(warehouse, "hubspot_contacts"), "no record past the 10,000-result cap is lost");
        assertTrue(r.message().contains("10000-result cap 1 times"), r.message());
        assertEquals(0, hubspot.statusCount(400), "never paged past the cap");
    }

    @Test
    void aStormOf429sAnd5xxLosesNoPage() {
        hubspot.seed(CONTACTS, 450);
        hubspot.retryAfterFixed(1);
        hubspot.faults().rateLimitNext(FakeHubSpot.list(CONTACTS), 3).failNext(FakeHubSpot.list(CONTACTS), 2, 502)
                .resetNext(FakeHubSpot.associations(CONTACTS, HubSpotObjectType.COMPANIES), 1);

        RunSummary r = sync("contacts", false).get(0);

        assertEquals("completed", r.status(), r.toString());
        assertEquals(450, r.read());
        assertEquals(450, Sql.count(warehouse, "hubspot_contacts"));
        assertTrue(hubspot.rateLimitedCount() >= 3);
        assertEquals(2, hubspot.statusCount(502));
    }

    @Test
    void anAccessTokenThatExpiresMidRunIsRefreshedAndTheRunGoesOn() {
        hubspot.seed(CONTACTS, 700);
        hubspot.expireAccessTokens().accessTokenMaxUses(4);

        RunSummary r = sync("contacts", false).get(0);

        assertEquals("completed", r.status(), r.toString());
        assertEquals(700, Sql.count(warehouse, "hubspot_contacts"));
        assertTrue(hubspot.tokenGrants() >= 3, "tokens granted: " + hubspot.tokenGrants());
    }

    @Test
    void limitStopsEarlyAndTheNextRunGoesOnFromTheCheckpoint() {
        hubspot.seed(CONTACTS, 620);

        RunSummary first = syncs.sync(new SyncRequest("hubspot", "contacts", false, false, null, 500, "cli"),
                ImportProgress.NONE).get(0);
        assertEquals("completed", first.status(), first.toString());
        assertEquals(500, first.read());
        assertTrue(first.message().contains("stopped at --limit 500"), first.message());
        assertTrue(((String) Sql.rows(warehouse, "SELECT watermark_key FROM caravan_sync_state WHERE object = 'contacts'")
                .get(0).get("watermark_key")).startsWith("full:"));

        RunSummary rest = sync("contacts", false).get(0);
        assertEquals("full", rest.mode(), "the full read was not finished");
        assertTrue(rest.message().contains("resumed the full read"), rest.message());
        assertEquals(120, rest.inserted(), rest.toString());
        assertEquals(620, Sql.count(warehouse, "hubspot_contacts"));
    }

    @Test
    void sinceReadsChangesFromThatTimeAndDryRunWritesNothing() {
        hubspot.seed(CONTACTS, 200, Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-12-31T00:00:00Z"));
        long expected = hubspot.data().all(CONTACTS).stream()
                .filter(c -> !Instant.parse(c.properties().get("lastmodifieddate")).isBefore(Instant.parse("2024-07-01T00:00:00Z")))
                .count();

        RunSummary dry = syncs.sync(new SyncRequest("hubspot", "contacts", false, true, Instant.parse("2024-07-01T00:00:00Z"),
                0, "cli"), ImportProgress.NONE).get(0);
        assertEquals("completed", dry.status(), dry.toString());
        assertTrue(dry.dryRun());
        assertTrue(dry.read() >= expected && dry.read() < 200, dry + " expected about " + expected);
        assertEquals(0, Sql.count(warehouse, "hubspot_contacts"));
        assertEquals(0, Sql.count(warehouse, "caravan_raw_record"));
        assertEquals(0, Sql.count(warehouse, "caravan_sync_state"));

        RunSummary real = syncs.sync(new SyncRequest("hubspot", "contacts", false, false, Instant.parse("2024-07-01T00:00:00Z"),
                0, "cli"), ImportProgress.NONE).get(0);
        assertEquals(dry.read(), real.read());
        assertEquals(real.read(), Sql.count(warehouse, "hubspot_contacts"));
    }

    @Test
    void aClientErrorFailsTheRunWithTheApisMessageAndNoSecret() {
        hubspot.seed(CONTACTS, 10);
        hubspot.faults().failNext(FakeHubSpot.list(CONTACTS), 1, 403);

        RunSummary r = sync("contacts", false).get(0);

        assertEquals("failed", r.status(), r.toString());
        assertTrue(r.error().contains("403"), r.error());
        assertFalse(r.error().contains(HubSpotProfile.CLIENT_SECRET) || r.error().contains(HubSpotProfile.REFRESH_TOKEN));
        assertEquals(0, count("SELECT COUNT(*) FROM caravan_run WHERE status = 'running'"));
    }
}
