package dev.caravan.source.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code type: page_number}: {@code page_param} (default page) counting from {@code base_page}
 * (default 1), an optional {@code limit} as {@code limit_param}. Stops on an empty page, on a short
 * page when {@code limit} is set, or after the page count at {@code total_pages_path} when given.
 */
final class PageNumberPaginator implements Paginator {

    private final String pageParam;
    private final int basePage;
    private final int limit;
    private final String limitParam;
    private final JsonPointer totalPagesPath;

    PageNumberPaginator(StrategyOptions o) {
        this.pageParam = o.string("page_param", "page");
        this.basePage = o.integer("base_page", 1, 0);
        this.limit = o.integer("limit", 0, 1);
        this.limitParam = o.string("limit_param", "limit");
        this.totalPagesPath = o.has("total_pages_path") ? o.pointer("total_pages_path", null) : null;
    }

    @Override
    public void position(RequestSpec request, PageToken token) {
        request.query(pageParam, token == null ? Integer.toString(basePage) : token.get("page"));
        if (limit > 0) {
            request.query(limitParam, Integer.toString(limit));
        }
    }

    @Override
    public PageToken next(PageToken current, ApiResponse response, List<JsonNode> records) {
        long page = current == null ? basePage : Long.parseLong(current.get("page"));
        if (records.isEmpty() || limit > 0 && records.size() < limit) {
            return null;
        }
        if (totalPagesPath != null) {
            JsonNode total = response.body().at(totalPagesPath);
            // pages numbered from basePage: the last one is basePage + total - 1
            if (total.canConvertToLong() && page - basePage + 1 >= total.asLong()) {
                return null;
            }
        }
        return PageToken.of("page", Long.toString(page + 1));
    }
}
