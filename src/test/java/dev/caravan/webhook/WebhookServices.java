package dev.caravan.webhook;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.testing.CaravanProcess;
import dev.caravan.testing.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The packaged service ({@code serve}) as real processes on one fresh PostgreSQL database, each on a
 * port of its own, for the webhook ITs: start, readiness, SQL against the database, and the event ids
 * a HubSpot delivery carries.
 */
final class WebhookServices {

    static final String SECRET = "whsec-it-7d1e9c0b5a";
    static final String TOKEN = "pat-na1-webhook-it-4c2a";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final TestPostgres pg = TestPostgres.get();
    final String db;
    final String hubspotBaseUrl;

    WebhookServices(String prefix, String hubspotBaseUrl) {
        this.db = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        this.hubspotBaseUrl = hubspotBaseUrl;
        pg.admin("CREATE DATABASE " + db);
    }

    /** A service process in service mode on a port picked now; {@code extra} adds to (or overrides) the environment. */
    Service start(String name, Map<String, String> extra) throws IOException {
        int port = freePort();
        Map<String, String> env = new HashMap<>();
        env.put("CARAVAN_DB_URL", url());
        env.put("CARAVAN_DB_USER", pg.user());
        env.put("CARAVAN_DB_PASSWORD", pg.password());
        env.put("CARAVAN_HTTP_PORT", Integer.toString(port));
        env.put("HUBSPOT_BASE_URL", hubspotBaseUrl);
        env.put("HUBSPOT_ACCESS_TOKEN", TOKEN);
        env.put("HUBSPOT_CLIENT_SECRET", SECRET);
        env.put("CARAVAN_INBOX_DIR", "target/it-inbox-" + db + "-" + name);
        env.put("CARAVAN_UPLOAD_DIR", "target/it-uploads-" + db + "-" + name);
        env.putAll(extra);
        Path log = Path.of("target/webhook-" + db + "-" + name + "-it.log");
        return new Service(name, port, CaravanProcess.start(log, env, "serve"));
    }

    /** One running service process. */
    record Service(String name, int port, CaravanProcess process) {
        String base() {
            return "http://127.0.0.1:" + port;
        }

        /** Waits for GET /q/health/ready to answer 200. */
        Service awaitReady() throws InterruptedException {
            long deadline = System.currentTimeMillis() + 120_000;
            while (true) {
                assertTrue(process.isAlive(), name + " ended before it was ready: " + process.log());
                assertTrue(System.currentTimeMillis() < deadline, name + " not ready within 120 s: " + process.log());
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return this;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
        }

        /** A signed HubSpot delivery of this body to POST /webhooks/hubspot of this process. */
        HttpResponse<String> deliver(String body) {
            return Deliveries.hubspot(base(), "/webhooks/hubspot", SECRET, body);
        }
    }

    String url() {
        return pg.url().replace(pg.database(), db);
    }

    long count(String sql) {
        try (Connection c = pg.connect(url()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    List<Map<String, Object>> rows(String sql) {
        try (Connection c = pg.connect(url()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, Object>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= n; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    List<String> strings(String sql) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> row : rows(sql)) {
            Object v = row.values().iterator().next();
            out.add(v == null ? null : v.toString());
        }
        return out;
    }

    /** The event ids (subscriptionId:eventId:objectId:occurredAt) of a HubSpot delivery's body. */
    static List<String> eventIds(String body) {
        try {
            List<String> out = new ArrayList<>();
            for (JsonNode e : JSON.readTree(body)) {
                out.add(e.path("subscriptionId").asText() + ":" + e.path("eventId").asText() + ":" + e.path("objectId").asText()
                        + ":" + e.path("occurredAt").asText());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The "stored" and "duplicates" of a 200's body. */
    static int[] storedAndDuplicates(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return new int[] {n.path("stored").asInt(-1), n.path("duplicates").asInt(-1)};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ids in a HubSpot batch-read request's body ({"inputs":[{"id":…}]}). */
    static List<String> batchReadIds(String body) {
        try {
            List<String> out = new ArrayList<>();
            for (JsonNode in : JSON.readTree(body).path("inputs")) {
                out.add(in.path("id").asText());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ids as a SQL list of string literals (test data: digits and colons only). */
    static String quoted(java.util.Collection<String> ids) {
        return ids.isEmpty() ? "NULL" : String.join(", ", ids.stream().map(i -> "'" + i + "'").toList());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
