package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the links of a page of records, strategy {@code hubspot_v4}: one {@code POST} batch read per
 * target type with every id of the page as an input, then, for inputs whose targets did not fit
 * (HubSpot: 500 per input), further reads with the input's {@code after} cursor until none is left.
 */
final class AssociationReader {

    /** HubSpot's batch read takes at most 1,000 inputs per request. */
    static final int MAX_INPUTS = 1000;

    private final ApiClient client;
    private final HttpResource.Associations spec;

    AssociationReader(ApiClient client, HttpResource.Associations spec) {
        this.client = client;
        this.spec = spec;
    }

    /** Every link of the given records, by record id (ids without links are absent). */
    Map<String, List<ApiPosition.Link>> read(List<String> ids) {
        Map<String, List<ApiPosition.Link>> out = new HashMap<>();
        for (String to : spec.to()) {
            String path = HttpDefinitions.fill(spec.path(), Map.of("to", to), true);
            for (int start = 0; start < ids.size(); start += MAX_INPUTS) {
                Map<String, String> pending = new LinkedHashMap<>();
                for (String id : ids.subList(start, Math.min(ids.size(), start + MAX_INPUTS))) {
                    pending.put(id, null);
                }
                int rounds = 0;
                while (!pending.isEmpty()) {
                    if (++rounds > 10_000) {
                        throw new BadResponseException(client.connection().system() + ": POST " + path
                                + ": the association cursor does not advance");
                    }
                    pending = readOnce(path, to, pending, out);
                }
            }
        }
        return out;
    }

    /** One batch read; returns the inputs that have more targets, with their cursors. */
    private Map<String, String> readOnce(String path, String to, Map<String, String> inputs,
            Map<String, List<ApiPosition.Link>> out) {
        RequestSpec r = client.request("POST", path);
        ArrayNode in = r.json().putArray("inputs");
        inputs.forEach((id, after) -> {
            var o = in.addObject().put("id", id);
            if (after != null) {
                o.put("after", after);
            }
        });
        ApiResponse response = client.send(r, HttpConnection.DEFAULT_BUCKET);
        JsonNode results = response.body().path("results");
        if (!results.isArray()) {
            throw new BadResponseException(client.connection().system() + ": POST " + path + ": no results list in the response");
        }
        Map<String, String> more = new LinkedHashMap<>();
        for (JsonNode result : results) {
            String from = result.path("from").path("id").asText(null);
            if (from == null || !inputs.containsKey(from)) {
                continue; // not one of ours: ignored rather than attached to the wrong record
            }
            List<ApiPosition.Link> links = out.computeIfAbsent(from, k -> new ArrayList<>());
            for (JsonNode target : result.path("to")) {
                String toId = target.path("toObjectId").asText(null);
                if (toId == null || toId.isEmpty()) {
                    continue;
                }
                JsonNode types = target.path("associationTypes");
                if (!types.isArray() || types.isEmpty()) {
                    links.add(new ApiPosition.Link(to, toId, 0, null, null));
                }
                for (JsonNode t : types) {
                    links.add(new ApiPosition.Link(to, toId, t.path("typeId").asInt(0),
                            t.hasNonNull("label") ? t.get("label").asText() : null,
                            t.hasNonNull("category") ? t.get("category").asText() : null));
                }
            }
            String after = result.path("paging").path("next").path("after").asText(null);
            if (after != null && !after.isEmpty() && !after.equals(inputs.get(from))) {
                more.put(from, after);
            }
        }
        return more;
    }
}
