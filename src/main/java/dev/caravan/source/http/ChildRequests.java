package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The child requests of one parent page ({@code parent:}): for each parent record that has an id
 * (and, with {@code non_empty}, a non-empty list there), the child path with the id filled in, paged
 * to its end by the child's paginator. Each child record gets its parent's change time.
 */
final class ChildRequests {

    private static final Logger LOG = Logger.getLogger(ChildRequests.class);
    /** The most pages one parent's children may take: a paginator that never ends is a bug, not data. */
    static final int MAX_PAGES_PER_PARENT = 1000;

    record Children(List<JsonNode> records, List<Instant> times) {
    }

    private final ApiClient client;
    private final HttpResource child;
    private final Paginator paginator;
    private final Map<String, String> vars;
    private final BiFunction<PageToken, Map<String, String>, RequestSpec> request;
    private final UnaryOperator<List<JsonNode>> selected;

    ChildRequests(ApiClient client, HttpResource child, Paginator paginator, Map<String, String> vars,
            BiFunction<PageToken, Map<String, String>, RequestSpec> request, UnaryOperator<List<JsonNode>> selected) {
        this.client = client;
        this.child = child;
        this.paginator = paginator;
        this.vars = vars;
        this.request = request;
        this.selected = selected;
    }

    /** The children of the page's first {@code parents} records. */
    Children read(HttpPage parentPage, int parents) {
        HttpResource.Parent spec = child.parent();
        List<JsonNode> out = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < Math.min(parents, parentPage.records().size()); i++) {
            JsonNode parent = parentPage.records().get(i);
            JsonNode id = parent.at(spec.id());
            if (!id.isValueNode() || id.isNull() || spec.nonEmpty() != null && parent.at(spec.nonEmpty()).isEmpty()) {
                continue;
            }
            Map<String, String> v = new HashMap<>(vars);
            v.put(spec.placeholder(), id.asText());
            List<JsonNode> records = readAll(v, id.asText());
            Instant changed = parentPage.changedAt().get(i);
            for (JsonNode r : selected.apply(records)) {
                out.add(r);
                times.add(changed);
            }
        }
        return new Children(out, times);
    }

    private List<JsonNode> readAll(Map<String, String> v, String parentId) {
        List<JsonNode> records = new ArrayList<>();
        PageToken token = null;
        for (int page = 0; page < MAX_PAGES_PER_PARENT; page++) {
            RequestSpec r = request.apply(token, v);
            ApiResponse response;
            try {
                response = client.send(r, child.bucket());
            } catch (ApiErrorException e) {
                if (e.status() == 404) { // the parent went away between its list and this request
                    LOG.warnf("%s: %s %s answered 404; skipped", client.connection().system(), r.method(), child.path());
                    return records;
                }
                throw e;
            }
            JsonNode at = response.body().at(child.records());
            if (!at.isArray()) {
                throw new BadResponseException(client.connection().system() + ": " + r.method() + " " + child.path()
                        + " for parent " + parentId + ": '" + child.records() + "' is not a list of records");
            }
            List<JsonNode> listed = new ArrayList<>(at.size());
            at.forEach(listed::add);
            records.addAll(listed);
            token = paginator.next(token, response, listed);
            if (token == null) {
                return records;
            }
        }
        throw new BadResponseException(client.connection().system() + ": " + child.path() + " for parent " + parentId
                + " did not end within " + MAX_PAGES_PER_PARENT + " pages");
    }
}
