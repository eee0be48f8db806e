package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Behaves like HubSpot's CRM v3 contacts API as its public docs show it:
 * {@code GET /crm/v3/objects/contacts?limit&after&properties} answering
 * {@code {"results":[…],"paging":{"next":{"after":…,"link":…}}}} (limit ≤ 100),
 * {@code POST /crm/v3/objects/contacts/search} with filterGroups/sorts/after/limit (limit ≤ 200,
 * at most 10,000 results per query: 400 past it), {@code POST /oauth/v1/token} (refresh-token grant),
 * a bearer token on every CRM call (401 otherwise) and X-HubSpot-RateLimit-* headers.
 */
final class FakeHubSpot extends TestServer {

    static final String CLIENT_ID = "client-id-1";
    static final String CLIENT_SECRET = "client-secret-xyz";
    static final String REFRESH_TOKEN = "refresh-token-abc";
    static final Instant FIRST_CHANGE = Instant.parse("2025-01-01T00:00:00Z");

    final List<ObjectNode> contacts = new ArrayList<>();
    final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    final AtomicInteger tokensIssued = new AtomicInteger();
    volatile long expiresIn = 1800;
    /** False: tokens are issued but not accepted (as after the app was uninstalled). */
    volatile boolean honourNewTokens = true;

    /** {@code n} contacts, ids 1..n, contact i last modified i minutes after {@link #FIRST_CHANGE}. */
    FakeHubSpot(Ticker clock, int n) throws IOException {
        super(clock);
        for (int i = 1; i <= n; i++) {
            ObjectNode c = JSON.createObjectNode();
            c.put("id", Integer.toString(i));
            ObjectNode p = c.putObject("properties");
            p.put("email", "contact" + i + "@example.com");
            p.put("firstname", "First" + i);
            p.put("lastname", "Last" + i);
            p.put("hs_object_id", Integer.toString(i));
            String changed = FIRST_CHANGE.plusSeconds(60L * i).toString();
            p.put("lastmodifieddate", changed);
            p.put("createdate", FIRST_CHANGE.toString());
            c.put("createdAt", FIRST_CHANGE.toString());
            c.put("updatedAt", changed);
            c.put("archived", false);
            contacts.add(c);
        }
        route("/crm/v3/objects/contacts", this::contacts);
        route("/oauth/v1/token", this::token);
    }

