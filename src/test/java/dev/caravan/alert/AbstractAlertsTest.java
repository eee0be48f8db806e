package dev.caravan.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.ImportRequest;
import dev.caravan.pipeline.ImportService;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.testing.AlertReceiver;
import dev.caravan.testing.LogCapture;
import dev.caravan.testing.Sql;
import dev.caravan.warehouse.Warehouse;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts sent to a real local HTTP receiver: one per condition until it clears, then a recovery;
 * retried when the receiver fails; never holding up or failing the run. On H2 and PostgreSQL.
 */
public abstract class AbstractAlertsTest {

    private static final String HEADER = "Lead ID,First Name,Last Name,Email Address,Phone Number\n";

    @Inject
    ImportService imports;

    @Inject
    AlertDelivery delivery;

    @Inject
    Warehouse warehouse;

    private Path dir;
    private int files;

    @BeforeEach
    void clean() throws Exception {
        Sql.reset(warehouse);
        AlertReceiver.reset();
        dir = Files.createDirectories(Path.of("target/test-files/alerts-" + getClass().getSimpleName()));
    }

    private RunSummary importText(String content) throws Exception {
        Path file = dir.resolve("leads-" + (++files) + ".csv");
        Files.writeString(file, content);
        return imports.run(new ImportRequest("leadconduit", "leads", file, file.getFileName().toString(), "cli", false, 100, false),
                ImportProgress.NONE);
    }

    private RunSummary failing() throws Exception {
        return importText("First Name,Email\nPat,pat" + files + "@example.com\n"); // no Lead ID column: the run fails
    }

    private RunSummary good() throws Exception {
        return importText(HEADER + "L" + files + ",Pat,Lee,pat" + files + "@example.com,(512) 867-1001\n");
    }

    private List<Map<String, Object>> outbox() {
        return Sql.rows(warehouse, "SELECT condition_key, event, attempts, delivered_at, failed_at, last_error"
                + " FROM caravan_alert_delivery ORDER BY id");
    }

    @Test
    void aFailedRunAlertsOnceUntilARunCompletesAndThenRecovers() throws Exception {
        RunSummary first = failing();
        assertEquals("failed", first.status());
        List<String> alerts = AlertReceiver.bodiesWith("leadconduit.leads failed");
        assertEquals(1, alerts.size(), AlertReceiver.bodies().toString());
        assertTrue(alerts.get(0).startsWith("{\"text\":"), "a Slack message: " + alerts.get(0));
        assertTrue(alerts.get(0).contains("Run " + first.runId()), alerts.get(0));

        failing();
        failing();
        assertEquals(1, AlertReceiver.bodiesWith("leadconduit.leads failed").size(), "the condition is still open: no repeat");
        assertEquals(3L, Sql.rows(warehouse, "SELECT times_seen FROM caravan_alert WHERE condition_key = 'run_failed:leadconduit.leads'")
                .get(0).get("times_seen"));

        RunSummary ok = good();
        assertEquals("completed", ok.status());
        List<String> recovered = AlertReceiver.bodiesWith("leadconduit.leads runs again");
        assertEquals(1, recovered.size(), AlertReceiver.bodies().toString());
        assertNotNull(Sql.rows(warehouse, "SELECT cleared_at FROM caravan_alert WHERE condition_key = 'run_failed:leadconduit.leads'")
                .get(0).get("cleared_at"));
        good();
        assertEquals(1, AlertReceiver.bodiesWith("runs again").size(), "a recovery is sent once");

        failing();
        assertEquals(2, AlertReceiver.bodiesWith("leadconduit.leads failed").size(), "a new failure after the recovery alerts again");
    }

    @Test
    void aReceiverThatFailsIsRetriedWithBackOffAndTheRunIsNotAffected() throws Exception {
        AlertReceiver.failNext(2);
        try (LogCapture logs = LogCapture.of(AlertDelivery.class)) {
            RunSummary run = failing();
            assertEquals("failed", run.status(), "the run's own status, whatever the delivery did");
            assertTrue(AlertReceiver.bodiesWith("failed").isEmpty());
            Map<String, Object> pending = outbox().get(0);
            assertEquals(1L, pending.get("attempts"));
            assertNull(pending.get("delivered_at"));
            assertTrue(String.valueOf(pending.get("last_error")).contains("500"), String.valueOf(pending.get("last_error")));

            assertEquals(0, delivery.deliverDue(), "not due yet: the first retry waits CARAVAN_ALERT_RETRY_DELAY");
            Sql.exec(warehouse, "UPDATE caravan_alert_delivery SET next_attempt_at = CURRENT_TIMESTAMP - INTERVAL '1' MINUTE");
            assertEquals(0, delivery.deliverDue(), "the second answer is a 500 too");
            Sql.exec(warehouse, "UPDATE caravan_alert_delivery SET next_attempt_at = CURRENT_TIMESTAMP - INTERVAL '1' MINUTE");
            assertEquals(1, delivery.deliverDue());
            assertEquals(1, AlertReceiver.bodiesWith("leadconduit.leads failed").size());
            assertEquals(3L, outbox().get(0).get("attempts"));
            assertNotNull(outbox().get(0).get("delivered_at"));
            assertEquals(0, delivery.deliverDue(), "delivered once");
            for (String m : logs.messages()) {
                assertFalse(m.contains(AlertReceiver.SECRET_PATH) || m.contains("127.0.0.1:"), "the webhook URL is a secret: " + m);
            }
        }
    }

