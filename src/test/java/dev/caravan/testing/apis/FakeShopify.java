package dev.caravan.testing.apis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shopify's Admin REST API (legacy) as shopify.dev documents it, under {@code /admin/api/VERSION}:
 * {@code X-Shopify-Access-Token} (401 otherwise), {@code {"customers": […]}} envelopes, {@code limit}
 * at most 250 (default 50), cursor paging through the {@code Link} header with {@code page_info} —
 * a request with {@code page_info} may carry nothing but {@code limit} and {@code fields} (400
 * "X cannot be passed when page_info is present") — {@code updated_at_min}, {@code order=updated_at asc},
 * orders of status {@code open} unless {@code status=any}, and the leaky bucket: 40 requests, leaking
 * 2 per second, told in {@code X-Shopify-Shop-Api-Call-Limit: USED/40}, 429 with {@code Retry-After: 2.0}
 * when full.
 */
public final class FakeShopify extends FakeApi {

    public static final String VERSION = "2026-07";
    private static final Set<String> RESOURCES = Set.of("customers", "orders", "products");

    private final Map<String, List<ObjectNode>> data = new LinkedHashMap<>();
    private volatile String token;
    private Instant clock = Instant.parse("2026-10-01T08:00:00Z");
    private long serial = 207119551L;
    private double bucket;
    private long bucketAt = System.nanoTime();
    private volatile double leakPerSecond = 2.0;

    public FakeShopify(String token) {
        this.token = token;
        RESOURCES.forEach(r -> data.put(r, new ArrayList<>()));
    }

    public String apiBase() {
        return baseUrl() + "/admin/api/" + VERSION;
    }

    public synchronized FakeShopify reset() {
        data.values().forEach(List::clear);
        resetSeen();
        clock = Instant.parse("2026-10-01T08:00:00Z");
        bucket = 0;
        leakPerSecond = 2.0;
        return this;
    }

    /** From now on records change at the current time, as a live API's do (seeds lie in the past). */
    public synchronized void live() {
        if (clock.isBefore(Instant.now())) {
            clock = Instant.now();
        }
    }

    public void token(String t) {
        this.token = t;
    }

    /** Another app on the store has used this much of the bucket. */
    public synchronized void bucketUsed(double used) {
        leak();
        bucket = used;
    }

    /** A slower leak (to make the bucket overflow in a test). */
    public void leakPerSecond(double rate) {
        this.leakPerSecond = rate;
    }

    public synchronized void add(String resource, int n) {
        for (int i = 0; i < n; i++) {
            data.get(resource).add(record(resource));
        }
    }

    public synchronized void touch(String resource, int n) {
        List<ObjectNode> list = data.get(resource);
        for (int i = 0; i < n && i < list.size(); i++) {
            clock = clock.plusSeconds(60);
            list.get(i).put("updated_at", OffsetDateTime.ofInstant(clock, ZoneOffset.ofHours(-5)).toString());
            list.get(i).put("tags", "changed");
        }
    }

    private ObjectNode record(String resource) {
        clock = clock.plusSeconds(60);
        long id = serial++;
        String t = OffsetDateTime.ofInstant(clock, ZoneOffset.ofHours(-5)).toString();
        ObjectNode r = JSON.createObjectNode();
        r.put("id", id).put("admin_graphql_api_id", "gid://shopify/" + resource + "/" + id).put("created_at", t).put("updated_at", t);
        switch (resource) {
            case "customers" -> r.put("email", "bob" + id + "@example.com").put("first_name", "Bob").put("last_name", "Norman")
                    .put("phone", "+16135551" + String.format("%03d", id % 1000)).put("state", "enabled").put("verified_email", true)
                    .put("tags", "").put("currency", "USD").put("orders_count", (int) (id % 5)).put("total_spent", "199.00")
                    .putObject("default_address").put("city", "Ottawa").put("zip", "K2P 1L4");
            case "orders" -> {
                r.put("name", "#" + (1000 + id % 100000)).put("order_number", 1000 + id % 100000).put("email", "bob@example.com")
                        .put("financial_status", "paid").put("currency", "USD").put("total_price", "199.00")
                        .put("subtotal_price", "189.00").put("total_tax", "10.00").put("total_discounts", "0.00")
                        .put("processed_at", t);
                boolean closed = id % 3 == 0;
                r.put("status_for_fake", closed ? "closed" : "open");
                if (closed) {
                    r.put("closed_at", t);
                } else {
                    r.putNull("closed_at");
                }
                r.putObject("customer").put("id", 207119551L).put("email", "bob@example.com");
                r.putArray("line_items").addObject().put("id", id * 10).put("title", "IPod Nano - 8gb").put("quantity", 1)
                        .put("price", "189.00");
            }
            default -> r.put("title", "Product " + id).put("vendor", "Apple").put("product_type", "Cult Products")
                    .put("handle", "product-" + id).put("status", "active").put("tags", "Emotive").put("published_at", t)
                    .putArray("variants").addObject().put("id", id * 10).put("price", "199.00");
        }
        return r;
    }

