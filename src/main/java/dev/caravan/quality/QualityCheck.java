package dev.caravan.quality;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One data-quality check of an object, from its definition's {@code quality:} block or from the
 * defaults every object gets (see {@link QualityDefinitions}). Each kind is one set-based SQL query
 * ({@link CheckQueries}); no check reads a table into memory.
 *
 * @param name unique per object; the name of its results and of its gauge
 * @param columns the columns the check looks at (not_null, duplicates, email_valid, non_negative,
 *        orphans, allowed_values, freshness: the first)
 * @param references the referenced object ("system.object") of an orphans check
 * @param min, max bounds of a row count
 * @param maxRate the largest share of offending rows (not_null), 0–1
 * @param minRate the smallest share of valid values (email_valid), 0–1
 * @param maxDropPct the largest drop of the row count against the previous evaluation, in percent
 * @param maxAge the oldest the newest change may be (freshness)
 * @param values the allowed values (allowed_values), compared case-insensitively
 * @param layer where duplicates are looked for: {@code raw} (the API records one run fetched) or
 *        {@code table} (the target table's rows)
 */
public record QualityCheck(
        String name,
        Kind kind,
        Severity severity,
        List<String> columns,
        String references,
        Double min,
        Double max,
        Double maxRate,
        Double minRate,
        Double maxDropPct,
        Duration maxAge,
        List<String> values,
        String layer,
        boolean byDefault) {

    public QualityCheck {
        columns = columns == null ? List.of() : List.copyOf(columns);
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** The same check, marked as one of the defaults every object gets. */
    QualityCheck withDefault() {
        return new QualityCheck(name, kind, severity, columns, references, min, max, maxRate, minRate, maxDropPct, maxAge, values,
                layer, true);
    }

    /** The kinds of check, by their name in definitions. */
    public enum Kind {
        ROW_COUNT, NOT_NULL, DUPLICATES, FRESHNESS, EMAIL_VALID, NON_NEGATIVE, ORPHANS, ALLOWED_VALUES;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.id().equals(s)) {
                    return k;
                }
            }
            return null;
        }

        static String known() {
            return String.join(", ", java.util.Arrays.stream(values()).map(Kind::id).toList());
        }
    }

    /** What a check that does not hold does: warn, or fail (and alert). */
    public enum Severity {
        WARN, FAIL;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
