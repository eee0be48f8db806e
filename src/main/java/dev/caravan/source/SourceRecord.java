package dev.caravan.source;

import dev.caravan.definition.HeaderMapping;

/**
 * One record as read from a source, before cleaning.
 *
 * @param line line number where the record starts (1-based, header included)
 * @param mapping how this record's fields map onto the object's columns
 * @param values field values in source order (null = absent)
 * @param raw the record as it appeared in the source, kept for rejects
 * @param problem a structural problem found while reading (ragged row, bad JSON); the row is rejected
 */
public record SourceRecord(long line, HeaderMapping mapping, String[] values, String raw, String problem) {
}
