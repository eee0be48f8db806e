package dev.caravan.dedup;

import static dev.caravan.testing.ApiAuth.asOperator;
import static dev.caravan.testing.ApiAuth.asViewer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.ImportRequest;
import dev.caravan.pipeline.ImportService;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.testing.Sql;
import dev.caravan.warehouse.Warehouse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deduplication end to end on a real warehouse (H2 and PostgreSQL subclasses): CRM files imported
 * through the import service, duplicates planted by later files, merges made by the pass that
 * follows each import, children re-pointed, later children resolved, and unmerge.
 */
public abstract class AbstractDedupTest {

    @Inject
    ImportService imports;

    @Inject
    DedupService dedup;

    @Inject
    Warehouse warehouse;

    Path dir;

    @BeforeEach
    void clean() throws IOException {
        Sql.reset(warehouse);
        dir = Files.createDirectories(Path.of("target/test-files/" + getClass().getSimpleName()));
    }

    private RunSummary load(String object, String name, String csv) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        RunSummary s = imports.run(new ImportRequest("crm", object, file, name, "cli", false, 0, false), ImportProgress.NONE);
        assertEquals("completed", s.status(), String.valueOf(s));
        return s;
    }

    private void firstFiles() throws IOException {
        load("companies", "companies1.csv", "company_id,company_name\nCO1,\"Acme, Inc.\"\nCO2,Acme Widgets\nCO3,Globex LLC\n");
        load("contacts", "contacts1.csv", "contact_id,company_id,first_name,last_name,email,phone\n"
                + "C1,CO1,Pat,Lee,pat.lee@example.com,(512) 867-5309\n"
                + "C2,CO2,Patricia,Lee,patricia@example.com,\n"
                + "C3,CO3,Pat,Lee,pl@globex.com,\n"
                + "C4,CO2,Ann,Kim,ann@example.com,\n"
                + "C5,CO1,Ann,Kim,akim@example.com,\n"
                + "C6,CO3,Sam,Ray,sam@example.com,\n");
        load("opportunities", "opportunities1.csv", "opportunity_id,company_id,contact_id,opportunity_name,stage\n"
                + "O1,CO2,C2,Deal 1,prospecting\nO2,CO3,C3,Deal 2,proposal\nO3,CO1,C1,Deal 3,negotiation\n"
                + "O4,CO2,C4,Deal 4,prospecting\nO5,CO3,C6,Deal 5,qualification\n");
        load("activities", "activities1.csv", "activity_id,contact_id,opportunity_id,activity_type,activity_at\n"
                + "A1,C2,O1,call,2025-01-01T10:00:00Z\nA2,C3,O2,email,2025-01-02T10:00:00Z\n"
                + "A3,C4,O4,meeting,2025-01-03T10:00:00Z\nA4,C1,O3,note,2025-01-04T10:00:00Z\n"
                + "A5,C6,O5,task,2025-01-05T10:00:00Z\nA6,C5,,call,2025-01-06T10:00:00Z\n");
    }

    /** Later files make duplicates: company names spelled differently, an e-mail's case and spaces, a phone's format. */
    private void duplicatingFiles() throws IOException {
        load("companies", "companies2.csv", "company_id,company_name\nCO2,ACME Inc\nCO4,Acme Incorporated\n");
        load("contacts", "contacts2.csv", "contact_id,company_id,first_name,last_name,email,phone\n"
                + "C2,CO2,Patricia,Lee,\"  PAT.LEE@Example.COM \",\n"
                + "C3,CO3,Pat,Lee,pl@globex.com,+1 512.867.5309\n"
                + "C7,CO2,Sam,Ray,SAM@example.com,\n");
    }

    private String mergedInto(String table, String key, String id) {
        return (String) Sql.rows(warehouse, "SELECT merged_into AS m FROM " + table + " WHERE " + key + " = ?", id).get(0).get("m");
    }

    private String value(String sql, Object... params) {
        return String.valueOf(Sql.rows(warehouse, sql, params).get(0).values().iterator().next());
    }

    /** The survivor the rule says: the most recently updated member, ties to the smallest key. */
    private String expectedSurvivor(Set<String> group) {
        return value("SELECT contact_id FROM crm_contacts WHERE contact_id IN (" + String.join(", ",
                group.stream().map(k -> "'" + k + "'").toList()) + ") ORDER BY updated_at DESC, contact_id FETCH FIRST 1 ROWS ONLY");
    }

    /** Every reference to contacts and companies points at a live survivor; no dangling, no merged target. */
    private void everyChildPointsAtASurvivor() {
        for (String[] ref : new String[][] {{"crm_contacts", "company_id", "crm_companies", "company_id"},
            {"crm_opportunities", "company_id", "crm_companies", "company_id"},
            {"crm_opportunities", "contact_id", "crm_contacts", "contact_id"},
            {"crm_activities", "contact_id", "crm_contacts", "contact_id"}}) {
            assertEquals(0, Sql.count(warehouse, ref[0] + " x WHERE x." + ref[1] + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                    + ref[2] + " p WHERE p." + ref[3] + " = x." + ref[1] + " AND p.merged_into IS NULL)"),
                    ref[0] + "." + ref[1] + " points at a merged or missing row");
        }
    }

    @Test
    void unmergingARowThatIsNotMergedIsAClearErrorAndChangesNothing() throws IOException {
        firstFiles();
        assertEquals(0, Sql.count(warehouse, "caravan_merge"), "the first files have no duplicates");
        assertEquals(0, Sql.count(warehouse, "crm_contacts WHERE merged_into IS NOT NULL"));
        var e = assertThrows(Unmerger.NotMergedException.class, () -> dedup.unmerge("crm", "contacts", "C1"));
        assertTrue(e.getMessage().contains("'C1' is not merged"), e.getMessage());
        e = assertThrows(Unmerger.NotMergedException.class, () -> dedup.unmerge("crm", "contacts", "NOPE' OR '1'='1"));
        assertTrue(e.getMessage().contains("has no row with key"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> dedup.run("crm", "opportunities", true, 5),
                "an object without dedup: is a usage error");
        assertThrows(IllegalArgumentException.class, () -> dedup.run("crm", "nothing", true, 5));
        assertEquals(0, Sql.count(warehouse, "caravan_match_key"), "the scratch table is emptied after each pass");
    }

    @Test
    void duplicatesMergeChildrenFollowLaterChildrenResolveAndUnmergeRestores() throws IOException {
        firstFiles();
        duplicatingFiles();

        // companies: "Acme, Inc.", "ACME Inc", "Acme Incorporated" are one; most_complete ties go to the smallest key
        assertEquals(4, Sql.count(warehouse, "crm_companies"), "no company row is deleted");
        assertNull(mergedInto("crm_companies", "company_id", "CO1"));
        assertEquals("CO1", mergedInto("crm_companies", "company_id", "CO2"));
        assertEquals("CO1", mergedInto("crm_companies", "company_id", "CO4"));
        assertNull(mergedInto("crm_companies", "company_id", "CO3"));
        assertEquals(Set.of("company_name"), new TreeSet<>(Sql.rows(warehouse, "SELECT DISTINCT rule AS r FROM caravan_merge"
                + " WHERE object = 'companies'").stream().map(r -> (String) r.get("r")).toList()));

        // contacts: e-mail case and spaces (C2), phone format (C3) join C1; Ann Kim at CO2 = CO1 now; C7 is C6's e-mail
        assertEquals(7, Sql.count(warehouse, "crm_contacts"), "no contact row is deleted");
        Map<String, Set<String>> groups = Map.of("pat", Set.of("C1", "C2", "C3"), "ann", Set.of("C4", "C5"),
                "sam", Set.of("C6", "C7"));
        Map<String, String> survivor = new HashMap<>();
        for (var g : groups.entrySet()) {
            String s = expectedSurvivor(g.getValue());
            survivor.put(g.getKey(), s);
            for (String k : g.getValue()) {
                assertEquals(k.equals(s) ? null : s, mergedInto("crm_contacts", "contact_id", k), k + " in group " + g.getKey());
            }
        }
        assertEquals(4, Sql.count(warehouse, "caravan_merge WHERE object = 'contacts' AND status = 'active'"));
        assertEquals("CO1", value("SELECT company_id FROM crm_contacts WHERE contact_id = 'C7'"),
                "a contact arriving with a merged company id is pointed at the survivor");

        // children: none lost, all at survivors
        assertEquals(5, Sql.count(warehouse, "crm_opportunities"));
        assertEquals(6, Sql.count(warehouse, "crm_activities"));
        everyChildPointsAtASurvivor();
        String pat = survivor.get("pat");
        assertEquals(pat, value("SELECT contact_id FROM crm_opportunities WHERE opportunity_id = 'O2'"), "C3's opportunity");
        assertEquals(pat, value("SELECT contact_id FROM crm_activities WHERE activity_id = 'A1'"), "C2's activity");
        assertEquals("CO1", value("SELECT company_id FROM crm_opportunities WHERE opportunity_id = 'O4'"), "CO2's opportunity");

        // a later file naming merged ids: resolved to the survivors; a merged id arriving again updates its row, stays merged
        String mergedPat = pat.equals("C3") ? "C2" : "C3";
        load("opportunities", "opportunities3.csv", "opportunity_id,company_id,contact_id,opportunity_name,stage\n"
                + "O6,CO4," + mergedPat + ",Deal 6,proposal\n");
        assertEquals("CO1", value("SELECT company_id FROM crm_opportunities WHERE opportunity_id = 'O6'"));
        assertEquals(pat, value("SELECT contact_id FROM crm_opportunities WHERE opportunity_id = 'O6'"));
        RunSummary again = load("contacts", "contacts3.csv", "contact_id,company_id,first_name,last_name,email,phone,job_title\n"
                + mergedPat + ",CO3,Pat,Lee,,,Buyer\n");
        assertEquals(1, again.updated());
        assertEquals("Buyer", value("SELECT job_title FROM crm_contacts WHERE contact_id = ?", mergedPat));
        assertEquals(pat, mergedInto("crm_contacts", "contact_id", mergedPat), "the upsert does not clear merged_into");
        everyChildPointsAtASurvivor();

        // unmerge: the row's own children come back to it, the others stay; a later pass leaves it apart
        Set<String> own = new TreeSet<>();
        for (Map<String, Object> r : Sql.rows(warehouse, "SELECT child_table AS t, child_column AS c, old_value AS v"
                + " FROM caravan_merge_repoint WHERE object = 'contacts' AND merged_key = ?", mergedPat)) {
            own.add(r.get("t") + "." + r.get("c"));
            assertEquals(mergedPat, r.get("v"));
        }
        assertTrue(own.contains("crm_opportunities.contact_id"), String.valueOf(own));
        Unmerger.Result undone = dedup.unmerge("crm", "contacts", mergedPat);
        assertEquals(pat, undone.survivor());
        assertTrue(undone.childrenRestored() >= 2, String.valueOf(undone));
        assertNull(mergedInto("crm_contacts", "contact_id", mergedPat));
        assertEquals(mergedPat, value("SELECT contact_id FROM crm_opportunities WHERE opportunity_id = 'O6'"),
                "the later child named it: it gets it back");
        String original = mergedPat.equals("C3") ? "O2" : "O1";
        assertEquals(mergedPat, value("SELECT contact_id FROM crm_opportunities WHERE opportunity_id = ?", original));
        assertEquals(pat, value("SELECT contact_id FROM crm_opportunities WHERE opportunity_id = 'O3'"), "C1's stays");
        assertEquals(0, Sql.count(warehouse, "caravan_merge_repoint WHERE merged_key = '" + mergedPat + "'"));
        assertEquals(1, Sql.count(warehouse, "caravan_merge WHERE merged_key = '" + mergedPat + "' AND status = 'undone'"));
        DedupReport after = dedup.run("crm", "contacts", false, 10);
        assertEquals(0, after.merged(), "an unmerged row stays apart");
        assertNull(mergedInto("crm_contacts", "contact_id", mergedPat));
        assertEquals(7, Sql.count(warehouse, "crm_contacts"));
        assertEquals(6, Sql.count(warehouse, "crm_opportunities"));
        assertEquals(6, Sql.count(warehouse, "crm_activities"));
        assertThrows(Unmerger.NotMergedException.class, () -> dedup.unmerge("crm", "contacts", mergedPat));
    }

    private Object column(String col, String id) {
        return Sql.rows(warehouse, "SELECT " + col + " AS v FROM crm_contacts WHERE contact_id = ?", id).get(0).get("v");
    }

    private Map<String, String> fillsOf(String survivor) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Map<String, Object> r : Sql.rows(warehouse, "SELECT column_name AS c, from_key AS f FROM caravan_merge_fill"
                + " WHERE object = 'contacts' AND survivor_key = ?", survivor)) {
            out.put((String) r.get("c"), (String) r.get("f"));
        }
        return out;
    }

    @Test
    void survivorsEmptyColumnsTakeTheNewestValueOfTheirGroupAndGiveItBack() throws IOException {
        String header = "contact_id,first_name,last_name,email,phone,job_title,city\n";
        load("contacts", "fill1.csv", header + "C1,Pat,Lee,pat@example.com,,Buyer,Boston\n");
        load("contacts", "fill2.csv", header + "C2,Pat,Lee,PAT@example.com,(512) 867-5309,,Austin\n");
        assertEquals("C2", mergedInto("crm_contacts", "contact_id", "C1"), "C2 is the most recent");
        assertEquals("Buyer", column("job_title", "C2"), "the survivor's empty job title comes from C1");
        assertEquals(Map.of("job_title", "C1"), fillsOf("C2"));
        assertEquals("Buyer", column("job_title", "C1"), "the donor keeps its own value");

        // a newer row joins: it survives, the old survivor gives its filled value back, the new one fills from the newest donor
        load("contacts", "fill3.csv", header + "C3,Pat,Lee,pat@example.com,,Director,\n");
        assertEquals("C3", mergedInto("crm_contacts", "contact_id", "C2"));
        assertEquals("C3", mergedInto("crm_contacts", "contact_id", "C1"));
        assertNull(column("job_title", "C2"), "C2's fill is undone when it is merged itself");
        assertEquals(Map.of(), fillsOf("C2"));
        assertEquals("Director", column("job_title", "C3"), "a survivor's own value is never overwritten");
        assertEquals("Austin", column("city", "C3"), "from the most recent row with a city (C2), not C1's Boston");
        assertEquals("+15128675309", column("phone", "C3"));
        assertEquals(Map.of("city", "C2", "phone", "C2"), fillsOf("C3"));
        String phone = String.valueOf(column("phone", "C2"));

        // the survivor's unchanged record again: skipped, the fill stays
        RunSummary same = load("contacts", "fill4.csv", header + "C3,Pat,Lee,pat@example.com,,Director,\nC9,Al,Bo,al@example.com,,,\n");
        assertEquals(1, same.unchanged(), String.valueOf(same));
        assertEquals("Austin", column("city", "C3"));

        // the source writes the survivor's city, and empties nothing else: its own city wins, the phone is filled again
        load("contacts", "fill5.csv", header + "C3,Pat,Lee,pat@example.com,,Director,Dallas\n");
        assertEquals("Dallas", column("city", "C3"), "the source's own value replaces the fill");
        assertEquals(phone, String.valueOf(column("phone", "C3")), "the upsert emptied the filled phone; the pass refilled it");
        assertEquals(Map.of("phone", "C2"), fillsOf("C3"), "the city is the row's own now");

        // unmerging the donor takes its value back; no other row has a phone, so it stays empty
        Unmerger.Result undone = dedup.unmerge("crm", "contacts", "C2");
        assertEquals("C3", undone.survivor());
        assertNull(column("phone", "C3"));
        assertEquals(Map.of(), fillsOf("C3"));
        DedupReport again = dedup.run("crm", "contacts", false, 0);
        assertEquals(0, again.merged());
        assertNull(column("phone", "C3"), "the unmerged row is apart: it fills nothing");
        assertEquals("Director", column("job_title", "C3"));
        assertEquals("Dallas", column("city", "C3"));
    }

    @Test
    void aDryRunWritesNothingAndTenThousandSameEmailRowsAreOneGroup() throws IOException {
        StringBuilder csv = new StringBuilder("Lead ID,First Name,Last Name,Email Address,Submission Timestamp\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append("L").append(i).append(",Pat,Lee").append(i).append(',').append(i % 2 == 0 ? "Same@Example.com" : " same@example.COM")
                    .append(",2025-07-01T10:").append(String.format("%02d", i % 60)).append(":00Z\n");
        }
        Path file = dir.resolve("same.csv");
        Files.writeString(file, csv);
        RunSummary s = imports.run(new ImportRequest("leadconduit", "leads", file, "same.csv", "cli", false, 0, false),
                ImportProgress.NONE);
        assertEquals(10_000, s.inserted(), String.valueOf(s));
        assertEquals(9_999, Sql.count(warehouse, "leadconduit_leads WHERE merged_into IS NOT NULL"), "merged after the import");
        String survivor = value("SELECT lead_id FROM leadconduit_leads WHERE merged_into IS NULL");
        assertEquals(value("SELECT lead_id FROM leadconduit_leads ORDER BY submitted_at DESC, lead_id FETCH FIRST 1 ROWS ONLY"),
                survivor, "most_recent by submitted_at; among the latest, the smallest key");

        // as if dedup had been enabled after the rows arrived
        Sql.exec(warehouse, "UPDATE leadconduit_leads SET merged_into = NULL");
        Sql.exec(warehouse, "DELETE FROM caravan_merge");
        DedupReport dry = dedup.run("leadconduit", "leads", true, 3);
        assertTrue(dry.dryRun());
        assertEquals(1, dry.groups());
        assertEquals(10_000, dry.rowsInGroups());
        assertEquals(9_999, dry.pendingMerges());
        assertEquals(0, dry.merged());
        assertEquals(1L, dry.sizes().get("101+"));
        assertEquals(1, dry.shown().size());
        assertEquals(10_000, dry.shown().get(0).size());
        assertEquals(survivor, dry.shown().get(0).survivor());
        assertEquals("email", dry.shown().get(0).members().get(0).rule());
        assertEquals(0, Sql.count(warehouse, "leadconduit_leads WHERE merged_into IS NOT NULL"), "a dry run writes nothing");
        assertEquals(0, Sql.count(warehouse, "caravan_merge"));

        DedupReport done = dedup.run("leadconduit", "leads", false, 0);
        assertEquals(9_999, done.merged());
        assertEquals(9_999, Sql.count(warehouse, "leadconduit_leads WHERE merged_into = '" + survivor + "'"));
        assertEquals(10_000, Sql.count(warehouse, "leadconduit_leads"));
        DedupReport idle = dedup.run("leadconduit", "leads", false, 0);
        assertEquals(0, idle.pendingMerges(), "a second pass finds the group merged");
        assertEquals(9_999, idle.alreadyMerged());
        assertNotNull(idle.sizes());
    }

    @Test
    void hubSpotsOwnMergesAreRecordedAndItsKeptRecordSurvives() {
        // rows as the contacts sync and the merge webhook leave them: H1 is the contact HubSpot kept, listing H2 in
        // hs_merged_object_ids; the webhook recorded H3 into H1 and marked H3 deleted; H4 shares H1's e-mail and is
        // the most recently updated, but HubSpot's choice wins
        String insert = "INSERT INTO hubspot_contacts (hubspot_id, email, last_name, source_updated_at, merged_object_ids,"
                + " deleted_at, row_hash, first_run_id, last_run_id) VALUES (?, ?, ?, ?, ?, ?, 'h', 0, 0)";
        java.time.OffsetDateTime t = java.time.OffsetDateTime.parse("2025-07-01T10:00:00Z");
        exec(insert, "H1", "kim@example.com", "Kim", t, "H2;H9", null);
        exec(insert, "H2", "old@example.com", "Kim", t.minusDays(3), null, null);
        exec(insert, "H3", "kim.old@example.com", "Kim", t.minusDays(9), null, t);
        exec(insert, "H4", " KIM@example.com", "Kim", t.plusDays(1), null, null);
        exec("INSERT INTO hubspot_merges (object_type, merged_id, into_id) VALUES ('contacts', 'H3', 'H1')");
        exec("INSERT INTO hubspot_merges (object_type, merged_id, into_id) VALUES ('contacts', 'H7', 'H8')");

        DedupReport r = dedup.run("hubspot", "contacts", false, 5);
        assertEquals(3, r.merged(), String.valueOf(r));
        assertNull(mergedInto("hubspot_contacts", "hubspot_id", "H1"));
        for (String k : List.of("H2", "H3", "H4")) {
            assertEquals("H1", mergedInto("hubspot_contacts", "hubspot_id", k), k);
        }
        assertEquals("hubspot", value("SELECT rule FROM caravan_merge WHERE merged_key = 'H2'"));
        assertEquals("hubspot", value("SELECT rule FROM caravan_merge WHERE merged_key = 'H3'"));
        assertEquals("email", value("SELECT rule FROM caravan_merge WHERE merged_key = 'H4'"));
        assertEquals(0, Sql.count(warehouse, "caravan_merge WHERE merged_key IN ('H7', 'H9')"),
                "ids of rows the warehouse does not have are not merged");
    }

    @Test
    void restReportsMergesAndUnmergesWithClearStatusesAndRoles() throws IOException {
        given().get("/api/dedup/crm/contacts").then().statusCode(401);
        asViewer().post("/api/dedup/crm/contacts").then().statusCode(403);
        asViewer().delete("/api/dedup/crm/contacts/merges/C1").then().statusCode(403);
        asViewer().get("/api/dedup/crm/nothing").then().statusCode(404).body("error", containsString("unknown object"));
        asViewer().get("/api/dedup/crm/activities").then().statusCode(404).body("error", containsString("does not deduplicate"));
        asViewer().get("/api/dedup/crm/contacts?show=5000").then().statusCode(400);
        asOperator().delete("/api/dedup/crm/contacts/merges/C1").then().statusCode(409);
        firstFiles();
        duplicatingFiles();
        asViewer().get("/api/dedup/crm/contacts").then().statusCode(200).body("dryRun", equalTo(true))
                .body("groups", equalTo(3)).body("pendingMerges", equalTo(0)).body("alreadyMerged", equalTo(4));
        String merged = value("SELECT contact_id FROM crm_contacts WHERE merged_into IS NOT NULL ORDER BY contact_id"
                + " FETCH FIRST 1 ROWS ONLY");
        asOperator().delete("/api/dedup/crm/contacts/merges/" + merged).then().statusCode(200).body("key", equalTo(merged));
        assertNull(mergedInto("crm_contacts", "contact_id", merged));
        asOperator().post("/api/dedup/crm/contacts").then().statusCode(200).body("dryRun", equalTo(false))
                .body("merged", equalTo(0));
    }

    private void exec(String sql, Object... params) {
        try (var c = warehouse.dataSource().getConnection(); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
