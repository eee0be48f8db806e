package dev.caravan.source.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * {@code type: cursor}: the next cursor is read from the body at {@code cursor_path} (default
 * /paging/next/after, HubSpot's) and sent as {@code cursor_param} (default after) in the query or,
 * with {@code inject: body}, in the JSON body (HubSpot's search). An optional {@code limit} is sent
 * as {@code limit_param} (default limit). No cursor, an empty one or the same one again ends the pages.
 */
final class CursorPaginator implements Paginator {

    private final JsonPointer cursorPath;
    private final String cursorParam;
    private final String inject;
    private final int limit;
    private final String limitParam;

    CursorPaginator(StrategyOptions o) {
        this.cursorPath = o.pointer("cursor_path", "/paging/next/after");
        this.cursorParam = o.string("cursor_param", "after");
        this.inject = o.oneOf("inject", "query", Set.of("query", "body"));
        this.limit = o.integer("limit", 0, 1);
        this.limitParam = o.string("limit_param", "limit");
    }

    @Override
    public void position(RequestSpec request, PageToken token) {
        Paginator.position(request, inject, limitParam, limit, cursorParam, token == null ? null : token.get("cursor"));
    }

    @Override
    public PageToken next(PageToken current, ApiResponse response, List<JsonNode> records) {
        JsonNode v = response.body().at(cursorPath);
        if (v.isMissingNode() || v.isNull() || !v.isValueNode() || v.asText().isEmpty()) {
            return null;
        }
        if (current != null && v.asText().equals(current.get("cursor"))) {
            throw new IllegalStateException("the API returned the same cursor again at " + cursorPath + "; stopping instead of looping");
        }
        return PageToken.of("cursor", v.asText());
    }
}
