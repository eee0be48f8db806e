package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One page of records and where the page after it starts.
 *
 * @param number 1 for the first page this read fetched
 * @param resumedFrom the position this page was read from (null: the first page)
 * @param next the position of the next page, null after the last: once this page's records are
 *        committed, a checkpoint holding {@code next} resumes right after them
 * @param maxChanged the latest change time among this page's records (incremental field), or null
 */
public record HttpPage(int number, PageToken resumedFrom, List<JsonNode> records, PageToken next, Instant maxChanged) {

    public HttpPage {
        records = List.copyOf(records);
    }

    public boolean last() {
        return next == null;
    }
}
