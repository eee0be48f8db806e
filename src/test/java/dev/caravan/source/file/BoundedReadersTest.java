package dev.caravan.source.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.definition.ColumnDefinition;
import dev.caravan.definition.ColumnType;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.source.MalformedSourceException;
import dev.caravan.source.RecordReader;
import dev.caravan.source.SourceRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file readers stay within their caps on hostile input (real files in a temp directory): a
 * too-long field, record or line is rejected or fails the file clearly, without being held in
 * memory, and the rows before and after it are still read.
 */
class BoundedReadersTest {

    static final ObjectDefinition THING = new ObjectDefinition("test", "things", null, "test_things", List.of("id"),
            List.of(new ColumnDefinition("id", ColumnType.TEXT, true, List.of(), null, null, null),
                    new ColumnDefinition("name", ColumnType.TEXT, false, List.of("Name"), null, null, null)),
            null, null, null, null, null);

    /** Small caps so that hostile input is cheap to generate: fields 100, records 1,000, 5 columns. */
    static final ReadLimits SMALL = new ReadLimits(100, 1000, 5, 10);

    @TempDir
    Path dir;

    @Test
    void aJsonLineLongerThanTheRecordCapIsRejectedWithoutBeingHeld() throws IOException {
        Path file = dir.resolve("one-long-line.jsonl");
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("{\"id\":\"1\",\"name\":\"before\"}\n{\"id\":\"2\",\"name\":\"");
            repeat(w, 'x', 50_000_000); // a 50 MB line, against a 1,000-character cap
            w.write("\"}\r\n{\"id\":\"3\",\"name\":\"after\"}\n");
        }
        long allocatedBefore = allocated();
        List<SourceRecord> records = readAll(file, SMALL);
        long allocated = allocated() - allocatedBefore;
        assertEquals(3, records.size());
        assertNull(records.get(0).problem());
        assertEquals("before", records.get(0).values()[1]);
        SourceRecord bad = records.get(1);
        assertEquals(2, bad.line());
        assertTrue(bad.problem().contains("record too long") && bad.problem().contains("50000020 characters")
                && bad.problem().contains("CARAVAN_MAX_RECORD_CHARS"), bad.problem());
        assertTrue(bad.text().length() < 300, "the reject keeps an excerpt: " + bad.text().length());
        assertTrue(bad.text().startsWith("{\"id\":\"2\""), bad.text());
        assertEquals(3, records.get(2).line());
        assertEquals("after", records.get(2).values()[1]);
        // Materialising the line would allocate at least 100 MB (50M chars); the bounded reader a few MB.
        assertTrue(allocated < 32L << 20, "allocated " + (allocated >> 20) + " MB while reading a 50 MB line");
    }

    @Test
    void jsonLinesWithATooLongFieldOrTooManyFieldsAreRejectedAndTheOthersRead() throws IOException {
        Path file = write("fields.jsonl", "{\"id\":\"1\",\"name\":\"" + "y".repeat(101) + "\"}\n"
                + "{\"id\":\"2\",\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5}\n"
                + "{\"id\":\"3\",\"tags\":[\"" + "z".repeat(60) + "\",\"" + "z".repeat(60) + "\"]}\n"
                + "{\"id\":\"4\",\"name\":\"ok\",\"address\":{\"city\":\"Austin\"},\"n\":1.50}\n");
        List<SourceRecord> r = readAll(file, SMALL);
        assertEquals(4, r.size());
        assertTrue(r.get(0).problem().contains("field 'name' is too long: 101 characters, at most 100 (CARAVAN_MAX_FIELD_CHARS)"),
                r.get(0).problem());
        assertTrue(r.get(1).problem().startsWith("too many fields: 6, at most 5 (CARAVAN_MAX_COLUMNS)"), r.get(1).problem());
        assertTrue(r.get(2).problem().contains("field 'tags' is too long"), r.get(2).problem());
        SourceRecord ok = r.get(3);
        assertNull(ok.problem());
        assertEquals(List.of("id", "name", "address.city", "n"), ok.mapping().headers());
        assertEquals("Austin", ok.values()[2]);
        assertEquals("1.50", ok.values()[3]);
        assertEquals(1, ok.mapping().columnOf(1));
    }

    @Test
    void aJsonArrayElementWithATooLongFieldIsRejectedAndTheNextElementRead() throws IOException {
        Path file = write("array.json", "[{\"id\":\"1\",\"name\":\"" + "y".repeat(500) + "\"},\n"
                + "{\"id\":\"2\",\"tags\":[[\"" + "z".repeat(90) + "\"],{\"k\":\"" + "z".repeat(90) + "\"}],\"name\":\"x\"},\n"
                + "{\"id\":\"3\",\"a\":\"" + "w".repeat(99) + "\",\"b\":\"" + "w".repeat(99) + "\",\"c\":\"" + "w".repeat(99)
                + "\",\"d\":\"" + "w".repeat(99) + "\",\"e\":\"" + "w".repeat(99) + "\",\"f\":\"" + "w".repeat(99)
                + "\",\"g\":\"" + "w".repeat(99) + "\",\"h\":\"" + "w".repeat(99) + "\",\"i\":\"" + "w".repeat(99)
                + "\",\"j\":\"" + "w".repeat(99) + "\",\"k\":\"" + "w".repeat(99) + "\"},\n"
                + "{\"id\":\"4\",\"name\":\"after\",\"nested\":{\"deep\":[1,2]}}]");
        List<SourceRecord> r = readAll(file, new ReadLimits(100, 1000, 50, 10));
        assertEquals(4, r.size());
        assertTrue(r.get(0).problem().contains("field 'name' is too long: 500 characters"), r.get(0).problem());
        assertTrue(r.get(0).text().length() < 300);
        assertTrue(r.get(1).problem().contains("field 'tags' is too long"), r.get(1).problem());
        assertTrue(r.get(2).problem().startsWith("record too long"), r.get(2).problem());
        SourceRecord ok = r.get(3);
        assertNull(ok.problem());
        assertEquals("after", ok.values()[1]);
        assertEquals("[1,2]", ok.values()[2]);
        assertEquals("{\"id\":\"4\",\"name\":\"after\",\"nested.deep\":\"[1,2]\"}", ok.text());
    }

    @Test
    void aJsonArrayValueLongerThanTheRecordCapFailsTheFileAfterTheRowsBefore() throws IOException {
        Path file = dir.resolve("huge-string.json");
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("[{\"id\":\"1\",\"name\":\"before\"},\n{\"id\":\"2\",\"name\":\"");
            repeat(w, 'x', 20_000_000);
            w.write("\"}]");
        }
        List<SourceRecord> read = new ArrayList<>();
        long allocatedBefore = allocated();
        MalformedSourceException e = assertThrows(MalformedSourceException.class, () -> {
            try (RecordReader reader = open(file, SMALL)) {
                for (SourceRecord r = reader.next(); r != null; r = reader.next()) {
                    read.add(r);
                }
            }
        });
        assertTrue(allocated() - allocatedBefore < 32L << 20, "a 20 MB value was not materialised");
        assertEquals(1, read.size());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("CARAVAN_MAX_RECORD_CHARS"), e.getMessage());
    }

    @Test
    void aCsvFieldLongerThanTheFieldCapIsRejectedAndTheNextRowsRead() throws IOException {
        Path file = write("fields.csv", "id,Name\n1,before\n2,\"" + "y\n".repeat(200) + "\"\n3,after\n");
        List<SourceRecord> r = readAll(file, SMALL);
        assertEquals(3, r.size());
        assertEquals("before", r.get(0).values()[1]);
        SourceRecord bad = r.get(1);
        assertEquals(3, bad.line());
        assertTrue(bad.problem().contains("field 'Name' is too long: 400 characters, at most 100 (CARAVAN_MAX_FIELD_CHARS)"),
                bad.problem());
        assertEquals(0, bad.values().length);
        assertTrue(bad.text().length() < 300 && bad.text().startsWith("2,y"), bad.text());
        assertEquals("after", r.get(2).values()[1]);
        assertEquals(204, r.get(2).line());
    }

    @Test
    void aCsvFieldLongerThanTheRecordCapFailsTheFileWithoutBeingHeld() throws IOException {
        Path file = dir.resolve("huge-field.csv");
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("id,Name\n1,before\n2,\"");
            repeat(w, 'x', 40_000_000);
            w.write("\"\n3,after\n");
        }
        List<SourceRecord> read = new ArrayList<>();
        long allocatedBefore = allocated();
        MalformedSourceException e = assertThrows(MalformedSourceException.class, () -> {
            try (RecordReader reader = open(file, new ReadLimits(1000, 1 << 20, 5, 10))) {
                for (SourceRecord r = reader.next(); r != null; r = reader.next()) {
                    read.add(r);
                }
            }
        });
        long allocated = allocated() - allocatedBefore;
        assertEquals(1, read.size());
        assertTrue(e.getMessage().contains("longer than 1048576 characters (CARAVAN_MAX_RECORD_CHARS"), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        // Materialising the field would take 80 MB (40M chars); the capped parser stops at 1M chars.
        assertTrue(allocated < 48L << 20, "allocated " + (allocated >> 20) + " MB while reading a 40 MB field");
    }

    @Test
    void aCsvHeaderWithMoreColumnsThanTheCapFailsClearly() throws IOException {
        Path file = write("wide.csv", "id,a,b,c,d,e,f\n1,2,3,4,5,6,7\n");
        MalformedSourceException e = assertThrows(MalformedSourceException.class, () -> open(file, SMALL).close());
        assertTrue(e.getMessage().contains("more than 5 fields (CARAVAN_MAX_COLUMNS)"), e.getMessage());
    }

    @Test
    void jsonLinesWithDifferentFieldNamesOnEveryRowAreMappedPastTheCacheCap() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 5000; i++) {
            sb.append("{\"id\":\"").append(i).append("\",\"Name\":\"n").append(i).append("\",\"note_").append(i).append("\":\"v\"}\n");
        }
        List<SourceRecord> r = readAll(write("unique-fields.jsonl", sb.toString()), SMALL);
        assertEquals(5000, r.size());
        SourceRecord last = r.get(4999);
        assertNull(last.problem());
        assertEquals(List.of("id", "Name", "note_5000"), last.mapping().headers());
        assertEquals(1, last.mapping().columnOf(1));
        assertEquals(-1, last.mapping().columnOf(2));
    }

    @Test
    void theBoundedLineReaderSplitsOnLfCrlfAndCrAndKeepsOnlyAnExcerptOfALongLine() throws IOException {
        String longLine = "a".repeat(70_000); // longer than the reader's buffer
        BoundedLineReader lines = new BoundedLineReader(new StringReader("one\r\ntwo\rthree\n\n" + longLine + "\nlast"), 1000);
        assertEquals("one", lines.next().text());
        assertEquals("two", lines.next().text());
        assertEquals("three", lines.next().text());
        assertEquals("", lines.next().text());
        BoundedLineReader.Line big = lines.next();
        assertTrue(big.oversized());
        assertEquals(70_000, big.length());
        assertEquals("a".repeat(ReadLimits.EXCERPT_CHARS), big.excerpt());
        assertEquals("last", lines.next().text());
        assertNull(lines.next());
        BoundedLineReader exact = new BoundedLineReader(new StringReader("b".repeat(1000)), 1000);
        assertNotNull(exact.next().text(), "a line of exactly the cap is kept");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void repeat(Writer w, char c, int n) throws IOException {
        char[] chunk = new char[1 << 16];
        java.util.Arrays.fill(chunk, c);
        for (int left = n; left > 0; left -= chunk.length) {
            w.write(chunk, 0, Math.min(left, chunk.length));
        }
    }

    private static RecordReader open(Path file, ReadLimits limits) throws IOException {
        return Sources.open(file, FileFingerprint.of(file, StandardCharsets.ISO_8859_1), THING, limits);
    }

    private static List<SourceRecord> readAll(Path file, ReadLimits limits) throws IOException {
        List<SourceRecord> out = new ArrayList<>();
        try (RecordReader reader = open(file, limits)) {
            for (SourceRecord r = reader.next(); r != null; r = reader.next()) {
                out.add(r);
            }
        }
        return out;
    }

    /** Bytes allocated by this thread so far (HotSpot). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
