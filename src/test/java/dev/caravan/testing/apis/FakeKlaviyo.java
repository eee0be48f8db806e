package dev.caravan.testing.apis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Klaviyo's REST API as its OpenAPI spec describes it: {@code Authorization: Klaviyo-API-Key …} (401
 * otherwise), a required {@code revision} header (400 without), JSON:API documents ({@code data[]} of
 * {@code {type, id, attributes, relationships, links}}, top-level {@code links.next} carrying
 * {@code page[cursor]}), {@code page[size]} only where the endpoint takes it and at most its maximum,
 * unknown parameters refused, {@code filter=greater-than(field,datetime)} with unquoted datetimes
 * ("Invalid filter provided." for quoted ones), {@code and(…)}, the channel filter campaigns require,
 * and {@code sort}. Errors are {@code {"errors": [{id, code, title, detail, source}]}}.
 */
public final class FakeKlaviyo extends FakeApi {

    /** endpoint → (record type, change field, page[size] max or 0 when the endpoint takes none). */
    record Endpoint(String type, String changeField, int maxPageSize, int defaultPageSize) {
    }

    static final Map<String, Endpoint> ENDPOINTS = Map.of(
            "profiles", new Endpoint("profile", "updated", 100, 20),
            "events", new Endpoint("event", "datetime", 1000, 200),
            "lists", new Endpoint("list", "updated", 10, 10),
            "metrics", new Endpoint("metric", "updated", 0, 200),
            "campaigns", new Endpoint("campaign", "updated_at", 100, 100),
            "flows", new Endpoint("flow", "updated", 50, 50));

    private static final Pattern COMPARE = Pattern.compile("(greater-than|greater-or-equal|less-than|equals)\\(([a-z_.]+),(.*)\\)");

    private final Map<String, List<ObjectNode>> data = new LinkedHashMap<>();
    private volatile String apiKey;
    private Instant clock = Instant.parse("2026-10-01T08:00:00Z");
    private int serial;

    public FakeKlaviyo(String apiKey) {
        this.apiKey = apiKey;
        ENDPOINTS.keySet().forEach(k -> data.put(k, new ArrayList<>()));
    }

    public synchronized FakeKlaviyo reset() {
        data.values().forEach(List::clear);
        resetSeen();
        clock = Instant.parse("2026-10-01T08:00:00Z");
        return this;
    }

    /** From now on records change at the current time, as a live API's do (seeds lie in the past). */
    public synchronized void live() {
        if (clock.isBefore(Instant.now())) {
            clock = Instant.now();
        }
    }

    public void apiKey(String key) {
        this.apiKey = key;
    }

    /** Adds {@code n} records to an endpoint, each changed a little later than the one before. */
    public synchronized void add(String endpoint, int n) {
        for (int i = 0; i < n; i++) {
            data.get(endpoint).add(record(endpoint, serial++));
        }
    }

    /** Changes the first {@code n} records of an endpoint (a later change time). */
    public synchronized void touch(String endpoint, int n) {
        List<ObjectNode> list = data.get(endpoint);
        for (int i = 0; i < n && i < list.size(); i++) {
            clock = clock.plusSeconds(30);
            ObjectNode a = (ObjectNode) list.get(i).get("attributes");
            a.put(ENDPOINTS.get(endpoint).changeField(), clock.toString());
            if (a.has("first_name")) {
                a.put("first_name", "Changed" + i);
            } else if (a.has("name")) {
                a.put("name", "Changed " + i);
            }
        }
    }

