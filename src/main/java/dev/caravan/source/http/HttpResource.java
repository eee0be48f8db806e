package dev.caravan.source.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code http:} block of an object definition: how to read the object's records from its
 * system's API. Parsed and validated by {@link HttpDefinitions#resource}.
 *
 * @param path with {@code {placeholders}} filled from {@code vars} and the caller's values
 * @param query query parameters ({@code {placeholders}} allowed in values)
 * @param body a JSON body template for POST (null for none)
 * @param records where the page's records are (JSON pointer; empty pointer: the body is one array)
 * @param paginator null to use the connection's
 * @param properties fields to request, sent as {@code propertiesParam}, comma-joined in the query or
 *        as a JSON array in the body ({@code propertiesIn})
 * @param bucket the rate-limit bucket besides {@code default} (e.g. {@code search}), or {@code default}
 * @param incremental null when the object is read in full only
 * @param id where a record's id is (JSON pointer; default {@code /id}): the raw layer, deletions and
 *        associations name a record by it
 * @param flatten a JSON object inside each record whose members become fields of their own (HubSpot's
 *        {@code /properties}), or null; other fields are the record's top-level members
 * @param deleted how to list records deleted in the source (HubSpot: {@code archived=true}), or null
 * @param associations links to other objects fetched for each page (null for none)
 * @param parent read one request per record of another object (null for none)
 * @param testModeLimit the most records a test-mode run ({@code --test-mode}) reads, 0 for no cap
 */
