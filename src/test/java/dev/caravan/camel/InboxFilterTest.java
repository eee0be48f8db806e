package dev.caravan.camel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which inbox entries are taken: real files in a temporary folder, plain JUnit. */
class InboxFilterTest {

    @TempDir
    Path dir;

    File file(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "id\n1\n").toFile();
    }

    @Test
    void namesThatWritersUseWhileWritingAreLeftAlone() throws IOException {
        InboxFilter filter = new InboxFilter(0, "none");
        long later = System.currentTimeMillis() + 1000;
        for (String name : new String[] {".leads.csv", "leads.csv.tmp", "leads.csv.part", "leads.csv.filepart",
            "leads.CSV.PART", "leads.csv.crdownload"}) {
            assertFalse(filter.acceptFile(file(name), later), name);
        }
        assertTrue(filter.acceptFile(file("leads.csv"), later));
    }

    @Test
    void aFileIsTakenOnlyOnceItHasSettled() throws IOException {
        InboxFilter filter = new InboxFilter(10_000, "none");
        File f = file("leads.csv");
        assertFalse(filter.acceptFile(f, f.lastModified() + 9_000), "modified 9 s ago");
        assertTrue(filter.acceptFile(f, f.lastModified() + 10_000), "modified 10 s ago");
    }

    @Test
    void withADoneMarkerAFileWaitsForItsMarker() throws IOException {
        InboxFilter filter = new InboxFilter(0, "ready");
        File f = file("leads.csv");
        long later = System.currentTimeMillis() + 1000;
        assertFalse(filter.acceptFile(f, later), "no marker yet");
        File marker = file("leads.csv.ready");
        assertTrue(filter.acceptFile(f, later));
        assertFalse(filter.acceptFile(marker, later), "the marker itself is not imported");
        assertTrue(filter.markerOf(f.toPath()).equals(marker.toPath()));
    }

    @Test
    void anUnknownMarkerIsAClearConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InboxFilter(0, "flag"));
        assertTrue(e.getMessage().contains("CARAVAN_INBOX_DONE_MARKER"), e.getMessage());
    }
}