    private void contacts(Seen s, HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("X-HubSpot-RateLimit-Max", "100");
        exchange.getResponseHeaders().add("X-HubSpot-RateLimit-Remaining", "99");
        exchange.getResponseHeaders().add("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
        String auth = s.header("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring(7))) {
            error(exchange, 401, "Authentication credentials not found. This API supports OAuth 2.0 authentication.",
                    "INVALID_AUTHENTICATION");
            return;
        }
        if (s.method().equals("POST") && s.path().equals("/crm/v3/objects/contacts/search")) {
            search(s, exchange);
        } else if (s.method().equals("GET") && s.path().equals("/crm/v3/objects/contacts")) {
            list(s, exchange);
        } else {
            error(exchange, 404, "not found", "OBJECT_NOT_FOUND");
        }
    }

    private void list(Seen s, HttpExchange exchange) throws IOException {
        int limit = Integer.parseInt(s.query().getOrDefault("limit", "10"));
        if (limit > 100) {
            error(exchange, 400, "limit must be at most 100", "VALIDATION_ERROR");
            return;
        }
        int after = Integer.parseInt(s.query().getOrDefault("after", "0"));
        List<String> properties = s.query().containsKey("properties") ? Arrays.asList(s.query().get("properties").split(","))
                : List.of("email", "firstname", "lastname");
        page(exchange, contacts, after, limit, properties, "/crm/v3/objects/contacts", null);
    }

    private void search(Seen s, HttpExchange exchange) throws IOException {
        JsonNode body = s.json();
        int limit = body.path("limit").asInt(10);
        if (limit > 200) {
            error(exchange, 400, "limit must be at most 200", "VALIDATION_ERROR");
            return;
        }
        int after = body.path("after").asInt(0);
        if (after + limit > 10_000) {
            error(exchange, 400, "Search results are capped at 10,000; narrow the query", "VALIDATION_ERROR");
            return;
        }
        List<ObjectNode> hits = new ArrayList<>();
        for (ObjectNode c : contacts) {
            if (matches(c, body.path("filterGroups"))) {
                hits.add(c);
            }
        }
        JsonNode sort = body.path("sorts").path(0);
        if (sort.isObject()) {
            Comparator<ObjectNode> byProp = Comparator.comparing(c -> c.path("properties").path(sort.path("propertyName").asText()).asText());
            hits.sort("DESCENDING".equals(sort.path("direction").asText()) ? byProp.reversed() : byProp);
        }
        List<String> properties = new ArrayList<>();
        body.path("properties").forEach(p -> properties.add(p.asText()));
        page(exchange, hits, after, limit, properties.isEmpty() ? List.of("email", "lastmodifieddate") : properties, null, hits.size());
    }

    private static boolean matches(ObjectNode c, JsonNode groups) {
        if (!groups.isArray() || groups.isEmpty()) {
            return true;
        }
        for (JsonNode g : groups) {
            boolean all = true;
            for (JsonNode f : g.path("filters")) {
                String v = c.path("properties").path(f.path("propertyName").asText()).asText();
                long have = Instant.parse(v).toEpochMilli();
                long want = Long.parseLong(f.path("value").asText());
                all &= switch (f.path("operator").asText()) {
                    case "GTE" -> have >= want;
                    case "GT" -> have > want;
                    case "LT" -> have < want;
                    case "LTE" -> have <= want;
                    default -> false;
                };
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private void page(HttpExchange exchange, List<ObjectNode> from, int after, int limit, List<String> properties, String linkPath,
            Integer total) throws IOException {
        ObjectNode answer = JSON.createObjectNode();
        if (total != null) {
            answer.put("total", total);
        }
        ArrayNode results = answer.putArray("results");
        int end = Math.min(from.size(), after + limit);
        for (int i = after; i < end; i++) {
            ObjectNode c = from.get(i).deepCopy();
            ObjectNode p = (ObjectNode) c.get("properties");
            p.retain(new ArrayList<>(properties) {
                {
                    add("hs_object_id");
                    add("lastmodifieddate");
                    add("createdate");
                }
            });
            results.add(c);
        }
        if (end < from.size()) {
            ObjectNode next = answer.putObject("paging").putObject("next");
            next.put("after", Integer.toString(end));
            if (linkPath != null) {
                next.put("link", base() + linkPath + "?after=" + end + "&limit=" + limit);
            }
        }
        json(exchange, 200, answer);
    }

    private void token(Seen s, HttpExchange exchange) throws IOException {
        var form = TestServer.query(java.net.URI.create("/?" + s.body()));
        if (!"application/x-www-form-urlencoded".equals(s.header("Content-Type"))
                || !"refresh_token".equals(form.get("grant_type")) || !CLIENT_ID.equals(form.get("client_id"))
                || !CLIENT_SECRET.equals(form.get("client_secret")) || !REFRESH_TOKEN.equals(form.get("refresh_token"))) {
            error(exchange, 400, "missing or unknown refresh token", "BAD_REFRESH_TOKEN");
            return;
        }
        String token = "access-" + tokensIssued.incrementAndGet();
        validTokens.clear();
        if (honourNewTokens) {
            validTokens.add(token);
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("token_type", "bearer");
        answer.put("access_token", token);
        answer.put("refresh_token", REFRESH_TOKEN);
        answer.put("expires_in", expiresIn);
        json(exchange, 200, answer);
    }

    static void error(HttpExchange exchange, int status, String message, String category) throws IOException {
        ObjectNode e = JSON.createObjectNode();
        e.put("status", "error");
        e.put("message", message);
        e.put("correlationId", "8c3f0e3a-0000-4000-8000-000000000001");
        e.put("category", category);
        json(exchange, status, e);
    }

    /** A client on the HubSpot connection with a private-app token, on the given clock, no jitter. */
    ApiClient client(Ticker clock) {
        validTokens.add(Defs.TOKEN);
        return new ApiClient(Defs.hubspot(base()), Defs.env("HUBSPOT_ACCESS_TOKEN", Defs.TOKEN), clock, () -> 0.0);
    }

    /** Makes every stored token invalid, as when an access token expires on HubSpot's side. */
    void expireTokens() {
        validTokens.clear();
    }
}
