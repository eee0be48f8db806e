package dev.caravan.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Source content in messages: short and escaped. */
class ExcerptTest {

    @Test
    void controlAndBidiCharactersAreEscapedNotPrinted() {
        String shown = Excerpt.of("a\u001b[31mred\r\n\u0000\u202eevil\u0007", 100);
        assertEquals("a\\x1b[31mred\\x0d\\x0a\\x00\\u202eevil\\x07", shown);
    }

    @Test
    void longTextIsCut() {
        String shown = Excerpt.of("x".repeat(10_000), 40);
        assertEquals(41, shown.length());
        assertTrue(shown.endsWith("…"));
    }

    @Test
    void anEnvironmentLikeHeaderShowsOnlyItsFirstValuesEachCut() {
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            headers.add("VAR" + i + "=" + "v".repeat(100));
        }
        headers.add("CARAVAN_DB_PASSWORD=hunter2");
        String shown = Excerpt.list(headers);
        assertFalse(shown.contains("hunter2"), shown);
        assertTrue(shown.contains("(43 more)"), shown);
        assertTrue(shown.length() < 8 * 45 + 40, "bounded: " + shown.length());
    }

    @Test
    void nullIsEmpty() {
        assertEquals("", Excerpt.of(null, 5));
    }
}
