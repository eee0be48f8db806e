package dev.caravan.quality;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.definition.ColumnDefinition;
import dev.caravan.definition.ColumnType;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.quality.QualityCheck.Kind;
import dev.caravan.quality.QualityCheck.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The checks of an object: the defaults every object gets, then its definition's {@code quality:}
 * block, which may add checks, replace a default by naming it, or turn defaults off.
 *
 * <pre>
 * quality:
 *   defaults: true            # false: only the checks below
 *   disabled: [amount_present] # defaults to leave out, by name
 *   checks:
 *     - check: freshness
 *       column: updated_at
 *       max_age: 26h
 *       severity: fail
 *     - check: duplicates
 *       columns: [email]
 *       severity: warn
 * </pre>
 *
 * Defaults: {@code row_count} (not empty, no drop over 50 %), {@code not_null} (key and required
 * columns), {@code duplicates} (API objects: the same record id twice in one run's raw records),
 * {@code email_valid_COLUMN} per e-mail column (≥ 95 %), {@code non_negative} (numeric columns named
 * like amounts, counts and money), {@code amount_present} (objects with an {@code amount} column: at
 * most 10 % without one), {@code orphans_COLUMN} per reference, {@code allowed_values_COLUMN} per
 * column with {@code values:}.
 */
public final class QualityDefinitions {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,100}");
    /** Columns every target table has, which checks may name besides the declared ones. */
    private static final Set<String> COMMON_COLUMNS = Set.of("created_at", "updated_at");
    private static final Set<String> FIELDS = Set.of("name", "check", "severity", "column", "columns", "references", "min", "max",
            "max_rate", "min_rate", "max_drop_pct", "max_age", "values", "layer");

    private QualityDefinitions() {
    }

    /**
     * The object's checks, defaults first, in a stable order.
     *
     * @param objects finds a referenced object by "system.object" (null when unknown)
     * @throws QualityDefinitionException listing every mistake in the block
     */
    public static List<QualityCheck> checks(ObjectDefinition d, Function<String, ObjectDefinition> objects) {
        List<String> errors = new ArrayList<>();
        String where = d.qualifiedName() + ": quality: ";
        JsonNode block = d.quality();
        boolean defaults = true;
        List<String> disabled = new ArrayList<>();
        Map<String, QualityCheck> byName = new LinkedHashMap<>();
        if (block != null && !block.isNull()) {
            if (!block.isObject()) {
                throw new QualityDefinitionException(where + "must be a mapping (defaults, disabled, checks)");
            }
            for (Iterator<String> it = block.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!Set.of("defaults", "disabled", "checks").contains(f)) {
                    errors.add(where + "unknown field '" + f + "' (known: defaults, disabled, checks)");
                }
            }
            if (block.has("defaults")) {
                if (!block.get("defaults").isBoolean()) {
                    errors.add(where + "defaults must be true or false");
                } else {
                    defaults = block.get("defaults").booleanValue();
                }
            }
            disabled = strings(block.get("disabled"), where + "disabled", errors);
        }
        if (defaults) {
            for (QualityCheck c : QualityDefaults.of(d, objects)) {
                if (!disabled.contains(c.name())) {
                    byName.put(c.name(), c);
                }
            }
        }
        List<String> defaultNames = QualityDefaults.of(d, objects).stream().map(QualityCheck::name).toList();
        for (String name : disabled) {
            if (!defaultNames.contains(name)) {
                errors.add(where + "disabled names no default check '" + name + "' (defaults: " + String.join(", ", defaultNames) + ")");
            }
        }
        JsonNode declared = block == null ? null : block.get("checks");
        if (declared != null && !declared.isNull()) {
            if (!declared.isArray()) {
                errors.add(where + "checks must be a list");
            } else {
                List<String> seen = new ArrayList<>();
                for (int i = 0; i < declared.size(); i++) {
                    QualityCheck c = parse(d, declared.get(i), where + "checks[" + i + "]: ", objects, errors);
                    if (c == null) {
                        continue;
                    }
                    if (seen.contains(c.name())) {
                        errors.add(where + "two checks are named '" + c.name() + "'; give one a name:");
                    }
                    seen.add(c.name());
                    byName.put(c.name(), c); // a declared check named like a default replaces it
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new QualityDefinitionException(String.join("\n", errors));
        }
        return List.copyOf(byName.values());
    }

    private static QualityCheck parse(ObjectDefinition d, JsonNode n, String where, Function<String, ObjectDefinition> objects,
            List<String> errors) {
        if (n == null || !n.isObject()) {
            errors.add(where + "a check is a mapping with at least 'check:'");
            return null;
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                errors.add(where + "unknown field '" + f + "' (known: " + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
            }
        }
        Kind kind = Kind.parse(text(n, "check"));
        if (kind == null) {
            errors.add(where + "check must be one of " + Kind.known() + ", got '" + text(n, "check") + "'");
            return null;
        }
        List<String> columns = new ArrayList<>(strings(n.get("columns"), where + "columns", errors));
        if (n.hasNonNull("column")) {
            columns.add(0, text(n, "column"));
        }
        String name = n.hasNonNull("name") ? text(n, "name") : kind.id() + (columns.isEmpty() ? "" : "_" + String.join("_", columns));
        if (!NAME.matcher(name).matches()) {
            errors.add(where + "name must be a lower-case identifier, got '" + name + "'");
        }
        String sev = n.hasNonNull("severity") ? text(n, "severity").toLowerCase(Locale.ROOT) : "fail";
        Severity severity = sev.equals("warn") ? Severity.WARN : sev.equals("fail") ? Severity.FAIL : null;
        if (severity == null) {
            errors.add(where + "severity must be warn or fail, got '" + sev + "'");
            severity = Severity.FAIL;
        }
        for (String c : columns) {
            if (d.column(c) == null && !COMMON_COLUMNS.contains(c)) {
                errors.add(where + "column '" + c + "' is not a column of " + d.qualifiedName());
            }
        }
        QualityCheckBuilder b = QualityCheckBuilder.check(name, kind, severity, columns, text(n, "references"))
                .min(number(n, "min", where, errors, null)).max(number(n, "max", where, errors, null))
                .maxRate(number(n, "max_rate", where, errors, 1.0)).minRate(number(n, "min_rate", where, errors, 1.0))
                .maxDropPct(number(n, "max_drop_pct", where, errors, 100.0))
                .values(strings(n.get("values"), where + "values", errors))
                .layer(n.hasNonNull("layer") ? text(n, "layer") : null);
        if (n.hasNonNull("max_age")) {
            try {
                b.maxAge(duration(text(n, "max_age")));
            } catch (IllegalArgumentException e) {
                errors.add(where + e.getMessage());
            }
        }
        QualityCheck c = b.build();
        requireShape(d, c, where, objects, errors);
        return c;
    }

    /** What each kind needs: its columns, references, thresholds. */
    private static void requireShape(ObjectDefinition d, QualityCheck c, String where, Function<String, ObjectDefinition> objects,
            List<String> errors) {
        switch (c.kind()) {
            case ROW_COUNT -> {
                if (c.min() == null && c.max() == null && c.maxDropPct() == null) {
                    errors.add(where + "row_count needs min, max or max_drop_pct");
                }
            }
            case FRESHNESS -> {
                if (c.columns().size() != 1 || c.maxAge() == null) {
                    errors.add(where + "freshness needs one column (a date or time) and max_age (e.g. 26h, 2d)");
                } else {
                    ColumnDefinition col = d.column(c.columns().get(0));
                    if (col != null && col.type() != ColumnType.DATE && col.type() != ColumnType.TIMESTAMP) {
                        errors.add(where + "freshness column '" + col.name() + "' is " + col.type().name().toLowerCase(Locale.ROOT)
                                + ", not a date or timestamp");
                    }
                }
            }
            case ORPHANS -> {
                if (c.columns().size() != 1) {
                    errors.add(where + "orphans needs one column");
                }
                String ref = c.references() != null ? c.references()
                        : c.columns().size() == 1 && d.column(c.columns().get(0)) != null ? d.column(c.columns().get(0)).references() : null;
                ObjectDefinition parent = ref == null ? null : objects.apply(ref);
                if (parent == null || parent.key().size() != 1) {
                    errors.add(where + "orphans needs references: naming an object with a one-column key (got " + ref + ")");
                }
            }
            case ALLOWED_VALUES -> {
                if (c.columns().size() != 1 || c.values().isEmpty()) {
                    errors.add(where + "allowed_values needs one column and a list of values");
                }
            }
            case DUPLICATES -> {
                if (c.columns().isEmpty()) {
                    errors.add(where + "duplicates needs columns");
                }
                if (c.layer() != null && !Set.of("raw", "table").contains(c.layer())) {
                    errors.add(where + "layer must be raw or table");
                }
                if ("raw".equals(c.layer()) && !(d.api() && c.columns().equals(d.key()))) {
                    errors.add(where + "layer: raw holds API records by id: only an API object's key column can be checked there");
                }
            }
            case NOT_NULL, EMAIL_VALID, NON_NEGATIVE -> {
                if (c.columns().isEmpty()) {
                    errors.add(where + c.kind().id() + " needs columns");
                }
            }
        }
    }

    /** "90s", "30m", "26h", "7d", or ISO-8601 ("PT26H"). */
    static Duration duration(String s) {
        String v = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.length() >= 2) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                if (n > 0) {
                    switch (v.charAt(v.length() - 1)) {
                        case 's' -> { return Duration.ofSeconds(n); }
                        case 'm' -> { return Duration.ofMinutes(n); }
                        case 'h' -> { return Duration.ofHours(n); }
                        case 'd' -> { return Duration.ofDays(n); }
                        default -> { }
                    }
                }
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new IllegalArgumentException("max_age must be a positive duration like 90s, 30m, 26h, 7d or PT26H, got '" + s + "'");
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Double number(JsonNode n, String field, String where, List<String> errors, Double upper) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || v.doubleValue() < 0 || (upper != null && v.doubleValue() > upper)) {
            errors.add(where + field + " must be a number from 0" + (upper == null ? "" : " to " + upper) + ", got '" + v.asText() + "'");
            return null;
        }
        return v.doubleValue();
    }

    private static List<String> strings(JsonNode n, String where, List<String> errors) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            errors.add(where + " must be a list");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.asText()));
        return out;
    }
}
