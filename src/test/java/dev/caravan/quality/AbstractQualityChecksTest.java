package dev.caravan.quality;

import static dev.caravan.testing.ApiAuth.asOperator;
import static dev.caravan.testing.ApiAuth.asViewer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.ImportRequest;
import dev.caravan.pipeline.ImportService;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.run.RunFinished;
import dev.caravan.testing.Sql;
import dev.caravan.warehouse.Warehouse;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of check against planted rows in real tables, failing and then passing once the data
 * is fixed; the results stored, exported, alerted and served over REST. Runs on H2 and PostgreSQL.
 */
public abstract class AbstractQualityChecksTest {

    @Inject
    QualityRunner runner;

    @Inject
    QualityStore store;

    @Inject
    DefinitionRegistry definitions;

    @Inject
    ImportService imports;

    @Inject
    Warehouse warehouse;

    @Inject
    jakarta.enterprise.event.Event<RunFinished> finished;

    @BeforeEach
    void plant() {
        Sql.reset(warehouse);
        Sql.exec(warehouse, "DELETE FROM caravan_raw_record");
        exec("INSERT INTO crm_companies (company_id, company_name, row_hash, first_run_id, last_run_id) VALUES"
                + " ('C1', 'Acme', 'h', 1, 1), ('C2', 'Globex', 'h', 1, 1)");
        exec("INSERT INTO crm_contacts (contact_id, company_id, first_name, last_name, email, row_hash, first_run_id, last_run_id)"
                + " VALUES ('P1', 'C1', 'Ann', 'Lee', 'ann@acme.com', 'h', 1, 1), ('P2', 'C1', 'Bob', 'Ray', 'bob@acme.com', 'h', 1, 1),"
                + " ('P3', 'C2', 'Cy', 'Fox', 'cy at globex', 'h', 1, 1), ('P4', 'C2', 'Di', 'Orr', NULL, 'h', 1, 1)");
        exec("INSERT INTO crm_opportunities (opportunity_id, company_id, contact_id, opportunity_name, amount, stage, close_date,"
                + " row_hash, first_run_id, last_run_id) VALUES"
                + " ('O1', 'C1', 'P1', 'Roof', 1200.00, 'Closed Won', DATE '2026-11-01', 'h', 1, 1),"
                + " ('O2', 'C1', 'P2', 'Siding', -5.00, 'proposal', NULL, 'h', 1, 1),"
                + " ('O3', 'C2', 'P3', 'Roof', NULL, 'abandoned', DATE '2026-11-03', 'h', 1, 1),"
                + " ('O4', 'C2', NULL, 'Windows', 800.00, 'negotiation', DATE '2026-11-04', 'h', 1, 1)");
        exec("UPDATE crm_companies SET deleted_at = CURRENT_TIMESTAMP WHERE company_id = 'C2'");
    }

    private void exec(String sql) {
        Sql.exec(warehouse, sql);
    }

    private ObjectDefinition opportunities() throws Exception {
        return QualityDefinitionsTest.definition("crm/opportunities.yaml", """
                  disabled: [orphans_contact_id]
                  checks:
                    - {name: range, check: row_count, min: 1, max: 3}
                    - {check: not_null, column: close_date}
                    - {check: freshness, column: updated_at, max_age: 1h}
                    - {check: duplicates, column: opportunity_name, severity: warn}
                """);
    }

    private static Map<String, QualityResult> byCheck(List<QualityResult> results) {
        return results.stream().collect(Collectors.toMap(QualityResult::check, r -> r));
    }

