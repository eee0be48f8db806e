package dev.caravan.replay;

import static dev.caravan.testing.ApiAuth.asOperator;
import static dev.caravan.testing.ApiAuth.asViewer;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.definition.ColumnDefinition;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.drift.Drift;
import dev.caravan.pipeline.BatchOptions;
import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.ImportRequest;
import dev.caravan.pipeline.ImportService;
import dev.caravan.pipeline.Pipeline;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.source.RecordReader;
import dev.caravan.source.file.FileFingerprint;
import dev.caravan.source.file.ReadLimits;
import dev.caravan.source.file.Sources;
import dev.caravan.testing.Sql;
import dev.caravan.warehouse.RunCounts;
import dev.caravan.warehouse.RunLog;
import dev.caravan.warehouse.RunRecord;
import dev.caravan.warehouse.Warehouse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Schema drift and the replay of rejects on a real warehouse (H2 and PostgreSQL subclasses): real
 * files, the real pipeline, the run log and REST over HTTP.
 */
public abstract class AbstractDriftReplayTest {

    @Inject
    ImportService imports;

    @Inject
    ReplayService replays;

    @Inject
    Pipeline pipeline;

    @Inject
    DefinitionRegistry definitions;

    @Inject
    RunLog runLog;

    @Inject
    Warehouse warehouse;

    Path dir;

    @BeforeEach
    void clean() throws Exception {
        Sql.reset(warehouse);
        dir = Files.createDirectories(Path.of("target/test-files/" + getClass().getSimpleName()));
    }

    Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    RunSummary importFile(String system, String object, Path file, boolean dryRun) {
        return imports.run(new ImportRequest(system, object, file, file.getFileName().toString(), "cli", dryRun, 0,
                false), ImportProgress.NONE);
    }

    // --- schema drift -------------------------------------------------------------------------------

    @Test
    void hostileHeaderNamesAreCleanedCutAndNeverFailTheRun() throws Exception {
        String longName = "x".repeat(10_000);
        // ESC sequences, a bidirectional override and a zero-width space in names; the CSV quotes a newline
        String header = "Lead ID,\"Bad\u001b[2J\u202eName\u200b\",\"two\nlines\"," + longName + ",\u0007\n";
        Path file = write("hostile.csv", header + "H1,a,b,c,d\n");
        RunSummary s = importFile("leadconduit", "leads", file, false);
        assertEquals("completed", s.status(), String.valueOf(s));
        assertEquals(1, s.inserted());
        Drift d = runLog.find(s.runId()).orElseThrow().drift();
        assertNotNull(d, "drift recorded");
        assertEquals(4, d.unknownCount(), String.valueOf(d.unknown()));
        for (String name : d.unknown()) {
            assertTrue(name.length() <= 128, "cut: " + name.length());
            assertTrue(name.chars().noneMatch(ch -> Character.isISOControl(ch) || Character.getType(ch) == Character.FORMAT),
                    "no control or format characters: " + name.chars().boxed().toList());
        }
        assertTrue(d.unknown().contains("Bad[2JName"), String.valueOf(d.unknown()));
        assertTrue(d.unknown().contains("twolines"), String.valueOf(d.unknown()));
        assertTrue(d.unknown().contains("(empty)"), "a name of control characters only: " + d.unknown());
        assertTrue(d.unknown().stream().anyMatch(n -> n.startsWith("xxx") && n.endsWith("…")), String.valueOf(d.unknown()));
        // stored as text in the run log: no control character reached it either
        Map<String, Object> row = Sql.rows(warehouse, "SELECT drift_unknown FROM caravan_run WHERE id = ?", s.runId()).get(0);
        String stored = String.valueOf(row.get("drift_unknown"));
        assertFalse(stored.contains("\u001b") || stored.contains("\n") || stored.contains("\u202e"), stored);
        assertTrue(stored.length() < 1000, "bounded: " + stored.length());
    }

