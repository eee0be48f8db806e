package dev.caravan.source.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * {@code type: after_id}: the last record's id (at {@code id_path} inside the record, default /id)
 * is sent as {@code param} (default after_id) for the next page, as LeadConduit's events API does
 * with {@code sort=asc} (put the sort in the resource's query). Stops on an empty page, or on a
 * short page when {@code limit} is set.
 */
final class AfterIdPaginator implements Paginator {

    private final JsonPointer idPath;
    private final String param;
    private final String inject;
    private final int limit;
    private final String limitParam;

    AfterIdPaginator(StrategyOptions o) {
        this.idPath = o.pointer("id_path", "/id");
        this.param = o.string("param", "after_id");
        this.inject = o.oneOf("inject", "query", Set.of("query", "body"));
        this.limit = o.integer("limit", 0, 1);
        this.limitParam = o.string("limit_param", "limit");
    }

    @Override
    public void position(RequestSpec request, PageToken token) {
        Paginator.position(request, inject, limitParam, limit, param, token == null ? null : token.get("after_id"));
    }

    /** After the last page: the position after its last record (or the page's own when it was empty). */
    @Override
    public PageToken tail(PageToken current, List<JsonNode> records) {
        if (records.isEmpty()) {
            return current;
        }
        JsonNode id = records.get(records.size() - 1).at(idPath);
        return id.isValueNode() && !id.isNull() ? PageToken.of("after_id", id.asText()) : current;
    }

    @Override
    public PageToken next(PageToken current, ApiResponse response, List<JsonNode> records) {
        if (records.isEmpty() || limit > 0 && records.size() < limit) {
            return null;
        }
        JsonNode id = records.get(records.size() - 1).at(idPath);
        if (id.isMissingNode() || id.isNull() || !id.isValueNode()) {
            throw new IllegalStateException("the last record of the page has no id at " + idPath);
        }
        if (current != null && id.asText().equals(current.get("after_id"))) {
            throw new IllegalStateException("the last id did not advance (" + idPath + "); stopping instead of looping");
        }
        return PageToken.of("after_id", id.asText());
    }
}
