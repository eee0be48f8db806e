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
        Incremental incremental) {

    public HttpResource {
        vars = Map.copyOf(vars);
        query = Map.copyOf(query);
        properties = List.copyOf(properties);
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
     */
    public record Incremental(JsonPointer field, String param, SearchFilter searchFilter, String format,
            Duration lookback, HttpResource request) {
    }

    /**
     * A filter written the way CRM search endpoints take it (HubSpot's {@code filterGroups} of
     * {@code {propertyName, operator, value}} and {@code sorts} of {@code {propertyName, direction}}).
     */
    public record SearchFilter(String property, String operator, String sortDirection) {
    }
}
