package dev.caravan.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.testing.Sql;
import dev.caravan.testing.enderturing.EnderTuringData;
import dev.caravan.testing.enderturing.EnderTuringProfile;
import dev.caravan.testing.enderturing.FakeEnderTuring;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ender Turing syncs through the HTTP source engine against {@link FakeEnderTuring} (real HTTP on
 * loopback, a server-side rate limit of 25 requests/s) into the embedded H2 warehouse.
 */
@QuarkusTest
@TestProfile(EnderTuringProfile.class)
class EnderTuringSyncTest {

    private static final Logger LOG = Logger.getLogger(EnderTuringSyncTest.class);
    static final List<String> TABLES = List.of("enderturing_scores", "enderturing_sessions", "enderturing_agents",
            "enderturing_agent_groups", "enderturing_users", "enderturing_tags", "enderturing_categories", "enderturing_scorecards");

    @Inject
    SyncService syncs;

    @Inject
    ApiConnections apis;

    @Inject
    Warehouse warehouse;

    FakeEnderTuring fake;
    final LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void fresh() {
        Sql.reset(warehouse);
        TABLES.forEach(t -> Sql.exec(warehouse, "DELETE FROM " + t));
        fake = EnderTuringProfile.FAKE.reset().rateLimit(25);
        fake.dictionary("/agents", EnderTuringData.agents(1_200)).dictionary("/agent-groups", EnderTuringData.agentGroups(3))
                .dictionary("/users", EnderTuringData.users(15)).dictionary("/tags", EnderTuringData.tags(25))
                .dictionary("/categories", EnderTuringData.categories(4)).dictionary("/scorecards", EnderTuringData.scorecards());
    }

    Map<String, RunSummary> sync(boolean full, SyncRequest.TestMode testMode) {
        List<RunSummary> runs = syncs.sync(new SyncRequest("enderturing", null, full, false, null, 0, "cli", null, testMode),
                ImportProgress.NONE);
        runs.forEach(r -> assertEquals("completed", r.status(), r.object() + ": " + r.error()));
        return runs.stream().collect(Collectors.toMap(r -> r.object().replace("enderturing.", ""), r -> r));
    }

    long count(String table) {
        return Sql.count(warehouse, table);
    }

    @Test
    void aFullSyncLandsEveryTableAndTheNextRunPicksUpOnlyWhatChanged() {
        List<ObjectNode> sessions = EnderTuringData.sessions(600, now.minusDays(20), now.minusHours(1), 7);
        sessions.forEach(fake::session);
        for (int i = 0; i < 40; i++) {
            fake.score(sessions.get(i * 15).get("id").asText(), i + 1, 10, 5, 3, now.minusDays(1));
        }
        long started = System.nanoTime();
        Map<String, RunSummary> first = sync(true, null);
        double seconds = (System.nanoTime() - started) / 1e9;
        long records = first.values().stream().mapToLong(RunSummary::read).sum();
        LOG.infof("MEASURE enderturing full sync: %d records in %.1f s = %.0f records/s, %d requests, %d answered 429 by the fake,"
                + " client throttled() %d", records, seconds, records / seconds, fake.requests.size(), fake.throttledAnswers(),
                apis.client("enderturing").throttled());
        assertEquals(1_200, count("enderturing_agents"), "past the default limit and the 1000 page");
        assertEquals(3, count("enderturing_agent_groups"));
        assertEquals(15, count("enderturing_users"));
        assertEquals(25, count("enderturing_tags"));
        assertEquals(4, count("enderturing_categories"));
        assertEquals(1, count("enderturing_scorecards"));
        assertEquals(600, count("enderturing_sessions"));
        assertEquals(120, count("enderturing_scores"), "40 scores × 3 points");
        assertTrue(Sql.count(warehouse, "caravan_raw_record") >= 600 + 1_200, "raw payloads kept");

        // a new session, and a review of an old one (10 days back, inside the 30-day look-back)
        fake.session(EnderTuringData.session("new-session-1", now.minusMinutes(30), 3, new java.util.Random(1)));
        fake.score(sessions.get(200).get("id").asText(), 99, 11, 5, 2, now.minusMinutes(5));
        Map<String, RunSummary> second = sync(false, null);
        assertEquals("incremental", second.get("sessions").mode());
        assertEquals(1, second.get("sessions").inserted());
        assertEquals(1, second.get("sessions").updated(), "the reviewed session");
        assertEquals(2, second.get("scores").inserted(), "the new score's two points");
        assertEquals(0, second.get("scores").updated());
        assertEquals(0, second.get("agents").inserted() + second.get("agents").updated());
        assertEquals(601, count("enderturing_sessions"));
        assertEquals(122, count("enderturing_scores"));
        assertEquals(2L, ((Number) Sql.rows(warehouse, "SELECT COUNT(*) AS n FROM enderturing_scores WHERE reviewer_id = 11"
                + " AND session_id = ?", sessions.get(200).get("id").asText()).get(0).values().iterator().next()).longValue());
    }

    @Test
    void testModeCapsSessionsAt200UnlessTold() {
        List<ObjectNode> sessions = EnderTuringData.sessions(500, now.minusDays(10), now.minusHours(1), 8);
        sessions.forEach(fake::session);
        for (int i = 0; i < 50; i++) {
            fake.score(sessions.get(i * 10).get("id").asText(), i + 1, 10, 5, 1, now.minusDays(1));
        }
        Map<String, RunSummary> trial = sync(true, new SyncRequest.TestMode(Map.of()));
        assertEquals(200, trial.get("sessions").read());
        assertEquals(200, count("enderturing_sessions"));
        assertEquals(20, count("enderturing_scores"), "the scores of the first 200 sessions only");
        assertEquals(1_200, count("enderturing_agents"), "dictionaries are read in full");
        Map<String, RunSummary> more = sync(true, new SyncRequest.TestMode(Map.of("sessions", 300L)));
        assertEquals(300, more.get("sessions").read());
    }
}
