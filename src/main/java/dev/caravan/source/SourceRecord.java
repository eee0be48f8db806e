package dev.caravan.source;

import dev.caravan.definition.HeaderMapping;

/**
 * One record as read from a source, before cleaning.
 *
 * @param line line number where the record starts (1-based, header included)
 * @param mapping how this record's fields map onto the object's columns
 * @param values field values in source order (null = absent)
 * @param rawText the record as it appeared in the source when the reader has it (JSON), else null
 * @param delimiter the CSV delimiter, to rebuild the raw record from its values when it is needed
 * @param problem a structural problem found while reading (ragged row, bad JSON); the row is rejected
 * @param position where the record stands in its source (a database row's change time and key), or null
 */
public record SourceRecord(long line, HeaderMapping mapping, String[] values, String rawText, char delimiter,
        String problem, Object position) {

    public SourceRecord(long line, HeaderMapping mapping, String[] values, String rawText, char delimiter, String problem) {
        this(line, mapping, values, rawText, delimiter, problem, null);
    }

    /** The characters the record holds (its values and raw text), to bound the size of a batch. */
    public long chars() {
        long n = rawText == null ? 0 : rawText.length();
        for (String v : values) {
            n += v == null ? 1 : v.length() + 1;
        }
        return n;
    }

    /** Marks a record whose raw form is a JSON object of its fields (database rows), built on demand. */
    public static final char JSON_OBJECT = '\0';

    /** The record as it appeared in the source; built only when asked for (rejects, held rows, dead letters). */
    public String text() {
        if (rawText != null) {
            return rawText;
        }
        if (delimiter == JSON_OBJECT) {
            com.fasterxml.jackson.databind.node.ObjectNode json = JSON.createObjectNode();
            for (int i = 0; i < values.length; i++) {
                json.put(mapping.headers().get(i), values[i]);
            }
            return json.toString();
        }
        return CsvText.join(values, delimiter);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
}
