package dev.caravan.clean;

import dev.caravan.source.SourceRecord;
import java.util.List;

/**
 * A row that passed cleaning and validation: typed values in definition column order, the JSON of
 * the fields the definition does not know (and the originals of values that were nulled), the hash
 * that tells an unchanged row from a changed one, and the problems that nulled optional values.
 */
public record CleanRow(long line, Object[] values, String extra, String hash, List<RowIssue> issues,
        SourceRecord source) {

    /** The record as it appeared in the source (rebuilt on demand: only rejects and dead letters need it). */
    public String raw() {
        return source.text();
    }
}
