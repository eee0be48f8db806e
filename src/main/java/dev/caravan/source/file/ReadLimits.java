package dev.caravan.source.file;

import dev.caravan.config.CaravanConfig;

/**
 * The caps a file reader enforces so that memory stays bounded whatever the input (lengths in
 * characters as decoded). Past {@code maxFieldChars} or {@code maxColumns} a row is rejected; past
 * {@code maxRecordChars} a JSON line is rejected (and skipped without being held), while a CSV
 * record or a JSON array element, which cannot be skipped safely, fails the file.
 *
 * @param maxHeaderSets distinct header sets a JSON reader remembers; other rows are mapped one by one
 */
public record ReadLimits(int maxFieldChars, int maxRecordChars, int maxColumns, int maxHeaderSets) {

    /** The first characters of an oversized record kept in its reject. */
    public static final int EXCERPT_CHARS = 200;

    /** The defaults of {@link CaravanConfig.Limits}. */
    public static final ReadLimits DEFAULT = new ReadLimits(1 << 20, 4 << 20, 1000, 1000);

    public ReadLimits {
        if (maxFieldChars < 1 || maxRecordChars < maxFieldChars || maxColumns < 1 || maxHeaderSets < 0) {
            throw new IllegalArgumentException("limits must be positive and the record cap at least the field cap: "
                    + "CARAVAN_MAX_FIELD_CHARS=" + maxFieldChars + ", CARAVAN_MAX_RECORD_CHARS=" + maxRecordChars
                    + ", CARAVAN_MAX_COLUMNS=" + maxColumns + ", CARAVAN_MAX_HEADER_SETS=" + maxHeaderSets);
        }
    }

    public static ReadLimits of(CaravanConfig.Limits limits) {
        return new ReadLimits(limits.maxFieldChars(), limits.maxRecordChars(), limits.maxColumns(), limits.maxHeaderSets());
    }

    /** The first {@link #EXCERPT_CHARS} characters of a text, marked when cut. */
    static String excerpt(CharSequence text) {
        if (text.length() <= EXCERPT_CHARS) {
            return text.toString();
        }
        return text.subSequence(0, EXCERPT_CHARS) + "… (cut; " + text.length() + " characters)";
    }

    String fieldTooLong(String field, long length) {
        return "field " + field + " is too long: " + length + " characters, at most " + maxFieldChars
                + " (CARAVAN_MAX_FIELD_CHARS)";
    }

    String tooManyFields(int count) {
        return "too many fields: " + count + ", at most " + maxColumns + " (CARAVAN_MAX_COLUMNS)";
    }
}
