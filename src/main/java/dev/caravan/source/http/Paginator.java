package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * How a resource moves from page to page; one small class per {@code paginator.type}
 * ({@link PaginatorTypes}). Stateless: the position lives in the {@link PageToken}, so a run can be
 * resumed from a checkpointed token.
 */
public interface Paginator {

    /** Puts the position on a request: {@code token} null for the first page. */
    void position(RequestSpec request, PageToken token);

    /** The position of the page after this one, or null when this page was the last. */
    PageToken next(PageToken current, ApiResponse response, List<JsonNode> records);

    /**
     * Where a later read goes on after the last page ({@code incremental.cursor: position}): the
     * page's own position by default (it is read again, and its records upserted again, unchanged).
     */
    default PageToken tail(PageToken current, List<JsonNode> records) {
        return current;
    }

    /** Whether a stored position still works later (Shopify's page_info links are temporary: false). */
    default boolean resumable() {
        return true;
    }

    /** Sends the page size (when set) and, from the second page on, the token value under {@code param}. */
    static void position(RequestSpec request, String inject, String limitParam, int limit, String param,
            String tokenValue) {
        if (limit > 0) {
            put(request, inject, limitParam, Integer.toString(limit), true);
        }
        if (tokenValue != null) {
            put(request, inject, param, tokenValue, false);
        }
    }

    static void put(RequestSpec request, String inject, String name, String value, boolean number) {
        if ("body".equals(inject)) {
            if (number) {
                request.json().put(name, Long.parseLong(value));
            } else {
                request.json().put(name, value);
            }
        } else {
            request.query(name, value);
        }
    }
}
