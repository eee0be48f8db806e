package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and validates connection files and objects' {@code http:} blocks. Every problem of a block is
 * collected, and all are reported in one {@link HttpDefinitionException}.
 */
public final class HttpDefinitions {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Set<String> METHODS = Set.of("GET", "POST");
    private static final Set<String> TIME_FORMATS = Set.of("iso", "iso_seconds", "iso_local", "epoch_millis", "epoch_seconds",
            "date");

    private HttpDefinitions() {
    }

    public static JsonNode readYaml(InputStream in) throws IOException {
        return YAML.readTree(in);
    }

    /**
     * A system's connection. The base URL is {@code <SYSTEM>_BASE_URL} when set, else {@code base_url};
     * secrets are checked to be {@code ${ENV}} references (resolved later, on use).
     */
    public static HttpConnection connection(String system, JsonNode node, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String unset = null;
        StrategyOptions o = new StrategyOptions("connection " + system, node, problems);
        String declared = o.string("system", system);
        if (!system.equals(declared)) {
            o.problem("system is '" + declared + "' but the file belongs to '" + system + "'");
        }
        String overrideVar = system.toUpperCase(Locale.ROOT) + "_BASE_URL";
        String base = env.get(overrideVar);
        List<String> alternatives = o.strings("base_url");
        if (alternatives.isEmpty()) {
            o.problem("base_url is required (a URL, or a list of URL templates with ${VARIABLE} parts)");
        }
        URI baseUrl = null;
        if (base != null && !base.isBlank()) {
            baseUrl = baseUrl(o, overrideVar, base.trim());
        } else if (!alternatives.isEmpty()) {
            BaseUrlTemplates.Choice chosen = BaseUrlTemplates.choose(alternatives, env, o);
            if (chosen != null && chosen.url() != null) {
                baseUrl = baseUrl(o, chosen.from(), chosen.url());
            } else if (chosen != null) {
                unset = chosen.needed().equals(overrideVar) ? overrideVar : chosen.needed() + " (or " + overrideVar + ")";
            }
        }
        Map<String, String> headers = stringMap(o.child("headers"));
        List<Authenticator> auth = new ArrayList<>();
        JsonNode authNode = o.node("auth");
        if (authNode == null) {
            o.problem("auth is required (a map with type: " + AuthTypes.valid() + ", or a list of such alternatives)");
        } else if (authNode.isArray()) {
            for (int i = 0; i < authNode.size(); i++) {
                addIfBuilt(auth, AuthTypes.parse(new StrategyOptions(o.where() + ".auth[" + i + "]", authNode.get(i), problems)));
            }
            if (authNode.isEmpty()) {
                o.problem("auth lists no alternative");
            }
        } else {
            addIfBuilt(auth, AuthTypes.parse(o.child("auth")));
        }
        Paginator paginator = o.has("paginator") ? PaginatorTypes.parse(o.child("paginator")) : PaginatorTypes.SINGLE_PAGE;
        Map<String, HttpConnection.RateLimit> limits = new LinkedHashMap<>();
        StrategyOptions rl = o.child("rate_limits");
        JsonNode rlNode = o.node("rate_limits");
        if (rlNode != null && rlNode.isObject()) {
            rlNode.fieldNames().forEachRemaining(bucket -> {
                StrategyOptions b = rl.child(bucket);
                int requests = b.integer("requests", 1, 1);
                if (!b.has("requests")) {
                    b.problem("requests is required");
                }
                Duration per = b.duration("per", Duration.ofSeconds(1));
                if (per.isZero()) {
                    b.problem("per must be longer than zero");
                }
                Duration guard = b.duration("guard", Duration.ZERO);
                b.rejectUnknown();
                limits.put(bucket, new HttpConnection.RateLimit(requests, per, guard));
            });
        }
        rl.rejectUnknown();
        StrategyOptions h = o.child("rate_limit_headers");
        HttpConnection.RateLimitHeaders rateHeaders = new HttpConnection.RateLimitHeaders(h.string("max", null),
                h.string("remaining", null), h.string("interval_ms", null), h.string("used_of_max", null));
        h.rejectUnknown();
        StrategyOptions r = o.child("retry");
        Duration first = r.duration("first_delay", Duration.ofSeconds(1));
        Duration max = r.duration("max_delay", Duration.ofSeconds(60));
        HttpConnection.Retry retry = new HttpConnection.Retry(r.duration("budget", Duration.ofMinutes(5)), first, max,
                r.decimal("multiplier", 2.0));
        if (first.isZero() || max.compareTo(first) < 0 || retry.multiplier() < 1.0) {
            r.problem("needs 0 < first_delay <= max_delay and multiplier >= 1");
        }
        r.rejectUnknown();
        StrategyOptions t = o.child("timeouts");
        Duration connect = t.duration("connect", Duration.ofSeconds(10));
        Duration request = t.duration("request", Duration.ofSeconds(60));
        if (connect.isZero() || request.isZero()) {
            t.problem("timeouts must be longer than zero");
        }
        t.rejectUnknown();
        long maxBytes = o.integer("max_response_bytes", 16 * 1024 * 1024, 1024);
        HttpConnection.Format format = HttpConnection.Format.valueOf(
                o.oneOf("format", "json", HttpConnection.Format.NAMES).toUpperCase(Locale.ROOT));
        o.rejectUnknown();
        if (!problems.isEmpty()) {
            throw new HttpDefinitionException("connection " + system, problems);
        }
        if (unset != null) {
            String credentials = "";
            try {
                AuthTypes.select(system, auth, new Secrets(env));
            } catch (HttpSourceNotConfiguredException e) {
                credentials = ", and " + e.getMessage().replaceFirst("^.* is not configured: set ", "");
            }
            throw new HttpSourceNotConfiguredException(system + " is not configured: set " + unset + credentials);
        }
        return new HttpConnection(system, baseUrl, headers, auth, paginator, limits, rateHeaders, retry, connect, request, maxBytes,
                format);
    }

