package dev.caravan.source.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Where a windowed read ({@code incremental.window}) stands: the current window travels in the page
 * token ({@value #FROM}, {@value #TO}) beside the paginator's own position, so a checkpointed token
 * resumes in the right window at the right page. Splits a window whose total reaches the cap,
 * moves to the next window after the last page, and drops records an adjacent window already gave
 * (windows touch, and a minute-resolution filter may hand a boundary minute to both).
 */
final class WindowCursor {

    private static final Logger LOG = Logger.getLogger(WindowCursor.class);
    static final String FROM = "w_from";
    static final String TO = "w_to";

    private final HttpResource.Window config;
    private final TimeWindows windows;
    private final Instant start;
    private final Instant end;
    private final String what;
    private long lastTotal = -1;
    private TimeWindows.Window idsOf;
    private Set<String> previousIds = new HashSet<>();
    private Set<String> currentIds = new HashSet<>();
    private int splits;
    private int read;

    WindowCursor(HttpResource.Window config, Instant start, Instant end, String what) {
        this.config = config;
        this.windows = config.windows();
        this.start = start;
        this.end = end;
        this.what = what;
    }

    /** The window a token is in (the first window for null). */
    TimeWindows.Window windowOf(PageToken token) {
        if (token == null || token.get(FROM) == null) {
            return windows.first(start, end);
        }
        return new TimeWindows.Window(Instant.parse(token.get(FROM)), Instant.parse(token.get(TO)));
    }

    /** The paginator's part of a token, null on a window's first page. */
    static PageToken inner(PageToken token) {
        if (token == null) {
            return null;
        }
        Map<String, String> v = new HashMap<>(token.values());
        v.remove(FROM);
        v.remove(TO);
        return v.isEmpty() ? null : new PageToken(v);
    }

    private static PageToken at(TimeWindows.Window w, PageToken inner) {
        Map<String, String> v = new HashMap<>(inner == null ? Map.of() : inner.values());
        v.put(FROM, w.from().toString());
        v.put(TO, w.to().toString());
        return new PageToken(v);
    }

    /** Writes the window's bounds into the request's query. */
    void query(RequestSpec request, TimeWindows.Window w) {
        Map<String, String> values = windows.values(w, config.dayEnd());
        config.query().forEach((k, v) -> request.query(k, HttpDefinitions.fill(v, values, false)));
    }

    /** On a window's first page: the first half to read instead when its total reaches the cap, else null. */
    PageToken splitIfFull(TimeWindows.Window w, ApiResponse response) {
        JsonNode total = response.body().at(config.totalPath());
        lastTotal = total.canConvertToLong() ? total.asLong() : -1;
        if (!windows.full(lastTotal)) {
            return null;
        }
        TimeWindows.Window half = windows.split(w);
        if (half == null) {
            throw new BadResponseException(what + ": " + lastTotal + " results between " + w.from() + " and " + w.to()
                    + " reach the " + config.maxResults() + "-result cap of one query, and window.min_size " + config.minSize()
                    + " allows no narrower window");
        }
        splits++;
        LOG.infof("%s: %d results in [%s, %s) reach the %d cap; reading it in halves", what, lastTotal, w.from(), w.to(),
                config.maxResults());
        return at(half, null);
    }

    /** After a page: the next page of the window, else the next window's first page, else null. */
    PageToken after(TimeWindows.Window w, PageToken innerNext) {
        if (innerNext != null) {
            String offset = innerNext.get("offset");
            if (offset != null && Long.parseLong(offset) >= config.maxResults()) {
                throw new BadResponseException(what + ": the window [" + w.from() + ", " + w.to() + ") has more than "
                        + config.maxResults() + " results and its total (" + config.totalPath() + ") did not say so;"
                        + " a page past the cap would be truncated");
            }
            return at(w, innerNext);
        }
        TimeWindows.Window n = windows.next(w, lastTotal, end);
        lastTotal = -1;
        return n == null ? null : at(n, null);
    }

    /** The records no adjacent window gave already (by id); records without an id are kept. */
    List<JsonNode> dedupe(TimeWindows.Window w, List<JsonNode> records, JsonPointer id) {
        if (!w.equals(idsOf)) {
            boolean adjacent = idsOf != null && idsOf.to().equals(w.from());
            previousIds = adjacent ? currentIds : new HashSet<>();
            currentIds = new HashSet<>();
            idsOf = w;
        }
        List<JsonNode> out = new ArrayList<>(records.size());
        for (JsonNode r : records) {
            JsonNode v = r.at(id);
            String key = v.isValueNode() && !v.isNull() ? v.asText() : null;
            if (key != null && (previousIds.contains(key) || !currentIds.add(key))) {
                continue;
            }
            out.add(r);
        }
        read += out.size();
        return out;
    }

    /** How many windows were split because their total reached the cap. */
    int splits() {
        return splits;
    }
}
