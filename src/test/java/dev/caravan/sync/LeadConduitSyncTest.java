package dev.caravan.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.source.http.HttpDefinitions;
import dev.caravan.source.http.HttpRecordSource;
import dev.caravan.testing.Sql;
import dev.caravan.testing.apis.ApiFakesProfile;
import dev.caravan.testing.apis.FakeApi;
import dev.caravan.testing.apis.FakeLeadConduit;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LeadConduit's event stream (GET /events) against {@link FakeLeadConduit}: every event into
 * leadconduit_events, the lead of every source event into leadconduit_leads, each run going on
 * after the last committed event.
 */
@QuarkusTest
@TestProfile(ApiFakesProfile.class)
class LeadConduitSyncTest {

    static final FakeLeadConduit LC = ApiFakesProfile.LEADCONDUIT;

    @Inject
    SyncService syncs;

    @Inject
    ApiConnections apis;

    @Inject
    Warehouse warehouse;

    @Inject
    dev.caravan.warehouse.RunLog runLog;

    @BeforeEach
    void fresh() {
        Sql.reset(warehouse);
        LC.reset();
        LC.apiKey(ApiFakesProfile.LEADCONDUIT_KEY);
    }

    List<RunSummary> sync(boolean full, Instant since) {
        return syncs.sync(new SyncRequest("leadconduit", null, full, false, since, 0, "cli"), ImportProgress.NONE);
    }

    static RunSummary of(List<RunSummary> runs, String object) {
        return runs.stream().filter(r -> r.object().endsWith(object)).findFirst().orElseThrow(() -> new AssertionError(runs.toString()));
    }

