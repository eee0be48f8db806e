package dev.caravan.clean;

import dev.caravan.source.SourceRecord;
import java.util.List;

/** A row that will not be loaded, with the record as read and every reason. */
public record RejectedRow(long line, SourceRecord source, List<RowIssue> issues) {

    public static RejectedRow of(long line, SourceRecord source, String column, String reason) {
        return new RejectedRow(line, source, List.of(new RowIssue(line, column, reason, true)));
    }

    /** The record as it appeared in the source (rebuilt on demand). */
    public String raw() {
        return source.text();
    }
}
