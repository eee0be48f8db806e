package dev.caravan.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.Sql;
import dev.caravan.warehouse.RejectRecord;
import dev.caravan.warehouse.RunLog;
import dev.caravan.warehouse.RunRecord;
import dev.caravan.warehouse.Warehouse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The import pipeline end to end on a real warehouse: the same tests run on H2 and on PostgreSQL
 * (see the subclasses). Files are real files; rows land in real tables.
 */
public abstract class AbstractImportTest {

    static final String LEAD_HEADER = "Lead ID,First Name,Last Name,Email Address,Phone Number,City,State,Zip Code,Price,Submission Timestamp,Favorite Color\n";

    @Inject
    ImportService imports;

    @Inject
    Warehouse warehouse;

    @Inject
    RunLog runLog;

    Path dir;

    @BeforeEach
    void clean() throws IOException {
        Sql.reset(warehouse);
        dir = Files.createDirectories(Path.of("target/test-files/" + getClass().getSimpleName()));
    }

    Path write(String name, String content) throws IOException {
        return write(name, content, StandardCharsets.UTF_8);
    }

    Path write(String name, String content, Charset charset) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content.getBytes(charset));
        return file;
    }

    RunSummary importFile(String system, String object, Path file) {
        return imports.run(new ImportRequest(system, object, file, file.getFileName().toString(), "cli", false, 0, false),
                ImportProgress.NONE);
    }

    RunSummary importFile(Path file, boolean dryRun, int batchSize, boolean force) {
        return imports.run(new ImportRequest("leadconduit", "leads", file, file.getFileName().toString(), "cli", dryRun,
                batchSize, force), ImportProgress.NONE);
    }

    static String lead(int i) {
        return "L" + i + ",Pat,Lee" + i + ",pat" + i + "@example.com,(512) 867-" + String.format("%04d", 1000 + i % 9000)
                + ",Austin,TX,78701,$" + (i % 500) + ".25,2025-07-" + String.format("%02d", 1 + i % 28)
                + "T10:30:00Z,blue\n";
    }

    static String leads(int from, int to) {
        StringBuilder sb = new StringBuilder(LEAD_HEADER);
        for (int i = from; i <= to; i++) {
            sb.append(lead(i));
        }
        return sb.toString();
    }

    @Test
    void cleansMapsAndKeepsUnknownColumns() throws IOException {
        Path file = write("clean.csv", LEAD_HEADER
                + "L1,  JOHN  ,o'brien,John@Example.COM ,(512) 867-5309,Austin,Texas,1234,\"$1,200.50\",7/8/2025 2:15 PM,blue\n"
                + "L2,Ann,Lee,not-an-email,12,Denver,CO,80202,abc,2025-07-07T10:30:00-06:00,\n");
        RunSummary s = importFile(file, false, 0, false);
        assertEquals("completed", s.status());
        assertEquals(2, s.inserted());
        Map<String, Object> l1 = Sql.rows(warehouse, "SELECT * FROM leadconduit_leads WHERE lead_id = 'L1'").get(0);
        assertEquals("John", l1.get("first_name"));
        assertEquals("O'Brien", l1.get("last_name"));
        assertEquals("john@example.com", l1.get("email"));
        assertEquals("+15128675309", l1.get("phone"));
        assertEquals("TX", l1.get("state"));
        assertEquals("01234", l1.get("postal_code"));
        assertEquals(0, new java.math.BigDecimal("1200.50").compareTo((java.math.BigDecimal) l1.get("price")));
        assertTrue(String.valueOf(l1.get("extra")).contains("Favorite Color"), "unknown column kept in extra");
        Map<String, Object> l2 = Sql.rows(warehouse, "SELECT * FROM leadconduit_leads WHERE lead_id = 'L2'").get(0);
        assertNull(l2.get("email"));
        assertNull(l2.get("phone"));
        assertNull(l2.get("price"));
        assertTrue(String.valueOf(l2.get("extra")).contains("not-an-email"), "original of a nulled value kept");
        List<RejectRecord> issues = runLog.rejectsOf(s.runId(), 100);
        assertEquals(3, issues.size());
        assertTrue(issues.stream().allMatch(r -> r.action().equals("nulled") && r.line() == 3));
    }

    @Test
    void reDropIsSkippedUnlessForced() throws IOException {
        Path file = write("again.csv", leads(1, 50));
        RunSummary first = importFile(file, false, 0, false);
        assertEquals(50, first.inserted());
        RunSummary second = importFile(write("again-copy.csv", leads(1, 50)), false, 0, false);
        assertEquals("skipped", second.status());
        assertTrue(second.message().contains("run " + first.runId()), second.message());
        assertEquals("skipped", runLog.find(second.runId()).orElseThrow().status());
        RunSummary forced = importFile(file, false, 0, true);
        assertEquals("completed", forced.status());
        assertEquals(50, forced.unchanged());
        assertEquals(0, forced.inserted() + forced.updated());
        assertEquals(50, Sql.count(warehouse, "leadconduit_leads"));
    }

    @Test
    void updatesAndUnchangedAreCountedAndOnlyChangesRewritten() throws IOException {
        importFile(write("v1.csv", leads(1, 20)), false, 7, false);
        String changed = leads(1, 20).replace("L5,Pat,Lee5", "L5,Pat,Changed");
        RunSummary s = importFile(write("v2.csv", changed + lead(21)), false, 7, false);
        assertEquals(21, s.read());
        assertEquals(1, s.inserted());
        assertEquals(1, s.updated());
        assertEquals(19, s.unchanged());
        assertEquals(s.runId(), Sql.rows(warehouse, "SELECT last_run_id FROM leadconduit_leads WHERE lead_id = 'L5'").get(0).get("last_run_id"));
        assertEquals(1L, Sql.rows(warehouse, "SELECT COUNT(*) AS n FROM leadconduit_leads WHERE last_run_id = ?", s.runId())
                .get(0).get("n") instanceof Long n ? n - 1 : -1L, "only L5 and L21 were written by the second run");
    }

    @Test
    void dryRunWritesNothingToTargetTables() throws IOException {
        importFile(write("base.csv", leads(1, 10)), false, 0, false);
        String next = leads(1, 10).replace("L3,Pat,Lee3", "L3,Pat,Other") + lead(11) + ",NoKey,,,,,,,,,\n"; // no lead id: rejected
        RunSummary dry = importFile(write("next.csv", next), true, 0, false);
        assertTrue(dry.dryRun());
        assertEquals("completed", dry.status());
        assertEquals(1, dry.inserted());
        assertEquals(1, dry.updated());
        assertEquals(9, dry.unchanged());
        assertEquals(1, dry.rejected());
        assertEquals(10, Sql.count(warehouse, "leadconduit_leads"));
        assertEquals("Lee3", Sql.rows(warehouse, "SELECT last_name FROM leadconduit_leads WHERE lead_id = 'L3'").get(0).get("last_name"));
        assertEquals(1, runLog.rejectsOf(dry.runId(), 10).stream().filter(r -> r.action().equals("rejected")).count());
        // a dry run does not claim the content: the real import still runs
        assertEquals("completed", importFile(dir.resolve("next.csv"), false, 0, false).status());
    }

    @Test
    void aBatchWithOneBadRowLosesOnlyThatRow() throws IOException {
        // a price that cleans fine but does not fit NUMERIC(18, 2): only the database refuses it
        String content = leads(1, 30).replace("L17,Pat,Lee17,pat17@example.com,(512) 867-1017,Austin,TX,78701,$17.25",
                "L17,Pat,Lee17,pat17@example.com,(512) 867-1017,Austin,TX,78701,$1000000000000000000.25");
        RunSummary s = importFile(write("one-bad.csv", content), false, 10, false);
        assertEquals("completed", s.status(), String.valueOf(s));
        assertEquals(29, s.inserted());
        assertEquals(1, s.rejected());
        assertEquals(29, Sql.count(warehouse, "leadconduit_leads"));
        RejectRecord r = runLog.rejectsOf(s.runId(), 10).get(0);
        assertEquals(18L, r.line());
        assertTrue(r.reason().startsWith("refused by the warehouse"), r.reason());
        assertTrue(r.raw().contains("1000000000000000000.25"));
    }

    @Test
    void raggedRowsAreRejectedWithLineNumbers() throws IOException {
        String content = LEAD_HEADER + lead(1) + "L2,Pat,Lee\n" + lead(3) + lead(4).replace("\n", ",extra,fields\n");
        RunSummary s = importFile(write("ragged.csv", content), false, 0, false);
        assertEquals("completed", s.status());
        assertEquals(2, s.inserted());
        assertEquals(2, s.rejected());
        List<RejectRecord> r = runLog.rejectsOf(s.runId(), 10);
        assertEquals(3L, r.get(0).line());
        assertTrue(r.get(0).reason().contains("expected 11 fields"), r.get(0).reason());
        assertEquals(5L, r.get(1).line());
    }

    @Test
    void unclosedQuoteFailsTheRunAtItsLineAndKeepsEarlierRows() throws IOException {
        String content = leads(1, 5) + "L6,\"Pat,Lee6,pat6@example.com,(512) 867-1006,Austin,TX,78701,$1,2025-07-01,blue\n" + lead(7);
        RunSummary s = importFile(write("unclosed.csv", content), false, 2, false);
        assertEquals("failed", s.status());
        assertTrue(s.error().contains("malformed CSV") && s.error().contains("7"), s.error());
        assertEquals(5, Sql.count(warehouse, "leadconduit_leads"), "every complete row before the unclosed quote lands");
        RunRecord run = runLog.find(s.runId()).orElseThrow();
        assertEquals("failed", run.status());
        assertNotNull(run.error());
    }

    @Test
    void byteOrderMarkCrlfAndQuotedNewlinesAreRead() throws IOException {
        String content = "\uFEFF" + (LEAD_HEADER + lead(1) + "L2,\"Pat, Jr\",Lee,a@example.com,,\"Austin\nNorth\",TX,78701,,2025-07-01,x\n")
                .replace("\n", "\r\n");
        RunSummary s = importFile(write("bom-crlf.csv", content), false, 0, false);
        assertEquals(2, s.inserted(), String.valueOf(s));
        assertEquals("Pat, Jr", Sql.rows(warehouse, "SELECT first_name FROM leadconduit_leads WHERE lead_id = 'L2'").get(0).get("first_name"));
        assertEquals("UTF-8 (BOM)", runLog.find(s.runId()).orElseThrow().fileEncoding());
    }

    @Test
    void latin1FilesAreDecoded() throws IOException {
        RunSummary s = importFile(write("latin1.csv", LEAD_HEADER + "L1,José,Muñoz,jose@example.com,,Cañon City,CO,81212,,2025-07-01,\n",
                StandardCharsets.ISO_8859_1), false, 0, false);
        assertEquals(1, s.inserted());
        assertEquals("Muñoz", Sql.rows(warehouse, "SELECT last_name FROM leadconduit_leads").get(0).get("last_name"));
        assertTrue(runLog.find(s.runId()).orElseThrow().fileEncoding().contains("not valid UTF-8"));
    }

    @Test
    void emptyAndHeaderOnlyFilesHaveClearOutcomes() throws IOException {
        RunSummary empty = importFile(write("empty.csv", ""), false, 0, false);
        assertEquals("failed", empty.status());
        assertTrue(empty.error().contains("empty"), empty.error());
        RunSummary headerOnly = importFile(write("header.csv", LEAD_HEADER), false, 0, false);
        assertEquals("completed", headerOnly.status());
        assertEquals(0, headerOnly.read());
        assertTrue(headerOnly.message().contains("header only"), headerOnly.message());
    }

    @Test
    void aMissingRequiredHeaderFailsWithTheAcceptedNames() throws IOException {
        RunSummary s = importFile(write("no-key.csv", "First Name,Email\nPat,pat@example.com\n"), false, 0, false);
        assertEquals("failed", s.status());
        assertTrue(s.error().contains("lead_id"), s.error());
        assertFalse(s.error().contains("submitted_at"), "only the key is required: " + s.error());
        assertEquals(0, Sql.count(warehouse, "leadconduit_leads"));
    }

    @Test
    void leadsWithoutASubmissionTimestampLandWithARowIssue() throws IOException {
        RunSummary s = importFile(write("no-time.csv", "Lead ID,Email,Submitted At\nT1,t1@example.com,\nT2,t2@example.com,2025-07-01T10:00:00Z\n"),
                false, 0, false);
        assertEquals("completed", s.status(), String.valueOf(s));
        assertEquals(2, s.inserted());
        assertEquals(0, s.rejected());
        var issues = runLog.rejectsOf(s.runId(), 10);
        assertEquals(1, issues.size(), String.valueOf(issues));
        assertEquals("submitted_at", issues.get(0).column());
        assertEquals(2L, issues.get(0).line());
        RunSummary noColumn = importFile(write("no-time-column.csv", "Lead ID,Email\nT3,t3@example.com\n"), false, 0, false);
        assertEquals("completed", noColumn.status(), "an export without the timestamp column loads: " + noColumn);
        assertEquals(1, noColumn.inserted());
    }

    @Test
    void jsonLinesAndJsonArraysAreRead() throws IOException {
        String lines = "{\"lead_id\":\"J1\",\"email\":\"J1@Example.com\",\"submission_timestamp\":\"2025-07-01T00:00:00Z\",\"address\":{\"city\":\"Austin\"}}\n"
                + "\n{broken json\n"
                + "{\"lead_id\":\"J2\",\"submission_timestamp\":1751328000}\n";
        RunSummary s = importFile(write("leads.jsonl", lines), false, 0, false);
        assertEquals(2, s.inserted(), String.valueOf(s));
        assertEquals(1, s.rejected());
        assertEquals(3L, runLog.rejectsOf(s.runId(), 10).get(0).line());
        RunSummary array = importFile(write("leads.json", "[\n {\"lead_id\":\"J3\",\"submitted_at\":\"2025-07-01\"},\n {\"lead_id\":\"J4\",\"submitted_at\":\"7/2/2025\"}\n]"),
                false, 0, false);
        assertEquals(2, array.inserted(), String.valueOf(array));
    }

    @Test
    void duplicateKeysInOneFileUpdateOrCountAsUnchanged() throws IOException {
        String content = LEAD_HEADER + lead(1) + lead(2) + lead(1) + lead(2).replace("Lee2", "Leigh");
        RunSummary s = importFile(write("dupes.csv", content), false, 0, false);
        assertEquals(2, s.inserted());
        assertEquals(1, s.unchanged());
        assertEquals(1, s.updated());
        assertEquals("Leigh", Sql.rows(warehouse, "SELECT last_name FROM leadconduit_leads WHERE lead_id = 'L2'").get(0).get("last_name"));
    }

    @Test
    void aFieldOverTheFieldCapRejectsOnlyItsRowAndKeepsAnExcerpt() throws IOException {
        String big = "x".repeat((1 << 20) + 1); // one character over CARAVAN_MAX_FIELD_CHARS (1 Mi)
        String content = leads(1, 3) + lead(4).replace(",blue\n", "," + big + "\n") + lead(5);
        RunSummary s = importFile(write("big-field.csv", content), false, 2, false);
        assertEquals("completed", s.status(), String.valueOf(s));
        assertEquals(4, s.inserted());
        assertEquals(1, s.rejected());
        RejectRecord r = runLog.rejectsOf(s.runId(), 10).get(0);
        assertEquals(5L, r.line());
        assertTrue(r.reason().contains("field 'Favorite Color' is too long") && r.reason().contains("CARAVAN_MAX_FIELD_CHARS"),
                r.reason());
        assertTrue(r.raw().startsWith("L4,Pat") && r.raw().length() < 300, "an excerpt, not the field: " + r.raw().length());
        assertEquals(4, Sql.count(warehouse, "leadconduit_leads"));
    }

    @Test
    void aJsonLineOverTheRecordCapIsOneRejectAndTheOtherLinesLand() throws IOException {
        String line = "{\"lead_id\":\"J%d\",\"submission_timestamp\":\"2025-07-01T00:00:00Z\",\"note\":\"%s\"}\n";
        String content = String.format(line, 1, "ok") + String.format(line, 2, "y".repeat(5 << 20)) + String.format(line, 3, "ok");
        RunSummary s = importFile(write("long-line.jsonl", content), false, 0, false);
        assertEquals("completed", s.status(), String.valueOf(s));
        assertEquals(2, s.inserted());
        assertEquals(1, s.rejected());
        RejectRecord r = runLog.rejectsOf(s.runId(), 10).get(0);
        assertEquals(2L, r.line());
        assertTrue(r.reason().startsWith("record too long") && r.reason().contains("CARAVAN_MAX_RECORD_CHARS"), r.reason());
        assertTrue(r.raw().length() < 300, "an excerpt, not the line");
    }

    @Test
    void aBatchSizeOverTheMaximumIsRefusedBeforeTheRunStarts() throws IOException {
        Path file = write("batch.csv", leads(1, 3));
        int runsBefore = runLog.recent(1000).size();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> importFile(file, false, Integer.MAX_VALUE, false));
        assertTrue(e.getMessage().contains("batch size 2147483647") && e.getMessage().contains("at most 50000"),
                e.getMessage());
        assertEquals(runsBefore, runLog.recent(1000).size(), "no run was opened");
        assertEquals("completed", importFile(file, false, 50_000, false).status(), "the cap itself is allowed");
    }
}
