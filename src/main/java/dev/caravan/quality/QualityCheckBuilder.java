package dev.caravan.quality;

import dev.caravan.quality.QualityCheck.Kind;
import dev.caravan.quality.QualityCheck.Severity;
import java.time.Duration;
import java.util.List;

/** Collects a check's optional thresholds (for the defaults and the parsed quality: blocks). */
final class QualityCheckBuilder {

    private final String name;
    private final Kind kind;
    private final Severity severity;
    private final List<String> columns;
    private final String references;
    private Double min;
    private Double max;
    private Double maxRate;
    private Double minRate;
    private Double maxDropPct;
    private Duration maxAge;
    private List<String> values = List.of();
    private String layer;

    QualityCheckBuilder(String name, Kind kind, Severity severity, List<String> columns, String references) {
        this.name = name;
        this.kind = kind;
        this.severity = severity;
        this.columns = columns;
        this.references = references;
    }

    QualityCheckBuilder min(Double v) { min = v; return this; }
    QualityCheckBuilder max(Double v) { max = v; return this; }
    QualityCheckBuilder maxRate(Double v) { maxRate = v; return this; }
    QualityCheckBuilder minRate(Double v) { minRate = v; return this; }
    QualityCheckBuilder maxDropPct(Double v) { maxDropPct = v; return this; }
    QualityCheckBuilder maxAge(Duration v) { maxAge = v; return this; }
    QualityCheckBuilder values(List<String> v) { values = v; return this; }
    QualityCheckBuilder layer(String v) { layer = v; return this; }

    QualityCheck build() {
        return new QualityCheck(name, kind, severity, columns, references, min, max, maxRate, minRate, maxDropPct, maxAge,
                values, layer, false);
    }

    static QualityCheckBuilder check(String name, Kind kind, Severity severity, List<String> columns, String references) {
        return new QualityCheckBuilder(name, kind, severity, columns, references);
    }
}