    @Test
    void moreUnknownFieldsThanTheCapAreCountedNotListed() throws Exception {
        StringBuilder header = new StringBuilder("Lead ID");
        StringBuilder row = new StringBuilder("M1");
        for (int i = 0; i < 450; i++) {
            header.append(",field_").append(i);
            row.append(",v");
        }
        RunSummary s = importFile("leadconduit", "leads", write("wide.csv", header + "\n" + row + "\n"), false);
        assertEquals("completed", s.status(), String.valueOf(s));
        Drift d = runLog.find(s.runId()).orElseThrow().drift();
        assertEquals(200, d.unknown().size());
        assertEquals(450, d.unknownCount());
        assertTrue(d.describeUnknown().endsWith("(+250 more)"), d.describeUnknown());
    }

    @Test
    void unknownAndAbsentColumnsAreRecordedAndShownByRestEvenForDryRuns() throws Exception {
        // "Favorite Color" is unknown; the definition's city, state, price… columns are absent
        String csv = "Lead ID,First Name,Email Address,Favorite Color\nD1,Ann,ann@example.com,blue\n";
        for (boolean dryRun : new boolean[] {true, false}) {
            RunSummary s = importFile("leadconduit", "leads", write("drift-" + dryRun + ".csv", csv), dryRun);
            assertEquals("completed", s.status(), String.valueOf(s));
            RunRecord run = runLog.find(s.runId()).orElseThrow();
            Drift d = run.drift();
            assertEquals(List.of("Favorite Color"), d.unknown());
            assertEquals(1, d.unknownCount());
            assertTrue(d.missing().containsAll(List.of("last_name", "phone", "city", "state", "price", "submitted_at")),
                    String.valueOf(d.missing()));
            assertFalse(d.missing().contains("email") || d.missing().contains("lead_id"), String.valueOf(d.missing()));
            assertEquals(d.missing().size(), d.missingCount());
            asViewer().get("/api/runs/" + s.runId()).then().statusCode(200)
                    .body("drift.unknown", hasItem("Favorite Color"))
                    .body("drift.unknownCount", equalTo(1))
                    .body("drift.missing", hasItem("city"))
                    .body("dryRun", equalTo(dryRun));
        }
    }

    @Test
    void aFileMissingARequiredColumnFailsWithItsDriftRecorded() throws Exception {
        RunSummary s = importFile("leadconduit", "leads", write("nokey.csv", "First Name,Colour\nAnn,red\n"), false);
        assertEquals("failed", s.status());
        Drift d = runLog.find(s.runId()).orElseThrow().drift();
        assertNotNull(d);
        assertTrue(d.missing().contains("lead_id"), String.valueOf(d.missing()));
        assertEquals(List.of("Colour"), d.unknown());
    }

    @Test
    void jsonRecordsWithSparseFieldsCountAColumnAbsentOnlyWhenNoRecordHadIt() throws Exception {
        Path file = write("sparse.jsonl", "{\"id\": \"J1\", \"city\": \"Austin\"}\n{\"id\": \"J2\", \"state\": \"TX\", \"shoe\": 9}\n"
                + "not json\n");
        RunSummary s = importFile("leadconduit", "leads", file, false);
        Drift d = runLog.find(s.runId()).orElseThrow().drift();
        assertEquals(List.of("shoe"), d.unknown());
        assertFalse(d.missing().contains("city") || d.missing().contains("state"), String.valueOf(d.missing()));
        assertTrue(d.missing().contains("email"));
    }

    // --- replay -------------------------------------------------------------------------------------

    static final String STRICT_CSV = "Lead ID,First Name,Price\nR1,Ann,12.50\nR2,Bob,abc\nR3,Cy,12.345\n,Dee,3.00\n";

    /** leadconduit.leads as it was before a fix: the price was required, so an unreadable price rejected the row. */
    ObjectDefinition strictLeads() {
        ObjectDefinition d = definitions.find("leadconduit", "leads").orElseThrow();
        List<ColumnDefinition> columns = new ArrayList<>();
        for (ColumnDefinition c : d.columns()) {
            columns.add(!c.name().equals("price") ? c : new ColumnDefinition(c.name(), c.type(), true, c.aliases(),
                    c.references(), c.scale(), c.values(), c.expected()));
        }
        return new ObjectDefinition(d.system(), d.object(), d.description(), d.table(), d.key(), columns, d.formats(),
                d.timeZone(), d.checks(), d.sync(), d.http(), d.quality(), d.dedup());
    }

