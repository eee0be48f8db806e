package dev.caravan.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The window arithmetic of incremental.window: pure, no I/O. */
class TimeWindowsTest {

    private final TimeWindows w = new TimeWindows(Duration.ofHours(12), Duration.ofMinutes(15), true, 10_000);

    private static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void theFirstWindowStartsAtTheMinuteAndNeverCrossesMidnight() {
        TimeWindows.Window first = w.first(t("2024-05-01T20:30:45Z"), t("2024-05-03T00:00:00Z"));
        assertEquals(t("2024-05-01T20:30:00Z"), first.from());
        assertEquals(t("2024-05-02T00:00:00Z"), first.to());
    }

    @Test
    void windowsTouchWithoutGapsAndEndAtTheEndRoundedUp() {
        Instant end = t("2024-05-02T13:00:30Z");
        TimeWindows.Window at = w.first(t("2024-05-01T06:00:00Z"), end);
        Instant covered = at.from();
        int n = 0;
        for (; at != null; at = w.next(at, 10, end)) {
            assertEquals(covered, at.from(), "no gap, no overlap");
            covered = at.to();
            n++;
        }
        assertEquals(t("2024-05-02T13:01:00Z"), covered);
        assertEquals(4, n); // 06-18, 18-24, 00-12, 12-13:01
    }

    @Test
    void aFullWindowIsSplitInHalvesDownToTheMinimum() {
        TimeWindows.Window day = new TimeWindows.Window(t("2024-05-01T00:00:00Z"), t("2024-05-01T12:00:00Z"));
        assertTrue(w.full(10_000));
        TimeWindows.Window half = w.split(day);
        assertEquals(t("2024-05-01T06:00:00Z"), half.to());
        TimeWindows.Window small = new TimeWindows.Window(t("2024-05-01T00:00:00Z"), t("2024-05-01T00:20:00Z"));
        assertNull(w.split(small), "10 minutes would be under min_size");
        // after the half, the next window has the half's length, and grows back after a quiet one
        assertEquals(Duration.ofHours(6), w.next(half, 9_000, t("2024-05-02T00:00:00Z")).length());
        assertEquals(Duration.ofHours(12), w.next(half, 100, t("2024-05-03T00:00:00Z")).length());
    }

    @Test
    void boundsAreWrittenAsDatesAndMinutesWithTheDayEndForMidnight() {
        Map<String, String> v = w.values(new TimeWindows.Window(t("2024-05-01T12:00:00Z"), t("2024-05-02T00:00:00Z")), "23:59");
        assertEquals("2024-05-01", v.get("from_date"));
        assertEquals("2024-05-01", v.get("to_date"));
        assertEquals("12:00", v.get("from_time"));
        assertEquals("23:59", v.get("to_time"));
        Map<String, String> m = w.values(new TimeWindows.Window(t("2024-05-01T00:00:00Z"), t("2024-05-01T12:00:00Z")), "23:59");
        assertEquals("00:00", m.get("from_time"));
        assertEquals("12:00", m.get("to_time"));
    }
}
