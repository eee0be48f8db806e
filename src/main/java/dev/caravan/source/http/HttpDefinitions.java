package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
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
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
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
        return ConnectionDefinitions.connection(system, node, env);
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
        HttpResource.Shape shape = RecordOptions.shape(o);
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
        boolean position = "position".equals(i.oneOf("cursor", "time", Set.of("time", "position")));
        var field = i.pointer("field", null);
        if (!i.has("field") && !position) {
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
        HttpResource.Window window = i.has("window") ? RecordOptions.window(i.child("window")) : null;
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

    static Map<String, String> stringMap(StrategyOptions o) {
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