    /** Imports the file as the strict (old) definition would have: a real run of the real pipeline. */
    long importWithStrictDefinition(Path file) throws Exception {
        ObjectDefinition strict = strictLeads();
        FileFingerprint fp = FileFingerprint.of(file, StandardCharsets.UTF_8);
        long runId = runLog.start("leadconduit", "leads", "cli", false, file.getFileName().toString(), fp.sha256(),
                fp.size(), fp.describeEncoding(), 100);
        RunCounts totals;
        try (RecordReader reader = Sources.open(file, fp, strict, ReadLimits.DEFAULT)) {
            totals = pipeline.run(runId, strict, reader, 100, false, ImportProgress.NONE, BatchOptions.FILE, fp.size());
        }
        runLog.finish(runId, "completed", totals, fp.size(), null, null);
        return runId;
    }

    @Test
    void aReplayAfterADefinitionFixLoadsTheRowsAndASecondReplayIsANoOp() throws Exception {
        long original = importWithStrictDefinition(write("strict.csv", STRICT_CSV));
        RunRecord before = runLog.find(original).orElseThrow();
        assertEquals(1, before.inserted());
        assertEquals(3, before.rejected(), "R2, R3 (price) and the row without a key");
        assertEquals(1, Sql.count(warehouse, "leadconduit_leads"));

        ReplaySummary first = replays.replay(original, false);
        assertEquals("completed", first.status(), String.valueOf(first));
        assertEquals(original, first.replayOf());
        assertEquals(3, first.read());
        assertEquals(2, first.inserted(), "R2 and R3 load under the fixed definition (price nulled)");
        assertEquals(1, first.rejected(), "the row without a key is rejected again");
        assertEquals(3, Sql.count(warehouse, "leadconduit_leads"));
        RunRecord replayRun = runLog.find(first.runId()).orElseThrow();
        assertEquals("replay", replayRun.trigger());
        assertEquals(original, replayRun.replayOf());
        List<Map<String, Object>> again = Sql.rows(warehouse, "SELECT line_number, column_name, reason FROM caravan_reject"
                + " WHERE run_id = ? AND action = 'rejected'", first.runId());
        assertEquals(1, again.size(), String.valueOf(again));
        assertEquals(5L, again.get(0).get("line_number"), "the line in the original file");
        assertEquals("lead_id", again.get(0).get("column_name"));
        // R2 and R3 marked in the original, all their rows; the keyless row not
        assertEquals(2L, Sql.rows(warehouse, "SELECT COUNT(DISTINCT record_no) AS n FROM caravan_reject WHERE run_id = ?"
                + " AND replayed_in_run = ?", original, first.runId()).get(0).get("n"));
        asViewer().get("/api/runs/" + first.runId()).then().statusCode(200).body("replayOf", equalTo((int) original))
                .body("trigger", equalTo("replay"));

        // the second replay feeds only what is still rejected: the keyless row, rejected again
        ReplaySummary second = replays.replay(original, false);
        assertEquals(1, second.read());
        assertEquals(0, second.inserted());
        assertEquals(1, second.rejected());
        assertEquals(2, second.alreadyReplayed());
        assertEquals(3, Sql.count(warehouse, "leadconduit_leads"));
    }

    @Test
    void whenEveryRejectLoadedTheNextReplayDoesNothingAndOpensNoRun() throws Exception {
        long original = importWithStrictDefinition(write("fixable.csv", "Lead ID,Price\nF1,abc\nF2,n/a\n"));
        ReplaySummary dry = replays.replay(original, true);
        assertTrue(dry.dryRun());
        assertEquals(2, dry.inserted(), "would be inserted");
        assertEquals(0, Sql.count(warehouse, "leadconduit_leads"), "a dry replay writes nothing");
        ReplaySummary first = replays.replay(original, false);
        assertEquals(2, first.inserted(), "the dry replay marked nothing: " + first);
        long runs = Sql.count(warehouse, "caravan_run");
        ReplaySummary second = replays.replay(original, false);
        assertNull(second.runId(), String.valueOf(second));
        assertEquals("nothing to replay", second.status());
        assertEquals(2, second.alreadyReplayed());
        assertEquals(runs, Sql.count(warehouse, "caravan_run"), "no run opened");
        assertEquals(2, Sql.count(warehouse, "leadconduit_leads"));
    }