    /** An object's {@code http:} block; {@code where} names the object in messages. */
    public static HttpResource resource(String where, JsonNode node) {
        List<String> problems = new ArrayList<>();
        HttpResource r = resource(new StrategyOptions(where + " http", node, problems), true);
        if (!problems.isEmpty()) {
            throw new HttpDefinitionException(where, problems);
        }
        return r;
    }

    private static HttpResource resource(StrategyOptions o, boolean top) {
        String method = o.string("method", "GET");
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            o.problem("method must be GET or POST, got '" + method + "'");
        }
        String path = o.string("path", null);
        if (path == null || path.isBlank()) {
            o.problem("path is required (e.g. /crm/v3/objects/contacts)");
        } else if (!path.startsWith("/") || path.contains("?") || path.contains("://")) {
            o.problem("path must start with '/' and hold no query or host (put parameters under query:), got '" + path + "'");
        } else {
            Matcher m = PLACEHOLDER.matcher(path);
            while (m.find()) {
                if (!NAME.matcher(m.group(1)).matches()) {
                    o.problem("path placeholder {" + m.group(1) + "} must be a lower-case name");
                }
            }
        }
        Map<String, String> vars = stringMap(o.child("vars"));
        Map<String, String> query = stringMap(o.child("query"));
        JsonNode body = o.node("body");
        if (body != null && !body.isObject()) {
            o.problem("body must be a map (a JSON object template)");
            body = null;
        }
        if (body != null && "GET".equals(method)) {
            o.problem("body is given but method is GET");
        }
        var records = o.pointer("records", null);
        if (!o.has("records")) {
            o.problem("records is required: the JSON pointer to the page's records (e.g. /results, or \"\" for a top-level array)");
        }
        Paginator paginator = o.has("paginator") ? PaginatorTypes.parse(o.child("paginator")) : null;
        List<String> properties = o.strings("properties");
        String propertiesParam = o.string("properties_param", "properties");
        String propertiesIn = o.oneOf("properties_in", "POST".equals(method) ? "body" : "query", Set.of("query", "body"));
        String bucket = o.string("bucket", HttpConnection.DEFAULT_BUCKET);
        HttpResource.Incremental incremental = null;
        var id = o.pointer("id", "/id");
        var flatten = o.pointer("flatten", null);
        HttpResource.Deleted deleted = null;
        HttpResource.Associations associations = null;
        HttpResource.ByIds byIds = null;
        for (String nested : List.of("incremental", "deleted", "associations", "by_ids")) {
            if (o.has(nested) && !top) {
                o.problem(nested + " belongs to the object's http: block, not to a nested request");
            }
        }
        if (top && o.has("incremental")) {
            incremental = incremental(o.child("incremental"), o);
        }
        if (top && o.has("deleted")) {
            StrategyOptions d = o.child("deleted");
            var field = d.pointer("field", null);
            HttpResource request = inherit(d, o, d.node("request"));
            d.rejectUnknown();
            deleted = new HttpResource.Deleted(request, field);
        }
        if (top && o.has("associations")) {
            StrategyOptions a = o.child("associations");
            String type = a.oneOf("type", "hubspot_v4", Set.of("hubspot_v4"));
            String fromType = a.required("from_type");
            String apath = a.required("path");
            if (apath != null && (!apath.startsWith("/") || !apath.contains("{to}"))) {
                a.problem("path must start with '/' and name the target type as {to}, got '" + apath + "'");
            }
            List<String> to = a.strings("to");
            if (to.isEmpty()) {
                a.problem("to must list at least one target type");
            }
            String table = a.string("table", "hubspot_associations");
            if (table == null || !NAME.matcher(table).matches()) {
                a.problem("table must be a lower-case identifier");
            }
            a.rejectUnknown();
            associations = new HttpResource.Associations(type, fromType, apath, to, table);
        }
        if (top && o.has("by_ids")) {
            StrategyOptions b = o.child("by_ids");
            String field = b.string("field", "inputs");
            String key = b.string("key", "id");
            int max = b.integer("max", 100, 1);
            HttpResource request = inherit(b, o, b.node("request"));
            if (!"POST".equals(request.method())) {
                b.problem("request.method must be POST: the ids are sent in the JSON body");
            }
            b.rejectUnknown();
            byIds = new HttpResource.ByIds(request, field, key, max);
        }
        HttpResource.Parent parent = null;
        if (o.has("parent") && !top) {
            o.problem("parent belongs to the object's http: block, not to a nested request");
        } else if (o.has("parent")) {
            parent = parent(o.child("parent"), path);
            if (incremental != null || deleted != null || byIds != null || associations != null) {
                o.problem("an object read per parent record (parent:) is read the way its parent is:"
                        + " give it no incremental, deleted, by_ids or associations");
            }
        }
        int testModeLimit = o.integer("test_mode_limit", 0, 1);
        if (o.has("test_mode_limit") && !top) {
            o.problem("test_mode_limit belongs to the object's http: block, not to a nested request");
        }
        HttpResource.Shape shape = shape(o);
        o.rejectUnknown();
        return new HttpResource(method, path, vars, query, body, records, paginator, properties, propertiesParam,
                propertiesIn, bucket, incremental, id, flatten, deleted, associations, byIds, shape, parent, testModeLimit);
    }

    private static HttpResource.Parent parent(StrategyOptions p, String path) {
        String object = p.required("object");
        if (object != null && !NAME.matcher(object).matches()) {
            p.problem("object must be the name of another object of the same system, got '" + object + "'");
        }
        var id = p.pointer("id", "/id");
        String placeholder = p.string("placeholder", "parent_id");
        if (path != null && !path.contains("{" + placeholder + "}")) {
            p.problem("the path must hold {" + placeholder + "}, where each parent's id goes");
        }
        var nonEmpty = p.pointer("non_empty", null);
        p.rejectUnknown();
        return new HttpResource.Parent(object, id, placeholder, nonEmpty);
    }

    /** A nested request: the object's own request with what {@code override} says on top. */
    private static HttpResource inherit(StrategyOptions where, StrategyOptions parent, JsonNode override) {
        ObjectNode merged = parent.rawObject().deepCopy();
        for (String own : List.of("incremental", "deleted", "associations", "by_ids", "parent", "test_mode_limit")) {
            merged.remove(own);
        }
        if (override != null && override.isObject()) {
            merged.setAll((ObjectNode) override);
        } else if (override != null) {
            where.problem("request must be a map");
        }
        return resource(new StrategyOptions(where.where() + ".request", merged, new ProblemSink(where)), false);
    }

    private static HttpResource.Incremental incremental(StrategyOptions i, StrategyOptions parent) {
        var field = i.pointer("field", null);
        if (!i.has("field") && !"position".equals(i.node("cursor") == null ? null : i.node("cursor").asText())) {
            i.problem("field is required: the JSON pointer to a record's change time (e.g. /updatedAt)");
        }
        String param = i.string("param", null);
        HttpResource.SearchFilter filter = null;
        if (i.has("search_filter")) {
            StrategyOptions f = i.child("search_filter");
            filter = new HttpResource.SearchFilter(f.required("property"), f.string("operator", "GTE"),
                    f.oneOf("sort", "ASCENDING", Set.of("ASCENDING", "DESCENDING", "none")));
            f.rejectUnknown();
        }
        HttpResource.Window window = i.has("window") ? window(i.child("window")) : null;
        if (window != null && (param != null || filter != null)) {
            i.problem("window writes the start time into its own query: give no param or search_filter with it");
        } else if (window == null && (param == null) == (filter == null)) {
            i.problem("give exactly one of param (a query parameter) or search_filter (a search body filter), or a window");
        }
        String format = i.oneOf("format", "iso", TIME_FORMATS);
        Duration lookback = i.duration("lookback", Duration.ZERO);
        HttpResource request = null;
        JsonNode override = i.node("request");
        if (override != null) {
            request = inherit(i, parent, override); // what it does not say comes from the full request
        }
        int maxResults = i.integer("max_results", 0, 0);
        String value = i.string("value", null);
        if (value != null && (param == null || !value.contains("{since}"))) {
            i.problem("value is the template of param's value and must hold {since}, e.g. greater-than(updated,{since})");
        }
        boolean sorted = i.bool("sorted", true);
        boolean position = "position".equals(i.oneOf("cursor", "time", Set.of("time", "position")));
        if (position && filter != null) {
            i.problem("cursor: position takes param (the first run's start time), not search_filter");
        }
        if (window != null && (sorted || maxResults > 0 || position)) {
            i.problem("window reads are not sorted by change time: set sorted: false (the checkpoint moves at the end"
                    + " of a run) and put the cap under window.max_results, not max_results or cursor: position");
        }
        if (maxResults > 0 && !sorted && window == null) {
            i.problem("max_results needs records sorted by change time (sorted: true)");
        }
        if (filter != null && !"POST".equals(request != null ? request.method() : parent.string("method", "GET").toUpperCase(Locale.ROOT))) {
            i.problem("search_filter needs a POST request (set incremental.request.method: POST)");
        }
        i.rejectUnknown();
        return new HttpResource.Incremental(field, param, filter, format, lookback, request, maxResults, value, sorted, position,
                window);
    }

    private static final Set<String> WINDOW_PLACEHOLDERS = Set.of("from", "to", "from_date", "to_date", "from_time", "to_time");

    private static HttpResource.Window window(StrategyOptions w) {
        Duration size = w.duration("size", Duration.ofHours(12));
        Duration minSize = w.duration("min_size", Duration.ofMinutes(15));
        if (size.compareTo(Duration.ofMinutes(1)) < 0 || size.toSecondsPart() != 0 || minSize.compareTo(Duration.ofMinutes(1)) < 0
                || minSize.toSecondsPart() != 0 || minSize.compareTo(size) > 0) {
            w.problem("size and min_size must be whole minutes, at least 1m, min_size at most size");
            size = Duration.ofHours(12);
            minSize = Duration.ofMinutes(15);
        }
        int maxResults = w.integer("max_results", 0, 1);
        if (!w.has("max_results")) {
            w.problem("max_results is required: the most results one query can page through (Ender Turing: 10000)");
        }
        var totalPath = w.pointer("total_path", "/total");
        boolean withinDay = w.bool("within_day", true);
        String dayEnd = w.string("day_end", "23:59");
        if (!dayEnd.matches("([01]\\d|2[0-3]):[0-5]\\d")) {
            w.problem("day_end must be HH:MM, got '" + dayEnd + "'");
        }
        Duration history = w.duration("history", Duration.ofDays(90));
        if (history.compareTo(Duration.ofDays(3660)) > 0) {
            w.problem("history must be at most 3660d");
        }
        Map<String, String> query = stringMap(w.child("query"));
        if (query.isEmpty()) {
            w.problem("query must write the window's bounds, e.g. date_range: \"{from_date};{to_date}\"");
        }
        query.forEach((k, v) -> {
            Matcher m = PLACEHOLDER.matcher(v);
            while (m.find()) {
                if (!WINDOW_PLACEHOLDERS.contains(m.group(1))) {
                    w.problem("query." + k + ": unknown placeholder {" + m.group(1) + "}; known: " + new java.util.TreeSet<>(WINDOW_PLACEHOLDERS));
                }
            }
        });
        w.rejectUnknown();
        return new HttpResource.Window(size, minSize, maxResults, totalPath, withinDay, dayEnd, history, query);
    }

    private static HttpResource.Shape shape(StrategyOptions o) {
        Map<String, com.fasterxml.jackson.core.JsonPointer> fields = new LinkedHashMap<>();
        StrategyOptions f = o.child("fields");
        for (String name : f.names()) {
            var p = f.pointer(name, null);
            if (p != null) {
                fields.put(name, p);
            }
        }
        boolean topLevel = o.bool("top_level_fields", true);
        if (!topLevel && fields.isEmpty() && !o.has("flatten")) {
            o.problem("top_level_fields: false needs flatten or fields, or a record has no fields at all");
        }
        String valueMember = o.string("value_member", null);
        Map<com.fasterxml.jackson.core.JsonPointer, List<String>> where = new LinkedHashMap<>();
        StrategyOptions w = o.child("where");
        for (String pointer : w.names()) {
            var p = w.compilePointer(pointer, pointer);
            List<String> allowed = w.strings(pointer);
            if (allowed.isEmpty()) {
                w.problem(pointer + " must list at least one value");
            }
            if (p != null) {
                where.put(p, allowed);
            }
        }
        var explode = o.pointer("explode", null);
        if (explode != null && explode.matches()) {
            o.problem("explode must point to a list inside each record, e.g. /point_scores");
            explode = null;
        }
        if (fields.isEmpty() && topLevel && valueMember == null && where.isEmpty() && explode == null) {
            return HttpResource.Shape.DEFAULT;
        }
        return new HttpResource.Shape(fields, topLevel, valueMember, where, explode);
    }

    private static void addIfBuilt(List<Authenticator> auth, Authenticator a) {
        if (a != null) {
            auth.add(a);
        }
    }

    private static URI baseUrl(StrategyOptions o, String key, String value) {
        if (value == null) {
            return null;
        }
        try {
            URI u = new URI(value);
            if (u.getScheme() == null || !(u.getScheme().equals("https") || u.getScheme().equals("http")) || u.getHost() == null
                    || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
                o.problem(key + " must be an http(s) URL with a host and no query, fragment or credentials, got '" + value + "'");
                return null;
            }
            return u;
        } catch (URISyntaxException e) {
            o.problem(key + " is not a URL: '" + value + "'");
            return null;
        }
    }

    private static Map<String, String> stringMap(StrategyOptions o) {
        Map<String, String> out = new LinkedHashMap<>();
        o.names().forEach(k -> {
            String v = o.string(k, null);
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Fills {@code {name}} placeholders; a missing value is an error naming it. */
    static String fill(String template, Map<String, String> values, boolean pathSegment) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("no value for placeholder {" + m.group(1) + "} in '" + template + "'");
            }
            String encoded = pathSegment ? java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20") : v;
            m.appendReplacement(sb, Matcher.quoteReplacement(encoded));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Records the problems of a nested block in its parent's list. */
    private static final class ProblemSink extends ArrayList<String> {
        private final StrategyOptions parent;

        ProblemSink(StrategyOptions parent) {
            this.parent = parent;
        }

        @Override
        public boolean add(String problem) {
            parent.rawProblem(problem);
            return true;
        }
    }
}