    private void leak() {
        long now = System.nanoTime();
        bucket = Math.max(0, bucket - (now - bucketAt) / 1e9 * leakPerSecond);
        bucketAt = now;
    }

    @Override
    protected String failureBody(int status) {
        return status == 429 ? "{\"errors\":\"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.\"}"
                : "{\"errors\":\"Internal Server Error\"}";
    }

    @Override
    protected void handle(Request r, HttpExchange exchange) throws IOException {
        String prefix = "/admin/api/" + VERSION + "/";
        String resource = r.path().startsWith(prefix) && r.path().endsWith(".json")
                ? r.path().substring(prefix.length(), r.path().length() - 5) : null;
        if (resource == null || !RESOURCES.contains(resource)) {
            sendJson(exchange, 404, Map.of("errors", "Not Found"));
            return;
        }
        if (!token.equals(r.header("X-Shopify-Access-Token"))) {
            sendJson(exchange, 401, Map.of("errors", "[API] Invalid API key or access token (unrecognized login or wrong password)"));
            return;
        }
        int used;
        synchronized (this) {
            leak();
            if (bucket + 1 > 40) {
                exchange.getResponseHeaders().add("Retry-After", "2.0");
                exchange.getResponseHeaders().add("X-Shopify-Shop-Api-Call-Limit", "40/40");
                send(exchange, 429, "application/json", failureBody(429));
                return;
            }
            bucket += 1;
            used = (int) Math.ceil(bucket);
        }
        exchange.getResponseHeaders().add("X-Shopify-Shop-Api-Call-Limit", used + "/40");
        Map<String, String> q = r.query();
        int limit = q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : 50;
        if (limit < 1 || limit > 250) {
            sendJson(exchange, 400, Map.of("errors", Map.of("limit", "limit must be between 1 and 250")));
            return;
        }
        Map<String, String> filters;
        int from;
        if (q.containsKey("page_info")) {
            for (String p : q.keySet()) {
                if (!Set.of("page_info", "limit", "fields").contains(p)) {
                    sendJson(exchange, 400, Map.of("errors", Map.of(p, p + " cannot be passed when page_info is present. See "
                            + "https://shopify.dev/api/usage/pagination-rest for more information.")));
                    return;
                }
            }
            Map<String, String> cursor = decode(q.get("page_info"));
            from = Integer.parseInt(cursor.remove("_from"));
            filters = cursor;
        } else {
            filters = new LinkedHashMap<>(q);
            filters.remove("limit");
            from = 0;
        }
        List<ObjectNode> all;
        synchronized (this) {
            Instant min = filters.containsKey("updated_at_min") ? OffsetDateTime.parse(filters.get("updated_at_min")).toInstant() : null;
            String status = filters.getOrDefault("status", "open");
            all = new ArrayList<>(data.get(resource).stream()
                    .filter(n -> min == null || !OffsetDateTime.parse(n.get("updated_at").asText()).toInstant().isBefore(min))
                    .filter(n -> !resource.equals("orders") || status.equals("any") || status.equals(n.get("status_for_fake").asText()))
                    .map(ObjectNode::deepCopy).toList());
        }
        if ("updated_at asc".equals(filters.get("order"))) {
            all.sort(Comparator.comparing(n -> OffsetDateTime.parse(n.get("updated_at").asText()).toInstant()));
        }
        List<ObjectNode> page = all.subList(Math.min(from, all.size()), Math.min(from + limit, all.size()));
        if (from + limit < all.size()) {
            Map<String, String> cursor = new LinkedHashMap<>(filters);
            cursor.put("_from", Integer.toString(from + limit));
            exchange.getResponseHeaders().add("Link", "<" + apiBase() + "/" + resource + ".json?limit=" + limit + "&page_info="
                    + encode(cursor) + ">; rel=\"next\"");
        }
        ObjectNode doc = JSON.createObjectNode();
        ArrayNode out = doc.putArray(resource);
        page.forEach(n -> {
            n.remove("status_for_fake");
            out.add(n);
        });
        send(exchange, 200, "application/json", doc.toString());
    }

    private static String encode(Map<String, String> cursor) {
        StringBuilder sb = new StringBuilder();
        cursor.forEach((k, v) -> sb.append(k).append('\u0001').append(v).append('\u0002'));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> decode(String pageInfo) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : new String(Base64.getUrlDecoder().decode(pageInfo), StandardCharsets.UTF_8).split("\u0002")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("\u0001", 2);
                out.put(kv[0], kv[1]);
            }
        }
        return out;
    }
}
