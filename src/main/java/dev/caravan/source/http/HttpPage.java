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
 * @param changedAt each record's change time, in record order (entries null where a record has
 *        none; all null when the object has no incremental field): read once per record, here
 * @param tail on the last page of a stream read by position ({@code incremental.cursor: position}):
 *        where the next run goes on (after this page's last record); null otherwise
 */
public record HttpPage(int number, PageToken resumedFrom, List<JsonNode> records, PageToken next, Instant maxChanged,
        List<Instant> changedAt, PageToken tail) {

    public HttpPage(int number, PageToken resumedFrom, List<JsonNode> records, PageToken next, Instant maxChanged,
            List<Instant> changedAt) {
        this(number, resumedFrom, records, next, maxChanged, changedAt, null);
    }

    public HttpPage {
        records = List.copyOf(records);
        changedAt = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(changedAt));
        if (changedAt.size() != records.size()) {
            throw new IllegalArgumentException("one change time per record");
        }
    }

    public boolean last() {
        return next == null;
    }

    /** Where to go on once this page is committed: the next page, or a stream's tail. */
    public PageToken continueAt() {
        return next != null ? next : tail;
    }
}
