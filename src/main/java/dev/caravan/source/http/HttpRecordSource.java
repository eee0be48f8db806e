package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Reads a resource's records page by page, lazily: a page is fetched only when the previous one has
 * been consumed, so one page is held at a time. Each page says where the next one starts, so the
 * caller can checkpoint after committing a page and resume from that {@link PageToken} later.
 *
 * <p>Full read: the resource's own request. Incremental read ({@code since} given): the
 * {@code incremental.request} when the definition has one (HubSpot: the search endpoint), with the
 * start time ({@code since − lookback}) as a query parameter or a search filter, and, when given, an
 * exclusive end ({@code until}) so a caller can split a large time range into windows.
 */
public final class HttpRecordSource implements Iterator<HttpPage> {

    private final ApiClient client;
    private final HttpResource resource;
    private final HttpResource.Incremental incremental;
    private final Paginator paginator;
    private final Map<String, String> vars;
    private final Instant since;
    private final Instant until;
    /** The start of the current query's window: since − look-back, moved on when a query would pass its cap. */
    private Instant windowStart;
    private long queryRecords;
    private int restarts;
    private PageToken position;
    private boolean done;
    private int pages;
    private Instant maxChanged;
    /** By-ids mode: the ids to read, in requests of the resource's by_ids max (null otherwise). */
    private final List<String> ids;
    private final HttpResource.ByIds byIds;
    /** Windowed reads ({@code incremental.window}): the window in each token, null otherwise. */
    private final WindowCursor windowed;
    /** Per-parent reads ({@code parent:}): the parent's pages, null otherwise. */
    private final HttpRecordSource parentPages;
    /** Per-parent reads: the parents still to read the children of (Long.MAX_VALUE: all). */
    private long parentsLeft = Long.MAX_VALUE;

    /**
     * @param vars values for {@code {placeholders}} in path, query and body (besides the definition's {@code vars})
     * @param resumeAt a checkpointed {@link HttpPage#next()}, or null to start at the first page
     * @param since null for a full read; else the incremental start (before the look-back)
     * @param until null for no end; else an exclusive end of the incremental window
     */
    public HttpRecordSource(ApiClient client, HttpResource resource, Map<String, String> vars, PageToken resumeAt,
            Instant since, Instant until) {
        this.client = client;
        this.incremental = resource.incremental();
        if (since != null && incremental == null) {
            throw new IllegalArgumentException("this object has no incremental: block; it can only be read in full");
        }
        boolean windowRead = incremental != null && incremental.window() != null;
        this.resource = (since != null || windowRead) && incremental.request() != null ? incremental.request() : resource;
        this.paginator = this.resource.paginator() != null ? this.resource.paginator() : client.connection().paginator();
        Map<String, String> all = new HashMap<>(this.resource.vars());
        all.putAll(vars);
        this.vars = Map.copyOf(all);
        this.position = resumeAt;
        this.since = since;
        this.until = until;
        this.windowStart = since == null ? null : since.minus(incremental.lookback());
        this.ids = null;
        this.byIds = null;
        if (windowRead) {
            // a full read of a windowed object covers the last window.history
            Instant end = until != null ? until : client.ticker().now();
            Instant start = since != null ? windowStart : end.minus(incremental.window().history());
            this.windowed = new WindowCursor(incremental.window(), start, end,
                    client.connection().system() + ": " + this.resource.method() + " " + this.resource.path());
        } else {
            this.windowed = null;
        }
        this.parentPages = null;
    }

    /** Reads {@code child}'s records one request per record of {@code parent}, read as itself would be. */
    private HttpRecordSource(ApiClient client, HttpResource child, HttpResource parent, PageToken resumeAt, Instant since,
            Instant until) {
        if (child.parent() == null) {
            throw new IllegalArgumentException("this object has no parent: block");
        }
        this.client = client;
        this.incremental = parent.incremental();
        this.resource = child;
        this.paginator = child.paginator() != null ? child.paginator() : client.connection().paginator();
        this.vars = Map.copyOf(child.vars());
        this.position = resumeAt;
        this.since = since;
        this.until = until;
        this.ids = null;
        this.byIds = null;
        this.windowed = null;
        this.parentPages = new HttpRecordSource(client, parent, Map.of(), resumeAt, since, until);
    }

    /** {@code child}'s records, per record of {@code parent} (see {@link HttpResource.Parent}). */
    public static HttpRecordSource children(ApiClient client, HttpResource child, HttpResource parent, PageToken resumeAt,
            Instant since, Instant until) {
        return new HttpRecordSource(client, child, parent, resumeAt, since, until);
    }

    /** Reads the children of the first {@code parents} parent records only (a test-mode cap of the parent); 0: all. */
    public HttpRecordSource parentLimit(long parents) {
        if (parentPages == null) {
            throw new IllegalStateException("not a per-parent read");
        }
        parentsLeft = parents > 0 ? parents : Long.MAX_VALUE;
        return this;
    }

