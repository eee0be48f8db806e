package dev.caravan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ./caravan status on an embedded H2 warehouse of its own, with a settings file (CARAVAN_ENV_FILE)
 * that configures two sources (one through seed 004's lower-case names) and seed 002's MYSQL_*: the
 * service away first, then rows seeded into the run log, sync state, held rows, webhook events and
 * dead letters, and a service answering UP, then DOWN.
 */
@QuarkusMainTest
@TestProfile(StatusCommandTest.WithSettingsFile.class)
class StatusCommandTest {

    static final Path DIR = Path.of("target/test-files/status-cli").toAbsolutePath();
    static final String DB = DIR.resolve("warehouse/caravan").toString();
    static final String MYSQL_SECRET = "s3cret-mysql-password";

    public static class WithSettingsFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                if (Files.exists(DIR)) {
                    try (var files = Files.walk(DIR)) {
                        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
                Files.createDirectories(DIR);
                Files.writeString(DIR.resolve("status.env"), String.join("\n", "# as seeds 002 and 004 write them",
                        "export GENIUS_DB_HOST=genius-db.example.com", "GENIUS_DB_NAME=genius_production",
                        "et_domain=app.enderturing.com", "et_user=et_user@enderturing.com", "et_password=\"pass word\"",
                        "MYSQL_HOST=localhost", "MYSQL_USER=root", "MYSQL_PASSWORD='" + MYSQL_SECRET + "'", "MYSQL_DATABASE=yourdatabase", ""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("CARAVAN_ENV_FILE", DIR.resolve("status.env").toString(), "caravan.warehouse.url", "jdbc:h2:file:" + DB);
        }

        @Override
        public String getConfigProfile() {
            return "test";
        }
    }

    @Test
    void statusReadsTheWarehouseWithOrWithoutAServiceAndSaysWhatWaits(QuarkusMainLauncher launcher) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        LaunchResult away = launcher.launch("status", "--json", "--url", "http://127.0.0.1:" + closed);
        assertEquals(1, away.exitCode(), "a --url that does not answer fails the status: " + away.getErrorOutput());
        JsonNode first = ReplayCommandTest.json(away);
        assertFalse(first.at("/service/reachable").asBoolean());
        assertEquals("not running (connection refused)", first.at("/service/error").asText());
        assertTrue(first.at("/warehouse/reachable").asBoolean(), first.toString());
        assertEquals("jdbc:mariadb://localhost:3306/yourdatabase", first.at("/warehouse/mysqlUrl").asText());
        assertEquals(DIR.resolve("status.env").toString(), first.at("/settingsFile/path").asText());
        assertEquals(9, first.at("/settingsFile/settings").asInt());
        assertTrue(source(first, "genius").get("configured").asBoolean(), "GENIUS_DB_* come from the file");
        assertTrue(source(first, "enderturing").get("configured").asBoolean(), "et_user and et_password answer ET_USER, ET_PASSWORD");
        assertFalse(source(first, "hubspot").get("configured").asBoolean());
        assertEquals("0 0/15 * * * ?", source(first, "genius").at("/schedules/1/cron").asText());
        assertEquals(0, first.at("/backlog/deadLetters").asInt());
        assertFalse(away.getOutput().contains(MYSQL_SECRET) || away.getErrorOutput().contains(MYSQL_SECRET));

        long completed = seed();

        try (FakeService up = new FakeService(200, "{\"status\":\"UP\",\"checks\":[{\"name\":\"warehouse\",\"status\":\"UP\"}]}")) {
            LaunchResult json = launcher.launch("status", "--json", "--url", up.url());
            assertEquals(0, json.exitCode(), json.getErrorOutput());
            JsonNode s = ReplayCommandTest.json(json);
            assertEquals("UP", s.at("/service/status").asText());
            assertEquals("warehouse", s.at("/service/checks/0/name").asText());
            JsonNode prospects = object(source(s, "genius"), "prospects");
            assertEquals(completed, prospects.get("lastSuccessRunId").asLong(), prospects.toString());
            assertEquals("failed", prospects.get("lastRunStatus").asText(), "the newest run failed after the success");
            assertTrue(prospects.get("watermark").asText().startsWith("2025-07-01T08:00"), prospects.toString());
            assertEquals(2, object(source(s, "genius"), "appointments").get("held").asInt());
            assertEquals(2, s.at("/backlog/webhookWaiting/hubspot").asInt());
            assertEquals(1, s.at("/backlog/webhookFailed/hubspot").asInt());
            assertEquals(1, s.at("/backlog/webhookWaiting/leadconduit").asInt());
            assertEquals(2, s.at("/backlog/heldRows/genius.appointments").asInt());
            assertEquals(1, s.at("/backlog/deadLetters").asInt(), "the resolved dead letter is not counted");
            assertNull(source(s, "hubspot").get("objects").get(0).get("lastRunId").textValue());

            LaunchResult text = launcher.launch("status", "--url", up.url());
            assertEquals(0, text.exitCode(), text.getErrorOutput());
            String out = text.getOutput();
            assertTrue(out.contains("Service    " + up.url() + ": UP (warehouse UP)"), out);
            assertTrue(out.contains("Settings   " + DIR.resolve("status.env") + " (9 settings)"), out);
            assertTrue(out.contains("genius.prospects") && out.contains(completed + 1 + " failed"), out);
            assertTrue(out.contains("webhook events waiting   hubspot 2, leadconduit 1"), out);
            assertTrue(out.contains("webhook events failed    hubspot 1"), out);
            assertTrue(out.contains("rows held for a parent   genius.appointments 2"), out);
            assertTrue(out.matches("(?s).*dead letters\\s+1 unresolved.*"), out);
            assertFalse(out.contains(MYSQL_SECRET), "a value of the settings file is shown");
        }

        try (FakeService down = new FakeService(503, "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"warehouse\",\"status\":\"DOWN\"}]}")) {
            LaunchResult r = launcher.launch("status", "--url", down.url());
            assertEquals(1, r.exitCode(), "a service that answers DOWN fails the status");
            assertTrue(r.getOutput().contains(": DOWN (warehouse DOWN)"), r.getOutput());
        }
    }

    /** Rows as runs, syncs and webhooks leave them; returns the id of the completed run of genius.prospects. */
    private static long seed() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + DB, "sa", ""); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO caravan_run (source, object, triggered_by, status, started_at, finished_at)"
                    + " VALUES ('genius', 'prospects', 'schedule', 'completed', TIMESTAMP WITH TIME ZONE '2025-07-01 08:00:00+00',"
                    + " TIMESTAMP WITH TIME ZONE '2025-07-01 08:01:00+00')", new String[] {"id"});
            long completed;
            try (var keys = s.getGeneratedKeys()) {
                keys.next();
                completed = keys.getLong(1);
            }
            s.executeUpdate("INSERT INTO caravan_run (source, object, triggered_by, status, started_at, finished_at, error)"
                    + " VALUES ('genius', 'prospects', 'schedule', 'failed', TIMESTAMP WITH TIME ZONE '2025-07-01 08:15:00+00',"
                    + " TIMESTAMP WITH TIME ZONE '2025-07-01 08:15:05+00', 'source unavailable')");
            s.executeUpdate("INSERT INTO caravan_sync_state (source, object, watermark_at, watermark_key, last_run_id)"
                    + " VALUES ('genius', 'prospects', TIMESTAMP WITH TIME ZONE '2025-07-01 08:00:00+00', '42', " + completed + ")");
            for (String key : new String[] {"A1", "A2"}) {
                s.executeUpdate("INSERT INTO caravan_held_row (source, object, key_text, record, reason, first_run_id, last_run_id)"
                        + " VALUES ('genius', 'appointments', '" + key + "', '{}', 'prospect not loaded yet', " + completed + ", " + completed + ")");
            }
            String[][] events = {{"hubspot", "e1", "pending"}, {"hubspot", "e2", "processing"}, {"hubspot", "e3", "failed"},
                {"hubspot", "e4", "processed"}, {"leadconduit", "l1", "pending"}};
            for (String[] e : events) {
                s.executeUpdate("INSERT INTO caravan_webhook_event (system, event_id, status, payload) VALUES ('" + e[0] + "', '"
                        + e[1] + "', '" + e[2] + "', '{}')");
            }
            s.executeUpdate("INSERT INTO caravan_dead_letter (route_id, reason) VALUES ('upsert-batch', 'a batch failed')");
            s.executeUpdate("INSERT INTO caravan_dead_letter (route_id, reason, resolved_at) VALUES ('upsert-batch', 'replayed',"
                    + " CURRENT_TIMESTAMP)");
            return completed;
        }
    }

    private static JsonNode source(JsonNode status, String name) {
        for (JsonNode s : status.get("sources")) {
            if (name.equals(s.get("source").asText())) {
                return s;
            }
        }
        throw new AssertionError("no source " + name + " in " + status);
    }

    private static JsonNode object(JsonNode source, String name) {
        for (JsonNode o : source.get("objects")) {
            if (name.equals(o.get("object").asText())) {
                return o;
            }
        }
        throw new AssertionError("no object " + name + " in " + source);
    }

    /** A service's health endpoint: a real HTTP server answering GET /q/health with a fixed answer. */
    static final class FakeService implements AutoCloseable {
        private final HttpServer server;

        FakeService(int status, String body) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/q/health", exchange -> {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
