package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record as {@link HttpRecordSource#records()} yields it, with its page's continuation.
 *
 * @param from where this record's page was read from (null: the first page); resuming there reads the page again
 * @param resume where to resume once this record's whole page is committed (null: nothing after it)
 * @param lastOfPage true for the page's last record: the point where a checkpoint of {@code resume} is safe
 */
public record HttpRecord(JsonNode record, int page, PageToken from, PageToken resume, boolean lastOfPage) {
}