    @Test
    void eachKindFailsOnPlantedRowsAndPassesOnceTheyAreFixed() throws Exception {
        Map<String, QualityResult> r = byCheck(runner.evaluate(opportunities(), null));
        assertEquals("fail", r.get("range").status(), r.get("range").message());
        assertEquals(4.0, r.get("range").observed());
        assertEquals("fail", r.get("not_null_close_date").status());
        assertEquals(List.of("O2"), r.get("not_null_close_date").sampleKeys());
        assertEquals("pass", r.get("not_null").status(), "key and required columns are all there");
        assertEquals("warn", r.get("non_negative").status());
        assertEquals(List.of("O2"), r.get("non_negative").sampleKeys());
        assertEquals("warn", r.get("amount_present").status(), "1 of 4 without an amount is over 10 %");
        assertEquals(0.25, r.get("amount_present").observed(), 1e-9);
        assertEquals("warn", r.get("allowed_values_stage").status(), "'Closed Won' matches in any case; 'abandoned' does not");
        assertEquals(List.of("O3"), r.get("allowed_values_stage").sampleKeys());
        assertEquals("warn", r.get("orphans_company_id").status(), "C2 is marked deleted");
        assertEquals(List.of("O3", "O4"), r.get("orphans_company_id").sampleKeys());
        assertEquals("pass", r.get("freshness_updated_at").status(), r.get("freshness_updated_at").message());
        assertEquals("warn", r.get("duplicates_opportunity_name").status());
        assertEquals(1.0, r.get("duplicates_opportunity_name").observed());
        assertEquals(List.of("O1"), r.get("duplicates_opportunity_name").sampleKeys());

        exec("UPDATE crm_opportunities SET close_date = DATE '2026-12-01', amount = 5.00, opportunity_name = 'Gutters',"
                + " stage = 'closed lost', updated_at = CURRENT_TIMESTAMP - INTERVAL '3' DAY WHERE opportunity_id IN ('O2', 'O3')");
        exec("UPDATE crm_opportunities SET deleted_at = CURRENT_TIMESTAMP WHERE opportunity_id = 'O3'");
        exec("UPDATE crm_companies SET deleted_at = NULL WHERE company_id = 'C2'");
        exec("UPDATE crm_opportunities SET updated_at = CURRENT_TIMESTAMP - INTERVAL '3' DAY");
        r = byCheck(runner.evaluate(opportunities(), null));
        for (String check : List.of("range", "not_null_close_date", "non_negative", "amount_present", "allowed_values_stage",
                "orphans_company_id", "duplicates_opportunity_name")) {
            assertEquals("pass", r.get(check).status(), check + ": " + r.get(check).message());
            assertTrue(r.get(check).sampleKeys().isEmpty(), check);
        }
        assertEquals(3.0, r.get("range").observed(), "the deleted row is not live");
        QualityResult stale = r.get("freshness_updated_at");
        assertEquals("fail", stale.status(), stale.message());
        assertTrue(stale.observed() >= 71.9 && stale.observed() <= 72.1, "hours: " + stale.observed());
    }

    @Test
    void aRowCountThatDropsByMoreThanHalfSinceThePreviousCheckFails() throws Exception {
        ObjectDefinition d = definitions.find("crm", "opportunities").orElseThrow();
        assertEquals("pass", byCheck(runner.evaluate(d, null)).get("row_count").status());
        exec("UPDATE crm_opportunities SET deleted_at = CURRENT_TIMESTAMP WHERE opportunity_id <> 'O1'");
        QualityResult dropped = byCheck(runner.evaluate(d, null)).get("row_count");
        assertEquals("fail", dropped.status(), dropped.message());
        assertTrue(dropped.message().contains("75.0 % fewer"), dropped.message());
        exec("UPDATE crm_opportunities SET deleted_at = CURRENT_TIMESTAMP");
        QualityResult empty = byCheck(runner.evaluate(d, null)).get("row_count");
        assertEquals("fail", empty.status());
        assertEquals(0.0, empty.observed());
    }

    @Test
    void emailValidityIsARateOverTheAddressesPresent() throws Exception {
        ObjectDefinition d = definitions.find("crm", "contacts").orElseThrow();
        QualityResult r = byCheck(runner.evaluate(d, null)).get("email_valid_email");
        assertEquals("warn", r.status(), r.message());
        assertEquals(2.0 / 3, r.observed(), 1e-9);
        assertEquals(List.of("P3"), r.sampleKeys());
        exec("UPDATE crm_contacts SET email = 'cy@globex.com' WHERE contact_id = 'P3'");
        assertEquals("pass", byCheck(runner.evaluate(d, null)).get("email_valid_email").status());
    }

    @Test
    void anApiRecordFetchedTwiceInOneRunIsADuplicateInTheRawLayer() throws Exception {
        ObjectDefinition d = definitions.find("hubspot", "contacts").orElseThrow();
        exec("INSERT INTO caravan_raw_record (system, object, record_id, source_updated_at, run_id, payload) VALUES"
                + " ('hubspot', 'contacts', '101', TIMESTAMP WITH TIME ZONE '2026-11-01 10:00:00+00', 77, '{}'),"
                + " ('hubspot', 'contacts', '101', TIMESTAMP WITH TIME ZONE '2026-11-01 11:00:00+00', 77, '{}'),"
                + " ('hubspot', 'contacts', '102', TIMESTAMP WITH TIME ZONE '2026-11-01 10:00:00+00', 77, '{}'),"
                + " ('hubspot', 'contacts', '102', TIMESTAMP WITH TIME ZONE '2026-11-02 10:00:00+00', 78, '{}')");
        QualityResult twice = byCheck(runner.evaluate(d, 77L)).get("duplicates");
        assertEquals("warn", twice.status(), twice.message());
        assertEquals(1.0, twice.observed());
        assertEquals(List.of("101"), twice.sampleKeys());
        assertEquals("pass", byCheck(runner.evaluate(d, 78L)).get("duplicates").status());
    }