    private ObjectNode record(String endpoint, int i) {
        clock = clock.plusSeconds(30);
        Endpoint e = ENDPOINTS.get(endpoint);
        ObjectNode r = JSON.createObjectNode();
        r.put("type", e.type());
        r.put("id", String.format("01GD%022d", i));
        ObjectNode a = r.putObject("attributes");
        String t = clock.toString();
        switch (endpoint) {
            case "profiles" -> {
                a.put("email", "person" + i + "@klaviyo-demo.com").put("phone_number", "+1500555" + String.format("%04d", i % 10000))
                        .putNull("external_id").put("first_name", "Person" + i).put("last_name", "Mason").put("organization", "Example Corp")
                        .put("locale", "en-US").put("title", "Manager").put("created", t).put("updated", t).put("last_event_date", t);
                a.putObject("location").put("city", "New York").put("region", "NY").put("zip", "10017");
                a.putObject("properties").put("pseudonym", "P" + i);
            }
            case "events" -> {
                a.put("timestamp", clock.getEpochSecond()).put("datetime", t).put("uuid", java.util.UUID.nameUUIDFromBytes(("e" + i).getBytes()).toString());
                a.putObject("event_properties").put("value", 19.99).put("$event_id", "order-" + i);
                ObjectNode rel = r.putObject("relationships");
                rel.putObject("profile").putObject("data").put("type", "profile").put("id", String.format("01GD%022d", i % 7));
                rel.putObject("metric").putObject("data").put("type", "metric").put("id", "M" + (i % 3));
            }
            case "lists" -> a.put("name", "List " + i).put("opt_in_process", i % 2 == 0 ? "single_opt_in" : "double_opt_in")
                    .put("created", t).put("updated", t);
            case "metrics" -> {
                a.put("name", "Metric " + i).put("created", t).put("updated", t);
                a.putObject("integration").put("name", "Shopify").put("category", "eCommerce");
            }
            case "campaigns" -> a.put("name", "Campaign " + i).put("status", "Sent").put("archived", false)
                    .put("send_time", t).putNull("scheduled_at").put("created_at", t).put("updated_at", t);
            default -> a.put("name", "Flow " + i).put("status", "live").put("archived", false).put("trigger_type", "Added to List")
                    .put("created", t).put("updated", t);
        }
        r.putObject("links").put("self", baseUrl() + "/api/" + endpoint + "/" + r.get("id").asText() + "/");
        return r;
    }

    @Override
    protected String failureBody(int status) {
        return error(status == 429 ? "throttled" : "error", status == 429 ? "Request was throttled." : "A server error occurred.", null);
    }

