package dev.caravan.clean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.definition.ColumnDefinition;
import dev.caravan.definition.HeaderMapping;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.definition.RowCheck;
import dev.caravan.source.SourceRecord;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cleans and validates one object's records: maps fields to columns, runs each column's cleaner,
 * applies required-value and cross-column checks, and keeps what the definition does not know.
 * One instance per run (it remembers which date pattern matched last); not thread-safe.
 */
public final class RecordCleaner {

    /** Values that mean "no value" in CRM exports. */
    private static final Set<String> NULL_TOKENS = Set.of("null", "n/a", "#n/a", "nan", "none", "nil", "-");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectDefinition definition;
    private final List<ColumnDefinition> columns;
    private final ValueCleaner[] cleaners;
    private final boolean[] mandatory;
    private final MessageDigest digest;

    public RecordCleaner(ObjectDefinition definition, CleaningSettings settings) {
        this.definition = definition;
        this.columns = definition.columns();
        this.cleaners = new ValueCleaner[columns.size()];
        this.mandatory = new boolean[columns.size()];
        ZoneId zone = definition.timeZone() != null ? ZoneId.of(definition.timeZone()) : settings.sourceZone();
        for (int i = 0; i < columns.size(); i++) {
            ColumnDefinition c = columns.get(i);
            cleaners[i] = cleanerFor(c, definition, settings.defaultRegion(), zone);
            mandatory[i] = c.required() || definition.key().contains(c.name());
        }
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ValueCleaner cleanerFor(ColumnDefinition c, ObjectDefinition d, String region, ZoneId zone) {
        return switch (c.type()) {
            case TEXT -> new TextCleaner(c.values());
            case NAME -> new NameCleaner(false);
            case COMPANY -> new NameCleaner(true);
            case EMAIL -> new EmailCleaner();
            case PHONE -> new PhoneCleaner(region);
            case DATE -> new TemporalCleaner(false,
                    TemporalCleaner.merged(d.formatsFor("date"), TemporalCleaner.DEFAULT_DATE_FORMATS), List.of(), zone);
            case TIMESTAMP -> new TemporalCleaner(true,
                    TemporalCleaner.merged(d.formatsFor("timestamp"), TemporalCleaner.DEFAULT_TIMESTAMP_FORMATS),
                    TemporalCleaner.merged(d.formatsFor("date"), TemporalCleaner.DEFAULT_DATE_FORMATS), zone);
            case DECIMAL -> new DecimalCleaner(c.decimalScale());
            case INTEGER -> new IntegerCleaner();
            case BOOLEAN -> new BooleanCleaner();
            case ZIP -> new ZipCleaner();
            case STATE -> new StateCleaner();
            case INDUSTRY -> new IndustryCleaner();
        };
    }

    /** Returns a {@link CleanRow} or a {@link RejectedRow}. */
    public Object clean(SourceRecord record) {
        long line = record.line();
        if (record.problem() != null) {
            return RejectedRow.of(line, record, null, record.problem());
        }
        HeaderMapping mapping = record.mapping();
        String[] fields = record.values();
        Object[] values = new Object[columns.size()];
        Map<String, Object> extra = null;
        Map<String, String> invalid = null;
        List<RowIssue> issues = null;
        boolean rejected = false;
        for (int f = 0; f < fields.length; f++) {
            String value = blankToNull(fields[f]);
            int col = mapping.columnOf(f);
            if (col < 0) {
                if (value != null) {
                    if (extra == null) {
                        extra = new LinkedHashMap<>();
                    }
                    extra.put(mapping.headers().get(f), value);
                }
                continue;
            }
            if (value == null) {
                continue;
            }
            try {
                values[col] = cleaners[col].clean(value);
            } catch (InvalidValueException e) {
                String column = columns.get(col).name();
                if (issues == null) {
                    issues = new ArrayList<>(2);
                }
                issues.add(new RowIssue(line, column, e.getMessage(), mandatory[col]));
                rejected |= mandatory[col];
                if (!mandatory[col]) {
                    if (invalid == null) {
                        invalid = new LinkedHashMap<>();
                    }
                    invalid.put(column, value);
                }
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            if (mandatory[i] && values[i] == null && !hasIssue(issues, columns.get(i).name())) {
                if (issues == null) {
                    issues = new ArrayList<>(2);
                }
                issues.add(new RowIssue(line, columns.get(i).name(), "required value is missing", true));
                rejected = true;
            }
        }
        if (!rejected) {
            for (RowCheck check : definition.checks()) {
                String problem = check(check, values);
                if (problem != null) {
                    if (issues == null) {
                        issues = new ArrayList<>(2);
                    }
                    issues.add(new RowIssue(line, check.second(), problem, true));
                    rejected = true;
                }
            }
        }
        if (!rejected) {
            for (int i = 0; i < columns.size(); i++) {
                if (values[i] == null && columns.get(i).expected() && !hasIssue(issues, columns.get(i).name())) {
                    if (issues == null) {
                        issues = new ArrayList<>(2);
                    }
                    issues.add(new RowIssue(line, columns.get(i).name(), "expected value is missing; the row is kept", false));
                }
            }
        }
        if (rejected) {
            // Every problem of a rejected row is a reason it was rejected (nothing of it is stored).
            List<RowIssue> reasons = new ArrayList<>(issues.size());
            for (RowIssue i : issues) {
                reasons.add(i.rejected() ? i : new RowIssue(i.line(), i.column(), i.reason(), true));
            }
            return new RejectedRow(line, record, reasons);
        }
        if (invalid != null) {
            if (extra == null) {
                extra = new LinkedHashMap<>();
            }
            extra.put("_invalid", invalid);
        }
        String extraJson = toJson(extra);
        return new CleanRow(line, values, extraJson, hash(values, extraJson), issues == null ? List.of() : issues, record);
    }

    private static boolean hasIssue(List<RowIssue> issues, String column) {
        if (issues != null) {
            for (RowIssue i : issues) {
                if (column.equals(i.column())) {
                    return true;
                }
            }
        }
        return false;
    }

    static String blankToNull(String raw) {
        if (raw == null) {
            return null;
        }
        String v = raw.strip();
        if (v.isEmpty() || (v.length() <= 4 && NULL_TOKENS.contains(v.toLowerCase(Locale.ROOT)))) {
            return null;
        }
        return v;
    }

    private String check(RowCheck check, Object[] values) {
        Object a = values[definition.columnIndex(check.first())];
        Object b = values[definition.columnIndex(check.second())];
        if (a == null || b == null) {
            return null;
        }
        switch (check.type()) {
            case "zip-state": {
                String expected = UsStates.stateOfZip((String) a);
                if (expected == null) {
                    return "ZIP " + a + " is not an assigned US ZIP prefix";
                }
                return expected.equals(b) ? null : "ZIP " + a + " belongs to " + expected + ", not " + b;
            }
            case "not-before": {
                boolean before = a instanceof LocalDate da ? ((LocalDate) b).isBefore(da)
                        : ((OffsetDateTime) b).isBefore((OffsetDateTime) a);
                return before ? check.second() + " " + b + " is before " + check.first() + " " + a : null;
            }
            default:
                return null;
        }
    }

    private static String toJson(Map<String, Object> extra) {
        if (extra == null || extra.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(extra);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hash(Object[] values, String extra) {
        StringBuilder sb = new StringBuilder(256);
        for (Object v : values) {
            if (v instanceof BigDecimal bd) {
                sb.append(bd.toPlainString());
            } else if (v != null) {
                sb.append(v);
            } else {
                sb.append('\u0000');
            }
            sb.append('\u001F');
        }
        if (extra != null) {
            sb.append(extra);
        }
        byte[] h = digest.digest(sb.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(h, 0, 16);
    }
}
