package dev.caravan.clean;

/**
 * A problem with one row: {@code column} may be null for a whole-row problem.
 *
 * @param rejected true when the row is not loaded; false when only the value was nulled
 */
public record RowIssue(long line, String column, String reason, boolean rejected) {
}
