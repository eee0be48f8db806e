package dev.caravan.clean;

import java.util.List;

/** A row that will not be loaded, with the raw record and every reason. */
public record RejectedRow(long line, String raw, List<RowIssue> issues) {

    public static RejectedRow of(long line, String raw, String column, String reason) {
        return new RejectedRow(line, raw, List.of(new RowIssue(line, column, reason, true)));
    }
}
