package dev.caravan.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** A point in time as users write it for --since: 2025-01-01, 2025-01-01T08:00, or with an offset (UTC when none). */
public final class SinceOption {

    private SinceOption() {
    }

    public static Instant parse(String text) {
        String t = text.strip();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(t).toInstant();
            }
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a date or time: '" + dev.caravan.source.Excerpt.of(t, 40)
                    + "' (write 2025-01-01, 2025-01-01T08:00 or 2025-01-01T08:00:00Z)");
        }
    }
}
