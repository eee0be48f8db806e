package dev.caravan.source;

/**
 * Where a database row stands in its source: its key as text (the same text for the same key on
 * every read) and the value of its change column, in the source's own type (null when none).
 */
public record RowPosition(String keyText, Object changedAt, boolean retried) {

    /** A row read from the source table now. */
    public RowPosition(String keyText, Object changedAt) {
        this(keyText, changedAt, false);
    }
}