    @Override
    protected void handle(Request r, HttpExchange exchange) throws IOException {
        String name = r.path().replaceFirst("^/api/", "").replaceFirst("/$", "");
        Endpoint e = ENDPOINTS.get(name);
        if (!r.path().startsWith("/api/") || e == null) {
            send(exchange, 404, "application/vnd.api+json", error("not_found", "Not found.", null));
            return;
        }
        if (!("Klaviyo-API-Key " + apiKey).equals(r.header("Authorization"))) {
            send(exchange, 401, "application/vnd.api+json", error("not_authenticated", "Incorrect authentication credentials.", null));
            return;
        }
        if (r.header("revision") == null || !r.header("revision").matches("\\d{4}-\\d{2}-\\d{2}(\\.\\w+)?")) {
            send(exchange, 400, "application/vnd.api+json", error("invalid", "You must specify an API revision in the header.", null));
            return;
        }
        Set<String> allowed = e.maxPageSize() > 0 ? Set.of("filter", "sort", "page[cursor]", "page[size]") : Set.of("filter", "sort", "page[cursor]");
        for (String p : r.query().keySet()) {
            if (!allowed.contains(p)) {
                send(exchange, 400, "application/vnd.api+json", error("invalid", "'" + p + "' is not an allowed query parameter.", p));
                return;
            }
        }
        int size = e.defaultPageSize();
        if (r.query().containsKey("page[size]")) {
            size = Integer.parseInt(r.query().get("page[size]"));
            if (size < 1 || size > e.maxPageSize()) {
                send(exchange, 400, "application/vnd.api+json", error("invalid", "page[size] must be between 1 and " + e.maxPageSize() + ".", "page[size]"));
                return;
            }
        }
        Predicate<ObjectNode> filter;
        try {
            filter = parse(r.query().get("filter"));
        } catch (IllegalArgumentException bad) {
            send(exchange, 400, "application/vnd.api+json", error("invalid", "Invalid filter provided.", "filter"));
            return;
        }
        String filterText = r.query().get("filter");
        if (name.equals("campaigns") && (filterText == null || !filterText.contains("equals(messages.channel,"))) {
            send(exchange, 400, "application/vnd.api+json", error("invalid", "A channel filter is required to list campaigns.", "filter"));
            return;
        }
        List<ObjectNode> all;
        synchronized (this) {
            all = new ArrayList<>(data.get(name).stream().filter(filter).map(ObjectNode::deepCopy).toList());
        }
        String sort = r.query().get("sort");
        if (sort != null) {
            String field = sort.replaceFirst("^-", "");
            Comparator<ObjectNode> c = Comparator.comparing(n -> n.path("attributes").path(field).asText());
            all.sort(sort.startsWith("-") ? c.reversed() : c);
        }
        int from = 0;
        if (r.query().containsKey("page[cursor]")) {
            from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(r.query().get("page[cursor]")), StandardCharsets.UTF_8));
        }
        List<ObjectNode> page = all.subList(Math.min(from, all.size()), Math.min(from + size, all.size()));
        ObjectNode doc = JSON.createObjectNode();
        ArrayNode out = doc.putArray("data");
        page.forEach(out::add);
        ObjectNode links = doc.putObject("links");
        links.put("self", baseUrl() + r.path() + (r.rawQuery() == null ? "" : "?" + r.rawQuery()));
        if (from + size < all.size()) {
            Map<String, String> q = new LinkedHashMap<>(r.query());
            q.put("page[cursor]", Base64.getUrlEncoder().withoutPadding().encodeToString(Integer.toString(from + size).getBytes(StandardCharsets.UTF_8)));
            StringBuilder next = new StringBuilder(baseUrl() + r.path() + "?");
            q.forEach((k, v) -> next.append(next.charAt(next.length() - 1) == '?' ? "" : "&").append(encode(k)).append('=').append(encode(v)));
            links.put("next", next.toString());
        } else {
            links.putNull("next");
        }
        links.putNull("prev");
        send(exchange, 200, "application/vnd.api+json", doc.toString());
    }

    /** greater-than(f,v), greater-or-equal, less-than, equals(f,'s'), and(a,b,…); a quoted datetime is invalid. */
    static Predicate<ObjectNode> parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return n -> true;
        }
        String f = filter.trim();
        if (f.startsWith("and(") && f.endsWith(")")) {
            Predicate<ObjectNode> all = n -> true;
            for (String part : splitTop(f.substring(4, f.length() - 1))) {
                all = all.and(parse(part));
            }
            return all;
        }
        Matcher m = COMPARE.matcher(f);
        if (!m.matches()) {
            throw new IllegalArgumentException(f);
        }
        String op = m.group(1);
        String field = m.group(2);
        String value = m.group(3);
        if (op.equals("equals")) {
            if (field.equals("messages.channel")) {
                return n -> true; // every campaign of the fake is an email campaign
            }
            String v = value.replaceAll("^'|'$", "");
            return n -> n.path("attributes").path(field).asText().equals(v);
        }
        if (value.startsWith("'") || value.startsWith("\"")) {
            throw new IllegalArgumentException("datetimes are given without quotes");
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException(value);
        }
        return n -> {
            Instant t = OffsetDateTime.parse(n.path("attributes").path(field).asText()).toInstant();
            return switch (op) {
                case "greater-than" -> t.isAfter(at);
                case "greater-or-equal" -> !t.isBefore(at);
                default -> t.isBefore(at);
            };
        };
    }

    private static List<String> splitTop(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private static String error(String code, String detail, String parameter) {
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode e = doc.putArray("errors").addObject();
        e.put("id", java.util.UUID.randomUUID().toString()).put("code", code).put("title", detail).put("detail", detail);
        if (parameter != null) {
            e.putObject("source").put("parameter", parameter);
        }
        return doc.toString();
    }
}
