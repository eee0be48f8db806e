package dev.caravan.testing.apis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * LeadConduit's {@code GET /events} as ActiveProspect documents it: Basic auth (any user name, the API
 * key as password; 401 {@code {"error":"authentication failed"}}), a bare JSON array of events,
 * {@code after_id} exclusive, {@code start} inclusive, {@code limit} 1–1000 (default 100), and
 * {@code sort} by creation, <b>descending by default</b> — so paging by {@code after_id} without
 * {@code sort=asc} returns the newest events and skips the older ones. Event ids are 24-hex, in
 * creation order. Typed lead fields are objects {@code {"normal", "raw", "valid"}}.
 */
public final class FakeLeadConduit extends FakeApi {

    private final List<ObjectNode> events = new ArrayList<>();
    private volatile String apiKey;
    private long nextId = 0x5fd4371e940dL << 24;
    private Instant clock = Instant.parse("2026-11-01T10:00:00Z");

    public FakeLeadConduit(String apiKey) {
        this.apiKey = apiKey;
    }

    public synchronized FakeLeadConduit reset() {
        events.clear();
        nextId = 0x5fd4371e940dL << 24;
        clock = Instant.parse("2026-11-01T10:00:00Z");
        resetSeen();
        return this;
    }

    public void apiKey(String key) {
        this.apiKey = key;
    }

    public synchronized int size() {
        return events.size();
    }

    /**
     * Adds one lead's events: a filter and a recipient step, then the source event (recorded after the
     * lead's processing), as LeadConduit does. Returns the lead id.
     */
    public synchronized String addLead(int n, boolean withTimestamp) {
        String leadId = String.format("%024x", 0xabc0000000L + n);
        clock = clock.plusSeconds(7);
        event("filter", "success", leadId, n, withTimestamp);
        event("recipient", n % 5 == 0 ? "failure" : "success", leadId, n, withTimestamp);
        event("source", "success", leadId, n, withTimestamp);
        return leadId;
    }

    private void event(String type, String outcome, String leadId, int n, boolean withTimestamp) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", String.format("%024x", nextId++));
        e.put("type", type);
        e.put("outcome", outcome);
        if ("failure".equals(outcome)) {
            e.put("reason", "duplicate lead");
        } else {
            e.putNull("reason");
        }
        e.put("host", "app.leadconduit.com");
        e.put("start_timestamp", clock.toEpochMilli());
        e.put("end_timestamp", clock.toEpochMilli() + 333);
        e.put("total_ms", 333);
        e.put("version", "1.0.0");
        ObjectNode vars = e.putObject("vars");
        if (withTimestamp) {
            vars.putObject("submission").put("ip", "203.0.113.7").put("timestamp", clock.toString());
        } else {
            vars.putObject("submission").put("ip", "203.0.113.7");
        }
        vars.putObject("account").put("id", "5fd4371e940df5a34a3888aa").put("name", "Example Co");
        vars.putObject("flow").put("id", "5fd4371e940df5a34a3888b0").put("name", "Sales Leads");
        vars.putObject("source").put("id", "5fd4371e940df5a34a3888b1").put("name", "Acme Leads");
        ObjectNode lead = vars.putObject("lead");
        lead.put("id", leadId);
        lead.put("first_name", "Lead" + n);
        lead.put("last_name", "Person");
        lead.putObject("email").put("normal", "lead" + n + "@example.com").put("raw", "Lead" + n + "@Example.com")
                .put("user", "lead" + n).put("domain", "example.com").put("is_free", false).put("valid", true);
        lead.putObject("phone_1").put("normal", String.format("512555%04d", n % 10000))
                .put("raw", String.format("(512) 555-%04d", n % 10000)).put("area", "512").put("valid", true);
        lead.putObject("state").put("normal", "TX").put("raw", "Texas").put("valid", true);
        lead.putObject("postal_code").put("normal", "78701").put("raw", "78701").put("valid", true);
        events.add(e);
    }

    @Override
    protected String failureBody(int status) {
        return "{\"error\":\"" + (status == 429 ? "rate limit exceeded" : "service unavailable") + "\"}";
    }

    @Override
    protected void handle(Request r, HttpExchange exchange) throws IOException {
        if (!r.path().equals("/events")) {
            sendJson(exchange, 404, Map.of("error", "not found"));
            return;
        }
        if (!authorized(r.header("Authorization"))) {
            sendJson(exchange, 401, Map.of("error", "authentication failed"));
            return;
        }
        int limit = 100;
        if (r.query().containsKey("limit")) {
            limit = Integer.parseInt(r.query().get("limit"));
            if (limit < 1 || limit > 1000) {
                sendJson(exchange, 400, Map.of("error", "limit must be between 1 and 1000"));
                return;
            }
        }
        String sort = r.query().getOrDefault("sort", "desc");
        String after = r.query().get("after_id");
        Instant start = r.query().containsKey("start") ? Instant.parse(r.query().get("start")) : null;
        List<ObjectNode> matching;
        synchronized (this) {
            matching = events.stream()
                    .filter(e -> after == null || e.get("id").asText().compareTo(after) > 0)
                    .filter(e -> start == null || !Instant.ofEpochMilli(e.get("start_timestamp").asLong()).isBefore(start))
                    .sorted("asc".equals(sort) ? Comparator.comparing((ObjectNode e) -> e.get("id").asText())
                            : Comparator.comparing((ObjectNode e) -> e.get("id").asText()).reversed())
                    .limit(limit).toList();
        }
        ArrayNode out = JSON.createArrayNode();
        matching.forEach(out::add);
        send(exchange, 200, "application/json", out.toString());
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon >= 0 && decoded.substring(colon + 1).equals(apiKey); // the user name is ignored
    }
}