    @Test
    void aFirstSyncReadsEveryEventOldestFirstAndUpsertsTheLeadOfEachSourceEvent() {
        for (int i = 0; i < 400; i++) {
            LC.addLead(i, true);
        }
        long t0 = System.nanoTime();
        List<RunSummary> runs = sync(false, null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(runs.stream().allMatch(r -> "completed".equals(r.status())), runs.toString());
        assertEquals(1200, Sql.count(warehouse, "leadconduit_events"));
        assertEquals(400, Sql.count(warehouse, "leadconduit_leads"));
        assertEquals(1200, of(runs, "events").inserted());
        assertEquals(400, of(runs, "leads").inserted());
        for (FakeApi.Request r : LC.requests("/events")) {
            assertEquals("asc", r.query().get("sort"), "every page is asked oldest first: " + r.query());
            assertEquals("1000", r.query().get("limit"));
        }
        // 1,200 events: a full page of 1,000, then the rest after the 1,000th id, for each object
        assertEquals(4, LC.requests("/events").size());
        Map<String, Object> lead = Sql.rows(warehouse, "SELECT email, phone, state, postal_code, first_name, source, outcome, submitted_at"
                + " FROM leadconduit_leads WHERE lead_id = ?", String.format("%024x", 0xabc0000000L + 5)).get(0);
        assertEquals("lead5@example.com", lead.get("email"), "typed values: the normalized one");
        assertEquals("TX", lead.get("state"));
        assertEquals("78701", lead.get("postal_code"));
        assertEquals("Acme Leads", lead.get("source"));
        assertEquals("success", lead.get("outcome"));
        assertTrue(lead.get("submitted_at") != null);
        assertEquals(1200L + 400L, ((Number) Sql.rows(warehouse,
                "SELECT COUNT(*) AS n FROM caravan_raw_record WHERE system = 'leadconduit'").get(0).get("n")).longValue());
        assertEquals(400L, ((Number) Sql.rows(warehouse,
                "SELECT COUNT(*) AS n FROM leadconduit_events WHERE event_type = 'source'").get(0).get("n")).longValue());
        System.out.printf("leadconduit: %d records in %.2f s (%.0f records/s), 429s: %d%n", 1600, seconds, 1600 / seconds,
                LC.answered(429));
    }

    @Test
    void theNextRunReadsOnlyTheEventsAfterTheLastCommittedOne() {
        for (int i = 0; i < 30; i++) {
            LC.addLead(i, true);
        }
        sync(false, null);
        LC.seen.clear();
        for (int i = 30; i < 40; i++) {
            LC.addLead(i, true);
        }
        List<RunSummary> runs = sync(false, null);
        assertEquals("incremental", of(runs, "events").mode());
        assertEquals(30, of(runs, "events").read(), "only the 30 new events");
        assertEquals(10, of(runs, "leads").read());
        assertEquals(120, Sql.count(warehouse, "leadconduit_events"));
        assertEquals(40, Sql.count(warehouse, "leadconduit_leads"));
        for (FakeApi.Request r : LC.requests("/events")) {
            assertTrue(r.query().containsKey("after_id"), "goes on after the last committed event: " + r.query());
            assertFalse(r.query().containsKey("start"), "start shapes a first run only");
        }
        List<RunSummary> nothing = sync(false, null);
        assertEquals(0, of(nothing, "events").read());
    }

    @Test
    void aRunStoppedPartWayGoesOnFromItsLastCommittedBatchWithNothingLostOrDoubled() {
        for (int i = 0; i < 400; i++) {
            LC.addLead(i, true);
        }
        RunSummary stopped = syncs.sync(new SyncRequest("leadconduit", "events", false, false, null, 600, "cli"),
                ImportProgress.NONE).get(0);
        assertEquals(600, stopped.inserted());
        assertTrue(stopped.message().contains("--limit"), stopped.message());
        RunSummary rest = syncs.sync(new SyncRequest("leadconduit", "events", false, false, null, 0, "cli"), ImportProgress.NONE).get(0);
        assertEquals("completed", rest.status());
        assertEquals(600, rest.inserted(), "the rest, once: " + rest);
        assertEquals(rest.read(), rest.inserted() + rest.unchanged(), "a re-read part of a page is left unchanged");
        assertEquals(1200, Sql.count(warehouse, "leadconduit_events"));
    }

    @Test
    void sinceShapesAFirstReadThroughTheStartParameter() {
        for (int i = 0; i < 20; i++) {
            LC.addLead(i, true);
        }
        Instant since = Instant.parse("2026-11-01T10:01:00Z"); // leads every 7 s from 10:00:07
        List<RunSummary> runs = sync(false, since);
        assertEquals("2026-11-01T10:01:00Z", LC.requests("/events").get(0).query().get("start"));
        assertTrue(of(runs, "events").read() < 60 && of(runs, "events").read() > 0, runs.toString());
    }

    @Test
    void leadsWithoutASubmissionTimestampStillLand() {
        for (int i = 0; i < 5; i++) {
            LC.addLead(i, i % 2 == 0);
        }
        List<RunSummary> runs = sync(false, null);
        RunSummary leads = of(runs, "leads");
        assertEquals("completed", leads.status(), leads.toString());
        assertEquals(5, leads.inserted());
        assertEquals(0, leads.rejected());
        assertEquals(2L, ((Number) Sql.rows(warehouse, "SELECT COUNT(*) AS n FROM leadconduit_leads WHERE submitted_at IS NULL")
                .get(0).get("n")).longValue());
        assertEquals(2L, ((Number) Sql.rows(warehouse, "SELECT COUNT(*) AS n FROM caravan_reject WHERE run_id = ? AND column_name = 'submitted_at'",
                leads.runId()).get(0).get("n")).longValue(), "each missing timestamp is a row issue");
    }

    @Test
    void anApiRunRecordsTheColumnsNoRecordHadAsDrift() {
        for (int i = 0; i < 3; i++) {
            LC.addLead(i, true);
        }
        RunSummary leads = of(sync(false, null), "leads");
        assertEquals("completed", leads.status(), leads.toString());
        dev.caravan.drift.Drift drift = runLog.find(leads.runId()).orElseThrow().drift();
        assertTrue(drift != null, "drift recorded for an API run");
        // the fake's leads never carry an address, a city or a price; they all carry e-mail and phone
        assertTrue(drift.missing().containsAll(List.of("address", "city", "price")), String.valueOf(drift.missing()));
        assertTrue(!drift.missing().contains("email") && !drift.missing().contains("phone"), String.valueOf(drift.missing()));
        assertEquals(drift.missing().size(), drift.missingCount());
    }

    @Test
    void pagingByAfterIdWithoutSortAscSkipsEventsWhichIsWhyEveryRequestSendsIt() throws Exception {
        for (int i = 0; i < 700; i++) {
            LC.addLead(i, true); // 2,100 events
        }
        String withoutSort = "path: /events\nrecords: \"\"\npaginator: {type: after_id, limit: 1000}\n";
        var resource = HttpDefinitions.resource("leadconduit.unsorted",
                HttpDefinitions.readYaml(new ByteArrayInputStream(withoutSort.getBytes(StandardCharsets.UTF_8))));
        HttpRecordSource pages = HttpRecordSource.full(apis.client("leadconduit"), resource);
        int read = 0;
        while (pages.hasNext()) {
            read += pages.next().records().size();
        }
        assertTrue(read < 2100, "the API's newest-first default loses events: read " + read + " of 2100");
        List<RunSummary> runs = sync(false, null);
        assertEquals(2100, of(runs, "events").inserted(), "with sort=asc every event is read");
    }

    @Test
    void throttlingAndATransientFailureAreWaitedOutWithNothingLostOrDoubled() {
        for (int i = 0; i < 400; i++) {
            LC.addLead(i, true);
        }
        LC.then(429, 503);
        List<RunSummary> runs = sync(false, null);
        assertTrue(runs.stream().allMatch(r -> "completed".equals(r.status())), runs.toString());
        assertEquals(1200, Sql.count(warehouse, "leadconduit_events"));
        assertEquals(1200, of(runs, "events").inserted());
        assertEquals(1, LC.answered(429));
        assertEquals(1, LC.answered(503));
    }

    @Test
    void aWrongKeyFailsTheRunWithTheApisAnswerAndNeverTheKey() {
        LC.addLead(1, true);
        LC.apiKey("another-key");
        List<RunSummary> runs = sync(false, null);
        RunSummary events = runs.get(0);
        assertEquals("failed", events.status());
        assertTrue(events.error().contains("401") && events.error().contains("authentication failed"), events.error());
        assertFalse(events.error().contains(ApiFakesProfile.LEADCONDUIT_KEY));
        assertNull(Sql.rows(warehouse, "SELECT MAX(event_id) AS m FROM leadconduit_events").get(0).get("m"));
    }
}
