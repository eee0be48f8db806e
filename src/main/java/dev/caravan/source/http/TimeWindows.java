package dev.caravan.source.http;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * Consecutive time windows over a range, for APIs that answer at most {@code maxResults} per query
 * ({@code incremental.window}). Pure: no I/O. Windows are whole minutes (the finest filter Ender
 * Turing's {@code time_range=HH:MM;HH:MM} takes), touch without gaps (the next starts where the last
 * ended), and with {@code withinDay} never cross midnight UTC (a per-day time filter cannot). A
 * window whose total reaches the cap is {@link #split} in halves down to {@code minSize}; after a
 * window with few results the next one grows back (×2, up to {@code size}).
 */
final class TimeWindows {

    /** A window [from, to). */
    record Window(Instant from, Instant to) {
        Duration length() {
            return Duration.between(from, to);
        }
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final Duration size;
    private final Duration minSize;
    private final boolean withinDay;
    private final int maxResults;

    TimeWindows(Duration size, Duration minSize, boolean withinDay, int maxResults) {
        if (size.compareTo(Duration.ofMinutes(1)) < 0 || minSize.compareTo(Duration.ofMinutes(1)) < 0 || minSize.compareTo(size) > 0) {
            throw new IllegalArgumentException("window sizes must be at least 1m, min_size at most size");
        }
        this.size = size;
        this.minSize = minSize;
        this.withinDay = withinDay;
        this.maxResults = maxResults;
    }

    /** The first window of [start, end): start rounded down to the minute, so nothing before it is left out. */
    Window first(Instant start, Instant end) {
        Instant from = start.truncatedTo(ChronoUnit.MINUTES);
        return cut(from, size, end);
    }

    /**
     * The window after {@code done}, starting where it ended, or null when {@code done} reached
     * {@code end}. {@code total}: how many results {@code done} had (−1 when unknown).
     */
    Window next(Window done, long total, Instant end) {
        if (!done.to().isBefore(end)) {
            return null;
        }
        Duration length = done.length();
        if (total >= 0 && maxResults > 0 && total < maxResults / 2) {
            length = length.multipliedBy(2);
        }
        if (length.compareTo(size) > 0) {
            length = size;
        }
        if (length.compareTo(minSize) < 0) {
            length = minSize;
        }
        return cut(done.to(), length, end);
    }

    /** The first half of a window that reached the cap, or null when a half would be shorter than {@code minSize}. */
    Window split(Window w) {
        long minutes = w.length().toMinutes() / 2;
        if (minutes < 1 || Duration.ofMinutes(minutes).compareTo(minSize) < 0) {
            return null;
        }
        return new Window(w.from(), w.from().plus(Duration.ofMinutes(minutes)));
    }

    /** Whether a total means the query cannot be paged to its end. */
    boolean full(long total) {
        return maxResults > 0 && total >= maxResults;
    }

    private Window cut(Instant from, Duration length, Instant end) {
        Instant to = from.plus(length);
        Instant endUp = end.truncatedTo(ChronoUnit.MINUTES);
        if (endUp.isBefore(end)) {
            endUp = endUp.plus(Duration.ofMinutes(1));
        }
        if (to.isAfter(endUp)) {
            to = endUp;
        }
        if (withinDay) {
            Instant midnight = from.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (to.isAfter(midnight)) {
                to = midnight;
            }
        }
        if (!to.isAfter(from)) {
            to = from.plus(Duration.ofMinutes(1));
        }
        return new Window(from, to);
    }

    /**
     * The placeholders a window fills: {@code from}, {@code to} (ISO-8601), {@code from_date},
     * {@code to_date} (yyyy-MM-dd), {@code from_time}, {@code to_time} (HH:mm), all UTC. With
     * {@code withinDay}, a window ending at midnight is written as ending on its own day at
     * {@code dayEnd} (23:59): a per-day time filter has no 24:00.
     */
    Map<String, String> values(Window w, String dayEnd) {
        LocalDateTime from = LocalDateTime.ofInstant(w.from(), ZoneOffset.UTC);
        LocalDateTime to = LocalDateTime.ofInstant(w.to(), ZoneOffset.UTC);
        Map<String, String> out = new HashMap<>();
        out.put("from", w.from().toString());
        out.put("to", w.to().toString());
        out.put("from_date", DATE.format(from));
        out.put("from_time", TIME.format(from));
        if (withinDay && to.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) && to.isAfter(from)) {
            out.put("to_date", DATE.format(from));
            out.put("to_time", dayEnd);
        } else {
            out.put("to_date", DATE.format(to));
            out.put("to_time", TIME.format(to));
        }
        return out;
    }
}
