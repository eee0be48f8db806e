package dev.caravan.source.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * {@code type: offset}: {@code offset_param} (default offset) and {@code limit_param} (default limit,
 * {@code limit} required) in the query or, with {@code inject: body}, in the body, from {@code start}
 * (default 0). Stops when {@code offset + limit} reaches the total at {@code total_path} when given,
 * else on a short page ({@code stop: short_page}, the default) or only on an empty page
 * ({@code stop: empty_page}, for APIs that may answer fewer records than asked mid-way).
 */
final class OffsetPaginator implements Paginator {

    private final String offsetParam;
    private final String limitParam;
    private final int limit;
    private final int start;
    private final JsonPointer totalPath;
    private final String inject;
    private final boolean emptyPageStop;

    OffsetPaginator(StrategyOptions o) {
        this.offsetParam = o.string("offset_param", "offset");
        this.limitParam = o.string("limit_param", "limit");
        this.limit = o.integer("limit", 0, 1);
        if (!o.has("limit")) {
            o.problem("limit is required for the offset paginator");
        }
        this.start = o.integer("start", 0, 0);
        this.totalPath = o.has("total_path") ? o.pointer("total_path", null) : null;
        this.inject = o.oneOf("inject", "query", Set.of("query", "body"));
        this.emptyPageStop = "empty_page".equals(o.oneOf("stop", "short_page", Set.of("short_page", "empty_page")));
    }

    @Override
    public void position(RequestSpec request, PageToken token) {
        Paginator.put(request, inject, offsetParam, token == null ? Integer.toString(start) : token.get("offset"), true);
        Paginator.put(request, inject, limitParam, Integer.toString(limit), true);
    }

    @Override
    public PageToken next(PageToken current, ApiResponse response, List<JsonNode> records) {
        long offset = current == null ? start : Long.parseLong(current.get("offset"));
        long nextOffset = offset + limit;
        if (records.isEmpty()) {
            return null;
        }
        if (totalPath != null) {
            JsonNode total = response.body().at(totalPath);
            if (total.canConvertToLong() && nextOffset >= total.asLong()) {
                return null;
            }
        } else if (!emptyPageStop && records.size() < limit) {
            return null;
        }
        return PageToken.of("offset", Long.toString(nextOffset));
    }
}
