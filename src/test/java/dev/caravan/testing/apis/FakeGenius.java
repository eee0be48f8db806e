package dev.caravan.testing.apis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Genius CRM API in the shape Caravan defines for it (docs/sources/genius-api.md; Genius publishes
 * none): {@code Authorization: Bearer TOKEN} (401 {@code {"error": …}} otherwise), {@code GET
 * /api/v1/OBJECT?sort=updated_at&updated_since=ISO&per_page=≤100&cursor=…} answered
 * {@code {"data": [...], "meta": {"next_cursor": "…" | null}}}, records named as the Genius tables'
 * columns. The cursor is the position after the last record sent (keyset on updated_at, id).
 */
public final class FakeGenius extends FakeApi {

    static final List<String> OBJECTS = List.of("divisions", "users", "marketing_sources", "prospects", "appointments");

    private final Map<String, List<ObjectNode>> data = new LinkedHashMap<>();
    private volatile String token;
    private Instant clock = Instant.parse("2026-09-01T12:00:00Z");

    public FakeGenius(String token) {
        this.token = token;
        OBJECTS.forEach(o -> data.put(o, new ArrayList<>()));
    }

    public synchronized FakeGenius reset() {
        data.values().forEach(List::clear);
        resetSeen();
        clock = Instant.parse("2026-09-01T12:00:00Z");
        return this;
    }

    /** From now on records change at the current time, as a live API's do (seeds lie in the past). */
    public synchronized void live() {
        if (clock.isBefore(Instant.now())) {
            clock = Instant.now();
        }
    }

    /** {@code n} rows of every object, children pointing at existing parents. */
    public synchronized void seed(int n) {
        for (int i = 1; i <= n; i++) {
            add("divisions", row(i).put("name", "Division " + i).put("code", "D" + i));
            add("users", row(i).put("first_name", "Rep" + i).put("last_name", "Smith").put("email", "rep" + i + "@genius.example")
                    .put("title", "Sales Rep").put("division_id", String.valueOf(1 + i % n)).put("hire_date", "2024-03-0" + (1 + i % 9)));
            add("marketing_sources", row(i).put("name", "Source " + i).put("division_id", String.valueOf(1 + i % n))
                    .put("start_date", "2025-01-01"));
            add("prospects", row(i).put("first_name", "Pat" + i).put("last_name", "Lee").put("phone1", "(512) 555-01" + String.format("%02d", i % 100))
                    .put("lead_date", "2026-08-01").put("marketing_source_id", String.valueOf(1 + i % n))
                    .put("sales_rep_id", String.valueOf(1 + i % n)).put("division_id", String.valueOf(1 + i % n)));
            add("appointments", row(i).put("prospect_id", String.valueOf(i)).put("appointment_date", "2026-09-15T10:00:00Z")
                    .put("appt_type", "in_home").put("user_id", String.valueOf(1 + i % n)));
        }
    }

    /** Changes the first {@code n} prospects. */
    public synchronized void touchProspects(int n) {
        List<ObjectNode> list = data.get("prospects");
        for (int i = 0; i < n && i < list.size(); i++) {
            clock = clock.plusSeconds(60);
            list.get(i).put("last_name", "Changed").put("updated_at", clock.toString());
        }
    }

    private ObjectNode row(int id) {
        clock = clock.plusSeconds(1);
        return JSON.createObjectNode().put("id", String.valueOf(id)).put("created_at", clock.toString()).put("updated_at", clock.toString());
    }

    private void add(String object, ObjectNode row) {
        data.get(object).add(row);
    }

    @Override
    protected void handle(Request r, HttpExchange exchange) throws IOException {
        String object = r.path().startsWith("/api/v1/") ? r.path().substring("/api/v1/".length()) : null;
        if (object == null || !data.containsKey(object)) {
            sendJson(exchange, 404, Map.of("error", "not found"));
            return;
        }
        if (!("Bearer " + token).equals(r.header("Authorization"))) {
            sendJson(exchange, 401, Map.of("error", "invalid token"));
            return;
        }
        int perPage = Integer.parseInt(r.query().getOrDefault("per_page", "25"));
        if (perPage < 1 || perPage > 100) {
            sendJson(exchange, 400, Map.of("error", "per_page must be between 1 and 100"));
            return;
        }
        Instant since = r.query().containsKey("updated_since") ? Instant.parse(r.query().get("updated_since")) : null;
        String cursor = r.query().get("cursor");
        List<ObjectNode> rows;
        synchronized (this) {
            rows = new ArrayList<>(data.get(object).stream()
                    .filter(n -> since == null || !Instant.parse(n.get("updated_at").asText()).isBefore(since))
                    .map(ObjectNode::deepCopy).toList());
        }
        Comparator<ObjectNode> order = Comparator.comparing((ObjectNode n) -> n.get("updated_at").asText())
                .thenComparing(n -> Integer.parseInt(n.get("id").asText()));
        rows.sort(order);
        if (cursor != null) {
            String[] at = cursor.split("_", 2);
            rows.removeIf(n -> {
                int c = n.get("updated_at").asText().compareTo(at[0]);
                return c < 0 || c == 0 && Integer.parseInt(n.get("id").asText()) <= Integer.parseInt(at[1]);
            });
        }
        List<ObjectNode> page = rows.subList(0, Math.min(perPage, rows.size()));
        ObjectNode doc = JSON.createObjectNode();
        ArrayNode out = doc.putArray("data");
        page.forEach(out::add);
        ObjectNode meta = doc.putObject("meta");
        if (rows.size() > perPage) {
            ObjectNode last = page.get(page.size() - 1);
            meta.put("next_cursor", last.get("updated_at").asText() + "_" + last.get("id").asText());
        } else {
            meta.putNull("next_cursor");
        }
        send(exchange, 200, "application/json", doc.toString());
    }
}