public record HttpResource(
        String method,
        String path,
        Map<String, String> vars,
        Map<String, String> query,
        JsonNode body,
        JsonPointer records,
        Paginator paginator,
        List<String> properties,
        String propertiesParam,
        String propertiesIn,
        String bucket,
        Incremental incremental,
        JsonPointer id,
        JsonPointer flatten,
        Deleted deleted,
        Associations associations,
        ByIds byIds,
        Shape shape,
        Parent parent,
        int testModeLimit) {

    public HttpResource {
        vars = Map.copyOf(vars);
        query = Map.copyOf(query);
        properties = List.copyOf(properties);
    }

    /**
     * How a listed item becomes a record's fields, beyond its top-level members and {@code flatten}.
     *
     * @param fields extra fields taken from JSON pointers into the item ({@code submitted_at: /vars/submission/timestamp})
     * @param topLevel whether the item's top-level members are fields (false: only {@code flatten} and {@code fields})
     * @param valueMember when a field's value is an object holding this member, that member is the value
     *        (LeadConduit's typed values {@code {"raw", "normal", "valid"}}: {@code normal}); null for none
     * @param where only items whose value at each pointer is one of the listed values are records (the
     *        others are skipped, though still paged through)
     * @param explode a list inside each item whose elements become one record each: the item's members
     *        with the element's members on top (Ender Turing's score {@code point_scores}); an item whose
     *        list is empty or missing gives no record; null for none
     */
    public record Shape(Map<String, JsonPointer> fields, boolean topLevel, String valueMember,
            Map<JsonPointer, List<String>> where, JsonPointer explode) {
        public static final Shape DEFAULT = new Shape(Map.of(), true, null, Map.of(), null);

        public Shape {
            fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
            where = Map.copyOf(where);
        }

        /** Whether an item passes {@code where}. */
        public boolean accepts(JsonNode item) {
            for (Map.Entry<JsonPointer, List<String>> w : where.entrySet()) {
                JsonNode v = item.at(w.getKey());
                if (!v.isValueNode() || v.isNull() || !w.getValue().contains(v.asText())) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Reading only what changed since a point in time.
     *
     * @param field where a record's change time is (JSON pointer into the record)
     * @param param a query parameter taking the start time, or null
     * @param searchFilter a search-body filter taking the start time, or null (exactly one of the two)
     * @param format how the start time is written: iso, epoch_millis, epoch_seconds, date
     * @param lookback subtracted from the start, for index lag and clock skew
     * @param request the request to use instead of the full one (HubSpot: the search endpoint), or null
     * @param maxResults the most results one query may page through (HubSpot search: 10,000), 0 for no
     *        cap; before a query would pass it, the read starts a new query from the latest change
     *        time seen, so no record beyond the cap is lost
     * @param value the parameter's value as a template holding {@code {since}} (Klaviyo:
     *        {@code greater-than(updated,{since})}), or null for the start time itself
     * @param sorted whether the API returns records in ascending change time; when false, a run
     *        commits its checkpoint only once it has read to the end (a killed run reads again, never skips)
     * @param position the checkpoint is the position after the last record committed, not a time
     *        (LeadConduit's {@code after_id} event stream): each run goes on where the last one stopped,
     *        and {@code param} (the start time) is sent on the first run only, from {@code --since}
     * @param window the read goes through consecutive time windows (null: one query from the start time)
     */
    public record Incremental(JsonPointer field, String param, SearchFilter searchFilter, String format,
            Duration lookback, HttpResource request, int maxResults, String value, boolean sorted, boolean position,
            Window window) {
    }

    /**
     * {@code incremental.window}: the range [start − lookback, now) read as consecutive windows of
     * {@code size} (whole minutes, touching, never crossing midnight UTC with {@code withinDay}), each
     * window's bounds written into {@code query} ({@code {from_date}}, {@code {from_time}},
     * {@code {to_date}}, {@code {to_time}}, {@code {from}}, {@code {to}}). The total at {@code totalPath}
     * on a window's first page decides: when it reaches {@code maxResults} (the most one query can page
     * through) the window is split in halves, down to {@code minSize}. A full read covers the last
     * {@code history}. See {@link TimeWindows}.
     */
    public record Window(Duration size, Duration minSize, int maxResults, JsonPointer totalPath, boolean withinDay,
            String dayEnd, Duration history, Map<String, String> query) {
        public Window {
            query = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(query));
        }

        TimeWindows windows() {
            return new TimeWindows(size, minSize, withinDay, maxResults);
        }
    }

    /**
     * Records deleted in the source, read by a request that inherits from the full one (HubSpot:
     * {@code archived=true}); their rows are marked {@code deleted_at}, never removed.
     *
     * @param field where the deletion time is in a record (null: the time of the run)
     */
    public record Deleted(HttpResource request, JsonPointer field) {
    }

    /**
     * Links from each record to records of other objects, read per page of records in one batch
     * request per target and committed with the page's rows. Strategy {@code hubspot_v4} (the one
     * vendor-shaped strategy, see docs/sources/http-engine.md): {@code POST path} with
     * {@code {"inputs": [{"id"}]}}, answered {@code {"results": [{"from": {"id"}, "to": [{"toObjectId",
     * "associationTypes": [{"typeId", "label", "category"}]}], "paging"}]}}.
     *
     * @param fromType the name this object goes by in the links table (HubSpot: the object type)
     * @param path with {@code {to}} for the target type
     * @param to the target types
     * @param table where the links land (from_type, from_id, to_type, to_id, association_type_id, label, category)
     */
    /**
     * Reading given records by id (webhook events name ids): {@code request} is sent with the ids, at
     * most {@code max} per request, as an array at {@code field} of the JSON body, each as an object
     * {@code {KEY: id}} (HubSpot's batch read: {@code inputs: [{id}]}). Ids the source no longer has are
     * simply absent from the answer.
     */
    public record ByIds(HttpResource request, String field, String key, int max) {
    }

    /**
     * Per-record child requests ({@code parent:}): the object's records are read one request per
     * record of another object of the same system, the parent, read the way it is read itself (full,
     * windowed, since the checkpoint). The parent's id at {@code id} fills {@code {placeholder}} in
     * the path; only parents whose value at {@code nonEmpty} is a non-empty list are asked (null: all).
     * A child page is the children of one parent page, checkpointed at the parent's position; a
     * child's change time is its parent's. A parent gone meanwhile (404) is skipped.
     */
    public record Parent(String object, JsonPointer id, String placeholder, JsonPointer nonEmpty) {
    }

    public record Associations(String type, String fromType, String path, List<String> to, String table) {
        public Associations {
            to = List.copyOf(to);
        }
    }

    /**
     * A filter written the way CRM search endpoints take it (HubSpot's {@code filterGroups} of
     * {@code {propertyName, operator, value}} and {@code sorts} of {@code {propertyName, direction}}).
     */
    public record SearchFilter(String property, String operator, String sortDirection) {
    }
}
