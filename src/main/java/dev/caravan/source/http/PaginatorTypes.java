package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/** The paginators a connection or resource can name by {@code type:}. */
final class PaginatorTypes {

    /** {@code type: single_page}: one request, no paging. */
    static final Paginator SINGLE_PAGE = new Paginator() {
        @Override
        public void position(RequestSpec request, PageToken token) {
        }

        @Override
        public PageToken next(PageToken current, ApiResponse response, List<JsonNode> records) {
            return null;
        }
    };

    static final Map<String, Function<StrategyOptions, Paginator>> PAGINATOR_TYPES = Map.of(
            "cursor", CursorPaginator::new,
            "next_url", NextUrlPaginator::new,
            "offset", OffsetPaginator::new,
            "page_number", PageNumberPaginator::new,
            "after_id", AfterIdPaginator::new,
            "single_page", o -> SINGLE_PAGE);

    private PaginatorTypes() {
    }

    static Paginator parse(StrategyOptions o) {
        String type = o.required("type");
        if (type == null) {
            return null;
        }
        Function<StrategyOptions, Paginator> factory = PAGINATOR_TYPES.get(type);
        if (factory == null) {
            o.problem("unknown paginator type '" + type + "'; valid types: " + String.join(", ", new TreeSet<>(PAGINATOR_TYPES.keySet())));
            return null;
        }
        Paginator p = factory.apply(o);
        o.rejectUnknown();
        return p;
    }
}
