package dev.caravan.quality;

import dev.caravan.definition.ColumnDefinition;
import dev.caravan.definition.ColumnType;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.quality.QualityCheck.Kind;
import dev.caravan.quality.QualityCheck.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The checks every object gets from its columns (docs/quality.md, "Defaults"): row count, key and
 * required columns, raw duplicates of API objects, e-mail validity, non-negative money and counts,
 * amounts present, orphans per reference, allowed values.
 */
final class QualityDefaults {

    /** Numeric columns whose negative values are a data error by default. */
    private static final Pattern NON_NEGATIVE = Pattern.compile(
            ".*(budget|spend|cost|impressions|clicks|sessions|revenue|amount|conversions|price|quantity|employees|page_?views|visits|orders).*");

    private QualityDefaults() {
    }

    static List<QualityCheck> of(ObjectDefinition d, Function<String, ObjectDefinition> objects) {
        List<QualityCheck> out = new ArrayList<>();
        out.add(QualityCheckBuilder.check("row_count", Kind.ROW_COUNT, Severity.FAIL, List.of(), null).min(1.0).maxDropPct(50.0).build());
        List<String> required = new ArrayList<>(d.key());
        d.columns().stream().filter(ColumnDefinition::required).map(ColumnDefinition::name)
                .filter(c -> !required.contains(c)).forEach(required::add);
        out.add(QualityCheckBuilder.check("not_null", Kind.NOT_NULL, Severity.FAIL, required, null).max(0.0).build());
        if (d.api() && d.key().size() == 1) {
            out.add(QualityCheckBuilder.check("duplicates", Kind.DUPLICATES, Severity.WARN, d.key(), null).max(0.0).layer("raw").build());
        }
        for (ColumnDefinition c : d.columns()) {
            if (c.type() == ColumnType.EMAIL) {
                out.add(QualityCheckBuilder.check("email_valid_" + c.name(), Kind.EMAIL_VALID, Severity.WARN, List.of(c.name()), null).minRate(0.95).build());
            }
        }
        List<String> numeric = d.columns().stream()
                .filter(c -> c.type() == ColumnType.DECIMAL || c.type() == ColumnType.INTEGER)
                .map(ColumnDefinition::name).filter(n -> NON_NEGATIVE.matcher(n).matches()).toList();
        if (!numeric.isEmpty()) {
            out.add(QualityCheckBuilder.check("non_negative", Kind.NON_NEGATIVE, Severity.WARN, numeric, null).max(0.0).build());
        }
        ColumnDefinition amount = d.column("amount");
        if (amount != null && !amount.required()) {
            out.add(QualityCheckBuilder.check("amount_present", Kind.NOT_NULL, Severity.WARN, List.of("amount"), null).maxRate(0.10).build());
        }
        for (ColumnDefinition c : d.columns()) {
            if (c.references() != null && !c.references().equals(d.qualifiedName()) && objects.apply(c.references()) != null) {
                out.add(QualityCheckBuilder.check("orphans_" + c.name(), Kind.ORPHANS, Severity.WARN, List.of(c.name()), c.references()).max(0.0).build());
            }
        }
        for (ColumnDefinition c : d.columns()) {
            if (!c.values().isEmpty()) {
                out.add(QualityCheckBuilder.check("allowed_values_" + c.name(), Kind.ALLOWED_VALUES, Severity.WARN, List.of(c.name()), null)
                        .values(c.values()).max(0.0).build());
            }
        }
        return out.stream().map(c -> c.withDefault()).toList();
    }
}
