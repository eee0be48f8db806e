package dev.caravan.clean;

import java.text.ParsePosition;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Dates and timestamps from a list of patterns tried in order (the last one that matched is tried
 * first next time, so a file in one format costs one attempt per value). Parsing is strict: 2024-02-30
 * is an error, not 2024-02-29. Timestamps without an offset are read in the source time zone; all
 * timestamps are returned in UTC. Values outside 1900–2100 are refused as implausible.
 */
final class TemporalCleaner implements ValueCleaner {

    static final List<String> DEFAULT_DATE_FORMATS = List.of(
            "yyyy-MM-dd", "M/d/yyyy", "M-d-yyyy", "yyyy/M/d", "M/d/yy", "MMM d, yyyy", "MMMM d, yyyy",
            "d MMM yyyy", "d-MMM-yyyy", "yyyyMMdd");
    static final List<String> DEFAULT_TIMESTAMP_FORMATS = List.of(
            "yyyy-MM-dd'T'HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]XXX", "yyyy-MM-dd'T'HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]",
            "yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS][XXX]", "yyyy-MM-dd HH:mm", "M/d/yyyy H:mm[:ss]",
            "M/d/yyyy h:mm[:ss] a", "M/d/yy H:mm[:ss]", "M/d/yy h:mm[:ss] a", "MMM d, yyyy h:mm a");

    private static final int MIN_YEAR = 1900;
    private static final int MAX_YEAR = 2100;

    private final boolean timestamp;
    private final ZoneId zone;
    private final DateTimeFormatter[] formatters;
    private final String[] patterns;
    private final DateTimeFormatter[] dateOnly;
    private int last;

    TemporalCleaner(boolean timestamp, List<String> patterns, List<String> datePatterns, ZoneId zone) {
        this.timestamp = timestamp;
        this.zone = zone;
        this.patterns = patterns.toArray(new String[0]);
        this.formatters = patterns.stream().map(TemporalCleaner::strict).toArray(DateTimeFormatter[]::new);
        this.dateOnly = timestamp ? datePatterns.stream().map(TemporalCleaner::strict).toArray(DateTimeFormatter[]::new)
                : new DateTimeFormatter[0];
    }

    /** Patterns are written with "yyyy" for readability; strict resolving needs the proleptic "uuuu". */
    static DateTimeFormatter strict(String pattern) {
        String p = pattern.replace("yyyy", "uuuu").replace("yy", "uu");
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(p)
                .toFormatter(Locale.US).withResolverStyle(ResolverStyle.STRICT);
    }

    @Override
    public Object clean(String raw) throws InvalidValueException {
        if (timestamp && isEpoch(raw)) {
            long n = Long.parseLong(raw);
            Instant instant = raw.length() >= 13 ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
            return check(raw, instant.atOffset(ZoneOffset.UTC));
        }
        int n = formatters.length;
        for (int k = 0; k < n; k++) {
            int i = (last + k) % n;
            TemporalAccessor parsed = tryParse(formatters[i], raw);
            if (parsed != null) {
                last = i;
                return check(raw, timestamp ? toUtc(parsed) : LocalDate.from(parsed));
            }
        }
        for (DateTimeFormatter f : dateOnly) {
            TemporalAccessor parsed = tryParse(f, raw);
            if (parsed != null) {
                return check(raw, LocalDate.from(parsed).atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC));
            }
        }
        throw new InvalidValueException("'" + raw + "' is not a valid " + (timestamp ? "timestamp" : "date")
                + " (tried " + patterns.length + " formats, first " + patterns[0] + ")");
    }

    private static TemporalAccessor tryParse(DateTimeFormatter f, String raw) {
        ParsePosition pos = new ParsePosition(0);
        if (f.parseUnresolved(raw, pos) == null || pos.getErrorIndex() >= 0 || pos.getIndex() != raw.length()) {
            return null;
        }
        try {
            return f.parse(raw);
        } catch (DateTimeParseException e) {
            return null; // the shape matched but the date does not exist (Feb 30): try the next pattern
        }
    }

    private OffsetDateTime toUtc(TemporalAccessor t) {
        if (t.isSupported(ChronoField.OFFSET_SECONDS)) {
            return OffsetDateTime.from(t).withOffsetSameInstant(ZoneOffset.UTC);
        }
        return ZonedDateTime.of(LocalDateTime.from(t), zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static boolean isEpoch(String raw) {
        int len = raw.length();
        if (len != 10 && len != 13) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            char ch = raw.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return true;
    }

    private static Object check(String raw, Object value) throws InvalidValueException {
        int year = value instanceof LocalDate d ? d.getYear() : ((OffsetDateTime) value).getYear();
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new InvalidValueException("'" + raw + "' is outside " + MIN_YEAR + "–" + MAX_YEAR);
        }
        return value;
    }

    static List<String> merged(List<String> first, List<String> then) {
        List<String> all = new ArrayList<>(first);
        then.stream().filter(p -> !all.contains(p)).forEach(all::add);
        return all;
    }
}