    @Test
    void orphansRejectedByAFileImportLoadOnceTheirParentArrived() throws Exception {
        RunSummary contacts = importFile("crm", "contacts", write("contacts.csv",
                "Contact ID,Company ID,First Name,Last Name\nP1,X1,Ann,Lee\nP2,X1,Bob,Ray\n"), false);
        assertEquals(2, contacts.rejected(), String.valueOf(contacts));
        importFile("crm", "companies", write("companies.csv", "company_id,company_name\nX1,Acme\n"), false);
        ReplaySummary s = replays.replay(contacts.runId(), false);
        assertEquals(2, s.inserted(), String.valueOf(s));
        assertEquals(2, Sql.count(warehouse, "crm_contacts"));
    }

    @Test
    void runsThatCannotBeReplayedSaySo() throws Exception {
        ReplayException none = assertThrows(ReplayException.class, () -> replays.replay(987_654_321L, false));
        assertEquals(ReplayException.Kind.NOT_FOUND, none.kind());
        assertTrue(none.getMessage().contains("no run 987654321"), none.getMessage());

        RunSummary clean = importFile("leadconduit", "leads", write("clean.csv", "Lead ID\nC1\n"), false);
        ReplayException noRejects = assertThrows(ReplayException.class, () -> replays.replay(clean.runId(), false));
        assertEquals(ReplayException.Kind.REFUSED, noRejects.kind());
        assertTrue(noRejects.getMessage().contains("no rejected rows"), noRejects.getMessage());

        RunSummary dry = importFile("leadconduit", "leads", write("dry.csv", "Lead ID,First Name\n,Ann\n"), true);
        ReplayException dryRun = assertThrows(ReplayException.class, () -> replays.replay(dry.runId(), false));
        assertTrue(dryRun.getMessage().contains("dry run"), dryRun.getMessage());

        RunSummary ragged = importFile("leadconduit", "leads", write("ragged.csv", "Lead ID,First Name\nG1,Ann,extra\n"), false);
        assertEquals(1, ragged.rejected());
        ReplayException structural = assertThrows(ReplayException.class, () -> replays.replay(ragged.runId(), false));
        assertTrue(structural.getMessage().contains("none replayable"), structural.getMessage());

        long gone = runLog.start("nosuch", "thing", "cli", false, "gone.csv", null, null, null, 10);
        runLog.finish(gone, "completed", new RunCounts(), 0, null, null);
        ReplayException object = assertThrows(ReplayException.class, () -> replays.replay(gone, false));
        assertTrue(object.getMessage().contains("nosuch.thing, which no longer has a definition"), object.getMessage());

        asOperator().post("/api/runs/987654321/replay").then().statusCode(404).body("error", equalTo(none.getMessage()));
        asOperator().post("/api/runs/" + clean.runId() + "/replay").then().statusCode(409);
    }

    @Test
    void replayOverRestNeedsTheOperatorRoleAndAnswersTheNewRun() throws Exception {
        long original = importWithStrictDefinition(write("rest.csv", "Lead ID,Price\nW1,abc\n"));
        asViewer().post("/api/runs/" + original + "/replay").then().statusCode(403);
        assertEquals(0, Sql.count(warehouse, "leadconduit_leads"));
        asOperator().post("/api/runs/" + original + "/replay").then().statusCode(200)
                .body("replayOf", equalTo((int) original)).body("status", equalTo("completed"))
                .body("inserted", equalTo(1));
        assertEquals(1, Sql.count(warehouse, "leadconduit_leads"));
    }
}