    @Test
    void aReceiverThatNeverAnswersIsGivenUpAfterItsAttemptsAndNoRunWaitsLongerThanTheTimeout() throws Exception {
        AlertReceiver.failNext(100);
        RunSummary run = failing();
        for (int i = 0; i < 4; i++) {
            Sql.exec(warehouse, "UPDATE caravan_alert_delivery SET next_attempt_at = CURRENT_TIMESTAMP - INTERVAL '1' MINUTE");
            delivery.deliverDue();
        }
        Map<String, Object> given = outbox().get(0);
        assertEquals(3L, given.get("attempts"), "CARAVAN_ALERT_MAX_ATTEMPTS=3 in this profile");
        assertNotNull(given.get("failed_at"));
        assertNull(given.get("delivered_at"));
        assertEquals("failed", run.status());

        AlertReceiver.failNext(0);
        AlertReceiver.stallNext(6_000);
        long started = System.nanoTime();
        RunSummary ok = good();
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertEquals("completed", ok.status());
        assertTrue(ms < 5_500, "CARAVAN_ALERT_TIMEOUT=2s bounds the wait on a stalled receiver: " + ms + " ms");
        assertEquals(1L, Sql.count(warehouse, "leadconduit_leads"));
    }

    @Test
    void aFileThatReadsNoRowsIsAnEmptyExtraction() throws Exception {
        RunSummary empty = importText(HEADER);
        assertEquals("completed", empty.status());
        assertEquals(1, AlertReceiver.bodiesWith("read no rows").size(), AlertReceiver.bodies().toString());
        good();
        assertEquals(1, AlertReceiver.bodiesWith("has rows again").size(), AlertReceiver.bodies().toString());
    }

    @Test
    void aRunFarSlowerThanItsRecentMedianIsASlowRun() throws Exception {
        for (int i = 0; i < 3; i++) {
            Sql.exec(warehouse, "INSERT INTO caravan_run (source, object, triggered_by, status, file_name, started_at, finished_at)"
                    + " VALUES ('leadconduit', 'leads', 'cli', 'completed', 'old.csv', CURRENT_TIMESTAMP - INTERVAL '1' HOUR,"
                    + " CURRENT_TIMESTAMP - INTERVAL '1' HOUR)");
        }
        RunSummary slow = good();
        assertEquals("completed", slow.status());
        List<String> alerts = AlertReceiver.bodiesWith("the median");
        assertEquals(1, alerts.size(), AlertReceiver.bodies().toString());
        assertTrue(alerts.get(0).contains("Run " + slow.runId() + " of leadconduit.leads took"), alerts.get(0));
    }

    @Test
    void aQualityCheckThatFailsAfterARunAlertsAndItsRecoveryFollows() throws Exception {
        Sql.exec(warehouse, "INSERT INTO crm_companies (company_id, company_name, row_hash, first_run_id, last_run_id)"
                + " VALUES ('C1', 'Acme', 'h', 1, 1)");
        contacts("P1", "P2", "P3", "P4");
        assertTrue(AlertReceiver.bodiesWith("crm.contacts").isEmpty(), AlertReceiver.bodies().toString());
        Sql.exec(warehouse, "UPDATE crm_contacts SET deleted_at = CURRENT_TIMESTAMP");
        contacts("P5");
        List<String> alerts = AlertReceiver.bodiesWith("Quality check row_count of crm.contacts failed");
        assertEquals(1, alerts.size(), AlertReceiver.bodies().toString());
        assertTrue(alerts.get(0).contains("75.0 % fewer"), alerts.get(0));
        contacts("P6", "P7", "P8");
        assertEquals(1, AlertReceiver.bodiesWith("Quality check row_count of crm.contacts passes again").size(),
                AlertReceiver.bodies().toString());
        assertTrue(AlertReceiver.bodies().stream().noneMatch(b -> b.contains("email_valid")), "warnings are not alerted");
    }

    private void contacts(String... ids) throws Exception {
        StringBuilder csv = new StringBuilder("Contact ID,Company ID,First Name,Last Name,Email\n");
        for (String id : ids) {
            csv.append(id).append(",C1,Ann,Lee").append(id).append(",").append(id).append("@acme.com\n"); // distinct people: dedup merges none
        }
        Path file = dir.resolve("contacts-" + (++files) + ".csv");
        Files.writeString(file, csv);
        RunSummary run = imports.run(new ImportRequest("crm", "contacts", file, file.getFileName().toString(), "cli", false, 100, false),
                ImportProgress.NONE);
        assertEquals("completed", run.status(), String.valueOf(run));
    }
}