    /** Reads the records of the given ids through the object's {@code by_ids} request. */
    private HttpRecordSource(ApiClient client, HttpResource object, List<String> ids) {
        if (object.byIds() == null) {
            throw new IllegalArgumentException("this object has no by_ids: block; it cannot be read by id");
        }
        this.client = client;
        this.incremental = object.incremental();
        this.resource = object.byIds().request();
        this.paginator = null;
        this.vars = Map.copyOf(resource.vars());
        this.since = null;
        this.until = null;
        this.ids = List.copyOf(ids);
        this.byIds = object.byIds();
        this.done = ids.isEmpty();
        this.windowed = null;
        this.parentPages = null;
    }

    /** The records of {@code ids} (those the source still has), {@code by_ids.max} per request, one page each. */
    public static HttpRecordSource byIds(ApiClient client, HttpResource object, List<String> ids) {
        return new HttpRecordSource(client, object, ids);
    }

    /** A full read from the first page. */
    public static HttpRecordSource full(ApiClient client, HttpResource resource) {
        return new HttpRecordSource(client, resource, Map.of(), null, null, null);
    }

    @Override
    public boolean hasNext() {
        return !done;
    }

    /** Fetches the next page (with retries, within the budget); the last page has {@code next == null}. */
    @Override
    public HttpPage next() {
        if (done) {
            throw new NoSuchElementException();
        }
        if (parentPages != null) {
            return nextChildren();
        }
        PageToken from = position;
        TimeWindows.Window window = windowed == null ? null : windowed.windowOf(from);
        PageToken pageFrom = windowed == null ? from : WindowCursor.inner(from);
        RequestSpec request = request(pageFrom);
        if (window != null) {
            windowed.query(request, window);
        }
        ApiResponse response = client.send(request, resource.bucket());
        List<JsonNode> listed = PageRecords.listed(client.connection().system(), resource, response, request);
        if (window != null && pageFrom == null) {
            PageToken half = windowed.splitIfFull(window, response);
            if (half != null) { // nothing of this answer is used: its window is read again in halves
                pages++;
                position = half;
                return new HttpPage(pages, from, List.of(), half, null, List.of());
            }
        }
        PageToken next = ids != null ? nextChunk(from) : paginator.next(pageFrom, response, listed);
        if (window != null) {
            next = windowed.after(window, next);
        }
        PageToken tail = next == null && ids == null && incremental != null && incremental.position()
                ? paginator.tail(from, listed) : null;
        List<JsonNode> records = PageRecords.selected(resource.shape(), listed);
        if (window != null) {
            records = windowed.dedupe(window, records, resource.id());
        }
        List<Instant> times = PageRecords.changeTimes(incremental, records);
        Instant pageMax = null;
        for (Instant t : times) {
            if (t != null && (pageMax == null || t.isAfter(pageMax))) {
                pageMax = t;
            }
        }
        if (pageMax != null && (maxChanged == null || pageMax.isAfter(maxChanged))) {
            maxChanged = pageMax;
        }
        queryRecords += records.size();
        if (next != null && since != null && incremental.maxResults() > 0
                && queryRecords + records.size() > incremental.maxResults()) {
            next = restartWindow(request);
        }
        pages++;
        position = next;
        done = next == null;
        return new HttpPage(pages, from, records, next, pageMax, times, tail);
    }

    /**
     * The next page would pass the query's result cap: a new query starts at the latest change time
     * seen (inclusive, so records sharing that time are read again, never skipped). Records are
     * sorted by change time, so nothing before it is left unread.
     */
    private PageToken restartWindow(RequestSpec request) {
        if (maxChanged == null || !maxChanged.isAfter(windowStart)) {
            throw new BadResponseException(client.connection().system() + ": " + request.method() + " " + resource.path()
                    + ": more than " + incremental.maxResults() + " records changed at " + windowStart
                    + "; the search cannot page past its cap and a narrower time window cannot split them");
        }
        windowStart = maxChanged;
        queryRecords = 0;
        restarts++;
        return PageToken.of(WINDOW_RESTART, windowStart.toString());
    }

    /** By-ids mode: the index of the first id of a page's request. */
    static final String IDS_FROM = "ids_from";

    private int chunkStart(PageToken token) {
        return token == null || token.get(IDS_FROM) == null ? 0 : Integer.parseInt(token.get(IDS_FROM));
    }

    private PageToken nextChunk(PageToken from) {
        int next = chunkStart(from) + byIds.max();
        return next >= ids.size() ? null : PageToken.of(IDS_FROM, Integer.toString(next));
    }

    /** A position meaning "the first page of a new query from this time" (never sent to the API). */
    static final String WINDOW_RESTART = "window_from";

    /** Whether a page position of this read can be stored and resumed from later. */
    public boolean resumable() {
        return paginator == null || paginator.resumable();
    }

