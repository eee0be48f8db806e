package dev.caravan.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.testing.Sql;
import dev.caravan.testing.apis.ApiFakesProfile;
import dev.caravan.testing.apis.FakeApi;
import dev.caravan.testing.apis.FakeKlaviyo;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Klaviyo, defined by files only (definitions/klaviyo), against {@link FakeKlaviyo}. */
@QuarkusTest
@TestProfile(ApiFakesProfile.class)
class KlaviyoSyncTest {

    static final FakeKlaviyo KLAVIYO = ApiFakesProfile.KLAVIYO;

    @Inject
    SyncService syncs;

    @Inject
    Warehouse warehouse;

    @BeforeEach
    void fresh() {
        Sql.reset(warehouse);
        KLAVIYO.reset();
        KLAVIYO.apiKey(ApiFakesProfile.KLAVIYO_KEY);
    }

    List<RunSummary> sync() {
        return syncs.sync(new SyncRequest("klaviyo", null, false, false, null, 0, "cli"), ImportProgress.NONE);
    }

    static RunSummary of(List<RunSummary> runs, String object) {
        return LeadConduitSyncTest.of(runs, "klaviyo." + object);
    }

    void seed() {
        KLAVIYO.add("profiles", 250);
        KLAVIYO.add("events", 1500);
        KLAVIYO.add("lists", 25);
        KLAVIYO.add("metrics", 5);
        KLAVIYO.add("campaigns", 120);
        KLAVIYO.add("flows", 60);
    }

    @Test
    void aFullSyncPagesEveryObjectToTheEndThroughLinksNext() {
        seed();
        long t0 = System.nanoTime();
        List<RunSummary> runs = sync();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(runs.stream().allMatch(r -> "completed".equals(r.status())), runs.toString());
        assertEquals(250, Sql.count(warehouse, "klaviyo_profiles"));
        assertEquals(1500, Sql.count(warehouse, "klaviyo_events"));
        assertEquals(25, Sql.count(warehouse, "klaviyo_lists"));
        assertEquals(5, Sql.count(warehouse, "klaviyo_metrics"));
        assertEquals(120, Sql.count(warehouse, "klaviyo_campaigns"));
        assertEquals(60, Sql.count(warehouse, "klaviyo_flows"));
        assertEquals(3, KLAVIYO.requests("/api/profiles").size(), "100 a page, following links.next");
        assertEquals(3, KLAVIYO.requests("/api/lists").size(), "lists take at most 10 a page");
        for (FakeApi.Request r : KLAVIYO.seen) {
            assertEquals("2026-07-15", r.header("revision"));
            assertEquals("application/vnd.api+json", r.header("Accept"));
        }
        for (FakeApi.Request r : KLAVIYO.requests("/api/campaigns")) {
            assertTrue(r.query().get("filter").contains("equals(messages.channel,'email')"), r.query().toString());
        }
        Map<String, Object> event = Sql.rows(warehouse, "SELECT metric_id, profile_id, occurred_at, event_timestamp FROM klaviyo_events"
                + " WHERE klaviyo_id = ?", String.format("01GD%022d", 260)).get(0);
        assertEquals("M" + (260 % 3), event.get("metric_id"));
        assertTrue(event.get("occurred_at") != null && event.get("event_timestamp") != null, event.toString());
        Map<String, Object> profile = Sql.rows(warehouse, "SELECT email, phone, source_updated_at, extra FROM klaviyo_profiles"
                + " WHERE klaviyo_id = ?", String.format("01GD%022d", 3)).get(0);
        assertEquals("person3@klaviyo-demo.com", profile.get("email"));
        assertTrue(String.valueOf(profile.get("extra")).contains("New York"), "unmapped attributes are kept: " + profile);
        long records = 250 + 1500 + 25 + 5 + 120 + 60;
        System.out.printf("klaviyo: %d records in %.2f s (%.0f records/s), 429s: %d%n", records, seconds, records / seconds,
                KLAVIYO.answered(429));
    }

    @Test
    void theNextRunAsksOnlyForWhatChangedWithAnUnquotedDatetimeFilter() {
        seed();
        sync();
        KLAVIYO.seen.clear();
        KLAVIYO.live();
        KLAVIYO.touch("profiles", 5);
        KLAVIYO.add("events", 10);
        List<RunSummary> runs = sync();
        RunSummary profiles = of(runs, "profiles");
        assertEquals("incremental", profiles.mode());
        assertEquals(5, profiles.updated(), profiles.toString());
        assertEquals(0, profiles.inserted());
        assertTrue(profiles.read() <= 8, "the changes and the look-back's overlap only: " + profiles);
        assertEquals(10, of(runs, "events").inserted());
        assertEquals(0, of(runs, "events").updated());
        String filter = KLAVIYO.requests("/api/profiles").get(0).query().get("filter");
        assertTrue(filter.matches("greater-than\\(updated,\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)"), filter);
        String campaigns = KLAVIYO.requests("/api/campaigns").get(0).query().get("filter");
        assertTrue(campaigns.startsWith("and(equals(messages.channel,'email'),greater-than(updated_at,"), campaigns);
        assertEquals(5, of(runs, "metrics").unchanged(), "metrics have no time filter: read in full, left as they are");
    }

    @Test
    void a429IsWaitedOutForAsLongAsRetryAfterSaysAndAServerErrorIsRetried() {
        seed();
        KLAVIYO.then(429, 502);
        List<RunSummary> runs = sync();
        assertTrue(runs.stream().allMatch(r -> "completed".equals(r.status())), runs.toString());
        assertEquals(250, Sql.count(warehouse, "klaviyo_profiles"));
        assertEquals(1, KLAVIYO.answered(429));
        assertEquals(1, KLAVIYO.answered(502));
    }

    @Test
    void aWrongKeyFailsWithKlaviyosOwnMessage() {
        seed();
        KLAVIYO.apiKey("pk_other");
        RunSummary first = sync().get(0);
        assertEquals("failed", first.status());
        assertTrue(first.error().contains("401") && first.error().contains("Incorrect authentication credentials"), first.error());
        assertFalse(first.error().contains(ApiFakesProfile.KLAVIYO_KEY));
    }
}