    @Test
    void resultsAreStoredExportedAndAFailedCheckOpensOneAlertUntilItPasses() throws Exception {
        runner.evaluate(opportunities(), 501L);
        List<QualityResult> stored = store.ofRun(501L);
        assertEquals(10, stored.size(), stored.toString());
        QualityResult notNull = stored.stream().filter(x -> x.check().equals("not_null_close_date")).findFirst().orElseThrow();
        assertEquals("fail", notNull.status());
        assertEquals("≤ 0", notNull.threshold());
        assertNotNull(notNull.checkedAt());
        assertTrue(notNull.durationMs() >= 0);

        String key = "check:crm.opportunities:not_null_close_date";
        runner.evaluate(opportunities(), 502L);
        List<Map<String, Object>> alert = Sql.rows(warehouse, "SELECT times_seen, cleared_at FROM caravan_alert WHERE condition_key = ?", key);
        assertEquals(1, alert.size());
        assertEquals(2L, alert.get(0).get("times_seen"), "the second failure is the same open alert");
        assertNull(alert.get(0).get("cleared_at"));

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("caravan_quality_status{check=\"not_null_close_date\",object=\"opportunities\",system=\"crm\"} 2.0"));

        exec("UPDATE crm_opportunities SET close_date = DATE '2026-12-01'");
        runner.evaluate(opportunities(), 503L);
        assertNotNull(Sql.rows(warehouse, "SELECT cleared_at FROM caravan_alert WHERE condition_key = ?", key).get(0).get("cleared_at"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("caravan_quality_status{check=\"not_null_close_date\",object=\"opportunities\",system=\"crm\"} 0.0"));
    }

    @Test
    void everyRunThatWritesIsCheckedAfterwards() throws Exception {
        Path file = Files.createDirectories(Path.of("target/test-files/quality")).resolve("companies-" + getClass().getSimpleName() + ".csv");
        Files.writeString(file, "Company ID,Company Name,Employees\nC3,Initech,-40\nC4,Hooli,12\n");
        RunSummary run = imports.run(new ImportRequest("crm", "companies", file, "companies.csv", "cli", false, 100, false),
                ImportProgress.NONE);
        assertEquals("completed", run.status(), String.valueOf(run));
        Map<String, QualityResult> r = byCheck(store.ofRun(run.runId()));
        assertEquals("pass", r.get("row_count").status());
        assertEquals("warn", r.get("non_negative").status());
        assertEquals(List.of("C3"), r.get("non_negative").sampleKeys());

        RunSummary dry = imports.run(new ImportRequest("crm", "companies", file, "companies.csv", "cli", true, 100, true),
                ImportProgress.NONE);
        assertTrue(store.ofRun(dry.runId()).isEmpty(), "a dry run writes nothing, so nothing is checked");
    }

    @Test
    void webhookRunsCheckTheirObjectAtMostOncePerInterval() throws Exception {
        ObjectDefinition d = definitions.find("crm", "opportunities").orElseThrow();
        List<Long> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            exec("INSERT INTO caravan_run (source, object, triggered_by, status) VALUES ('crm', 'opportunities', 'webhook', 'completed')");
            runs.add((Long) Sql.rows(warehouse, "SELECT MAX(id) AS id FROM caravan_run").get(0).get("id"));
        }
        exec("INSERT INTO caravan_run (source, object, triggered_by, status) VALUES ('crm', 'opportunities', 'cli', 'completed')");
        long cli = (Long) Sql.rows(warehouse, "SELECT MAX(id) AS id FROM caravan_run").get(0).get("id");
        dev.caravan.warehouse.RunCounts counts = new dev.caravan.warehouse.RunCounts();
        counts.inserted = 1;
        for (long run : runs) {
            finished.fire(new RunFinished(d, run, "completed", false, counts, null));
        }
        finished.fire(new RunFinished(d, cli, "completed", false, counts, null));
        assertFalse(store.ofRun(runs.get(0)).isEmpty(), "the first webhook run is checked");
        assertTrue(store.ofRun(runs.get(1)).isEmpty() && store.ofRun(runs.get(2)).isEmpty(),
                "the next ones within CARAVAN_QUALITY_WEBHOOK_INTERVAL are not");
        assertFalse(store.ofRun(cli).isEmpty(), "other runs always are");
    }

    @Test
    void restServesTheLatestResultsToViewersAndRunsChecksForOperators() throws Exception {
        given().get("/api/quality").then().statusCode(401);
        asViewer().post("/api/quality/run?system=crm&object=opportunities").then().statusCode(403);
        asViewer().get("/api/quality?system=nope").then().statusCode(404).body("error", containsString("unknown system 'nope'"));
        asViewer().get("/api/quality?system=crm&object=%3Cscript%3E").then().statusCode(404);
        asOperator().post("/api/quality/run?system=crm&object=opportunities").then().statusCode(200)
                .body("checks", greaterThan(3)).body("failed", greaterThan(-1));
        asViewer().get("/api/quality?system=crm&object=opportunities").then().statusCode(200)
                .body("results.find { it.check == 'allowed_values_stage' }.status", org.hamcrest.Matchers.equalTo("warn"))
                .body("results.find { it.check == 'allowed_values_stage' }.sampleKeys[0]", org.hamcrest.Matchers.equalTo("O3"));
        asViewer().get("/api/alerts").then().statusCode(200);
        assertFalse(store.latest("crm", "opportunities").isEmpty());
    }
}