    /** How many times a query reached its result cap and a new one started from the latest change seen. */
    public int windowRestarts() {
        return restarts;
    }

    /** The children of the parent's next page: one page, checkpointed at the parent's position. */
    private HttpPage nextChildren() {
        HttpPage p = parentPages.next();
        int parents = (int) Math.min(parentsLeft, p.records().size());
        parentsLeft -= parents;
        ChildRequests.Children c = new ChildRequests(client, resource, paginator, vars, this::request, listed -> PageRecords.selected(resource.shape(), listed))
                .read(p, parents);
        pages++;
        position = p.next();
        done = !parentPages.hasNext() || parentsLeft == 0;
        if (p.maxChanged() != null && (maxChanged == null || p.maxChanged().isAfter(maxChanged))) {
            maxChanged = p.maxChanged();
        }
        return new HttpPage(pages, p.resumedFrom(), c.records(), p.next(), p.maxChanged(), c.times(), null);
    }

    /** How many windows of a windowed read were split in halves because their total reached the cap. */
    public int windowSplits() {
        return parentPages != null ? parentPages.windowSplits() : windowed == null ? 0 : windowed.splits();
    }

    /** The latest change time seen so far (incremental field), or null. */
    public Instant maxChanged() {
        return maxChanged;
    }

    /** The records of every remaining page, one page in memory at a time. */
    public Iterator<HttpRecord> records() {
        return new Iterator<>() {
            private HttpPage page;
            private int index;

            @Override
            public boolean hasNext() {
                while (page == null || index >= page.records().size()) {
                    if (!HttpRecordSource.this.hasNext()) {
                        return false;
                    }
                    page = HttpRecordSource.this.next();
                    index = 0;
                }
                return true;
            }

            @Override
            public HttpRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                JsonNode r = page.records().get(index++);
                return new HttpRecord(r, page.number(), page.resumedFrom(), page.next(), index == page.records().size());
            }
        };
    }

    RequestSpec request(PageToken token) {
        return request(token, vars);
    }

    private RequestSpec request(PageToken token, Map<String, String> vars) {
        RequestSpec r = client.request(resource.method(), HttpDefinitions.fill(resource.path(), vars, true));
        resource.query().forEach((k, v) -> r.query(k, HttpDefinitions.fill(v, vars, false)));
        if (resource.body() != null) {
            r.json().setAll((ObjectNode) fillJson(resource.body().deepCopy()));
        }
        if (!resource.properties().isEmpty()) {
            if ("body".equals(resource.propertiesIn())) {
                ArrayNode a = r.json().putArray(resource.propertiesParam());
                resource.properties().forEach(a::add);
            } else {
                r.query(resource.propertiesParam(), String.join(",", resource.properties()));
            }
        }
        if (ids != null) {
            int at = chunkStart(token);
            ArrayNode inputs = r.json().withArray(byIds.field());
            for (String id : ids.subList(at, Math.min(ids.size(), at + byIds.max()))) {
                inputs.addObject().put(byIds.key(), id);
            }
            return r;
        }
        if (token != null && token.get(WINDOW_RESTART) != null) {
            token = null; // the first page of the new window's query
        }
        if (since != null && windowed == null && parentPages == null) { // a child's since is its parent's
            Instant start = windowStart;
            if (incremental.param() != null) {
                String at = PageRecords.format(incremental.format(), start);
                r.query(incremental.param(), incremental.value() == null ? at : incremental.value().replace("{since}", at));
            } else {
                HttpResource.SearchFilter f = incremental.searchFilter();
                ObjectNode group = r.json().putArray("filterGroups").addObject();
                ArrayNode filters = group.putArray("filters");
                filters.addObject().put("propertyName", f.property()).put("operator", f.operator()).put("value", PageRecords.format(incremental.format(), start));
                if (until != null) {
                    filters.addObject().put("propertyName", f.property()).put("operator", "LT").put("value", PageRecords.format(incremental.format(), until));
                }
                if (!"none".equals(f.sortDirection())) {
                    r.json().putArray("sorts").addObject().put("propertyName", f.property()).put("direction", f.sortDirection());
                }
            }
        }
        paginator.position(r, token);
        return r;
    }

    private JsonNode fillJson(JsonNode n) {
        if (n.isTextual()) {
            return TextNode.valueOf(HttpDefinitions.fill(n.asText(), vars, false));
        }
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                o.set(name, fillJson(o.get(name)));
            }
        } else if (n.isArray()) {
            ArrayNode a = (ArrayNode) n;
            for (int i = 0; i < a.size(); i++) {
                a.set(i, fillJson(a.get(i)));
            }
        }
        return n;
    }

    /** An ISO-8601 instant or offset date-time (one without an offset is UTC), or epoch milliseconds. */
    public static Instant parseTime(JsonNode v) {
        return PageRecords.parseTime(v);
    }
}
