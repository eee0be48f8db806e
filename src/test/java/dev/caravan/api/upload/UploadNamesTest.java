package dev.caravan.api.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which uploaded file names are accepted (plain JUnit). */
class UploadNamesTest {

    @Test
    void ordinaryNamesAreKept() {
        assertEquals("leads-2025-07.csv", UploadNames.validate("leads-2025-07.csv"));
        assertEquals("Zoë's export (1).json", UploadNames.validate("  Zoë's export (1).json "));
        assertEquals("a".repeat(251) + ".csv", UploadNames.validate("a".repeat(251) + ".csv"));
    }

    @Test
    void emptyPathsDotsControlsAndLongNamesAreRefused() {
        refused(null, "no file name");
        refused("  ", "no file name");
        refused("/", "not a path");
        refused("../etc/passwd", "not a path");
        refused("C:\\Users\\x\\leads.csv", "not a path");
        refused("..", "must not be '..'");
        refused(".", "must not be '.'");
        refused("a\r\nb.csv", "control character (U+000D");
        refused("a\u0000.csv", "control character (U+0000");
        refused("a\u001b[2J.csv", "control character (U+001B");
        refused("a\u0085.csv", "control character (U+0085");
        refused("invoice\u202efdp.csv", "bidirectional");
        refused("é".repeat(128), "longer than 255 bytes");
    }

    @Test
    void gzipNamesLoseTheirSuffix() {
        assertTrue(UploadNames.isGzip("leads.csv.GZ"));
        assertFalse(UploadNames.isGzip(".gz"));
        assertEquals("leads.csv", UploadNames.withoutGz("leads.csv.gz"));
        assertEquals("leads.csv", UploadNames.withoutGz("leads.csv"));
    }

    @Test
    void storedNamesKeepOnlyASafeExtension() {
        assertEquals("id.csv", UploadStore.fileNameFor("id", "leads.csv"));
        assertEquals("id.jsonl", UploadStore.fileNameFor("id", "x.y.jsonl"));
        assertEquals("id", UploadStore.fileNameFor("id", "noextension"));
        assertEquals("id", UploadStore.fileNameFor("id", "weird.c$v"));
    }

    private static void refused(String name, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UploadNames.validate(name));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
