package dev.caravan.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.testing.enderturing.EnderTuringData;
import dev.caravan.testing.enderturing.FakeEnderTuring;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Ender Turing definitions read by the engine against {@link FakeEnderTuring} (real HTTP on
 * loopback), with a fake clock (now = 2026-01-01T00:00:01Z): login, dictionaries paged past the
 * server's default limit, windows split at the result cap, 429/5xx/401 on the way.
 */
class EnderTuringReadTest {

    static final FakeEnderTuring FAKE = FakeEnderTuring.start();
    private final FakeClock clock = new FakeClock();

    @BeforeEach
    void fresh() {
        FAKE.reset();
    }

    @AfterAll
    static void stop() {
        FAKE.close();
    }

    static JsonNode file(String name) {
        try (InputStream in = Files.newInputStream(Path.of("definitions/enderturing/" + name + ".yaml"))) {
            return HttpDefinitions.readYaml(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResource object(String name) {
        return HttpDefinitions.resource("enderturing." + name, file(name).get("http"));
    }

    private ApiClient client(String... env) {
        Map<String, String> vars = new java.util.HashMap<>(Defs.env(env));
        vars.put("ENDERTURING_BASE_URL", FAKE.baseUrl());
        return new ApiClient(HttpDefinitions.connection("enderturing", file("connection"), vars), vars, clock, () -> 0.0);
    }

    private ApiClient login() {
        return client("et_user", FakeEnderTuring.USER, "et_password", FakeEnderTuring.PASSWORD);
    }

    static List<JsonNode> readAll(HttpRecordSource pages) {
        List<JsonNode> out = new ArrayList<>();
        pages.records().forEachRemaining(r -> out.add(r.record()));
        return out;
    }

    @Test
    void everyFileParses() {
        for (String o : List.of("agents", "agent_groups", "users", "tags", "categories", "scorecards", "sessions", "scores")) {
            assertEquals(file(o).get("table").asText(), "enderturing_" + o, o);
            object(o);
        }
        assertEquals(LoginAuth.class, client("ET_USER", "u", "ET_PASSWORD", "p").connection().auth().get(1).getClass());
    }

    @Test
    void dictionariesArePagedToTheEndPastTheServersDefaultLimit() {
        FAKE.dictionary("/agents", EnderTuringData.agents(2_345));
        List<JsonNode> agents = readAll(HttpRecordSource.full(login(), object("agents")));
        assertEquals(2_345, agents.size(), "a default limit of " + FakeEnderTuring.DEFAULT_LIMIT + " must not truncate");
        assertEquals(List.of("/api/v1/agents?skip=0&limit=1000", "/api/v1/agents?skip=1000&limit=1000",
                "/api/v1/agents?skip=2000&limit=1000"), FAKE.requests.stream().filter(r -> r.startsWith("/api/v1/agents")).toList());
        assertEquals(1, FAKE.logins(), "one login, its token reused");
    }

    @Test
    void aPersonalAccessTokenIsSentAsBearerWithoutALogin() {
        FAKE.dictionary("/tags", EnderTuringData.tags(3));
        assertEquals(3, readAll(HttpRecordSource.full(client("ET_TOKEN", FakeEnderTuring.PAT, "ET_USER", "x", "ET_PASSWORD", "y"),
                object("tags"))).size());
        assertEquals(0, FAKE.logins());
    }

    @Test
    void throttlingAndTransientErrorsAreRetriedOnTheSamePage() {
        FAKE.dictionary("/users", EnderTuringData.users(1_500));
        ApiClient c = login();
        FAKE.dictionary("/tags", EnderTuringData.tags(1));
        readAll(HttpRecordSource.full(c, object("tags"))); // logged in: the faults below meet the reads
        FAKE.faults(429, 503, 500, 502);
        List<JsonNode> users = readAll(HttpRecordSource.full(c, object("users")));
        assertEquals(1_500, users.size());
        assertEquals(1_500, users.stream().map(u -> u.get("id").asInt()).distinct().count(), "no page skipped or doubled");
        assertEquals(2, c.throttled(), "the 429 and the 503");
    }

    @Test
    void aTokenTheServerNoLongerAcceptsIsRenewedOnceAfterA401() {
        FAKE.dictionary("/tags", EnderTuringData.tags(5));
        ApiClient c = login();
        assertEquals(5, readAll(HttpRecordSource.full(c, object("tags"))).size());
        FAKE.expireTokens();
        assertEquals(5, readAll(HttpRecordSource.full(c, object("tags"))).size());
        assertEquals(2, FAKE.logins());
    }

    @Test
    void sessionsAreReadInWindowsSplitWhileATotalReachesTheCap() {
        FAKE.cap(50);
        LocalDateTime day = LocalDateTime.parse("2025-12-31T08:00:00");
        for (ObjectNode s : EnderTuringData.sessions(400, day, day.plusHours(8), 3)) {
            FAKE.session(s);
        }
        HttpResource sessions = HttpDefinitions.resource("enderturing.sessions", Defs.yaml(file("sessions").get("http").toString()
                .replace("\"max_results\":10000", "\"max_results\":50").replace("\"history\":\"90d\"", "\"history\":\"2d\"")));
        HttpRecordSource pages = HttpRecordSource.full(login(), sessions);
        List<JsonNode> read = readAll(pages);
        Set<String> ids = new HashSet<>();
        read.forEach(r -> ids.add(r.get("id").asText()));
        assertEquals(400, ids.size(), "every session");
        assertEquals(400, read.size(), "each once");
        assertTrue(pages.windowSplits() > 0);
        for (String r : FAKE.requests) {
            assertFalse(r.contains("skip=50"), "no query pages up to the cap: " + r);
        }
    }

    @Test
    void aMinuteWithMoreSessionsThanTheCapIsAClearError() {
        FAKE.cap(50);
        LocalDateTime at = LocalDateTime.parse("2025-12-31T10:00:00");
        for (ObjectNode s : EnderTuringData.sessions(60, at, at.plusSeconds(50), 4)) {
            FAKE.session(s);
        }
        HttpResource sessions = HttpDefinitions.resource("enderturing.sessions", Defs.yaml(file("sessions").get("http").toString()
                .replace("\"max_results\":10000", "\"max_results\":50").replace("\"history\":\"90d\"", "\"history\":\"1d\"")));
        BadResponseException e = assertThrows(BadResponseException.class, () -> readAll(HttpRecordSource.full(login(), sessions)));
        assertTrue(e.getMessage().contains("reach the 50-result cap"), e.getMessage());
    }

    @Test
    void scoresAreReadPerReviewedSessionOneRowPerPoint() {
        LocalDateTime day = LocalDateTime.parse("2025-12-30T09:00:00");
        List<ObjectNode> all = EnderTuringData.sessions(30, day, day.plusHours(30), 5);
        all.forEach(FAKE::session);
        FAKE.score(all.get(3).get("id").asText(), 1, 10, 5, 3, day.plusDays(1));
        FAKE.score(all.get(20).get("id").asText(), 2, 11, 5, 2, day.plusDays(1));
        ApiClient c = login();
        List<JsonNode> rows = readAll(HttpRecordSource.children(c, object("scores"), object("sessions"), null, null, null));
        assertEquals(5, rows.size());
        assertEquals(2, FAKE.count("/api/v1/sessions/"), "only the reviewed sessions are asked");
        assertEquals(Set.of(41, 42, 43), Set.copyOf(rows.stream().filter(r -> r.get("id").asInt() == 1)
                .map(r -> r.get("scorecard_point_id").asInt()).toList()));
    }

    @Test
    void loginTokensAreCachedUntilShortlyBeforeTheyExpire() {
        FAKE.dictionary("/tags", EnderTuringData.tags(2)).expiresIn(120);
        ApiClient c = login();
        readAll(HttpRecordSource.full(c, object("tags")));
        clock.advance(Duration.ofSeconds(50));
        readAll(HttpRecordSource.full(c, object("tags")));
        assertEquals(1, FAKE.logins(), "reused within expires_in − 60 s");
        clock.advance(Duration.ofSeconds(15));
        readAll(HttpRecordSource.full(c, object("tags")));
        assertEquals(2, FAKE.logins(), "logged in again 60 s before expiry");
    }

    @Test
    void badCredentialsFailClearlyWithoutThePassword() {
        FAKE.dictionary("/tags", EnderTuringData.tags(2));
        ApiClient c = client("ET_USER", FakeEnderTuring.USER, "ET_PASSWORD", "wrong-password-123");
        ApiErrorException e = assertThrows(ApiErrorException.class, () -> readAll(HttpRecordSource.full(c, object("tags"))));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("login refused (check ET_USER, ET_PASSWORD)"), e.getMessage());
        assertTrue(e.getMessage().contains("Incorrect email or password"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-password-123"));
    }
}
