package dev.caravan.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.hubspot.FakeHubSpot;
import dev.caravan.testing.hubspot.FakeRecord;
import dev.caravan.testing.hubspot.HubSpotObjectType;
import dev.caravan.testing.hubspot.RequestRecord;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged service receiving signed HubSpot deliveries into a real PostgreSQL warehouse, stopped
 * while the events it acknowledged are still being processed, then started again. SIGKILL: the dead
 * process's claim is taken over once its lease (3 s here) ends and its run is closed as abandoned.
 * SIGTERM: the process exits within its grace and gives its claimed events back. Either way every
 * acknowledged event is stored once and processed once, and every contact it names lands once.
 */
class WebhookKillIT {

    static final int CONTACTS = 300;
    static final int DELIVERIES = 30;
    static final int PER_DELIVERY = 10;

    FakeHubSpot hubspot;
    WebhookServices services;
    List<String> contactIds;
    final List<WebhookServices.Service> started = new ArrayList<>();

    @BeforeEach
    void start() {
        hubspot = FakeHubSpot.start(23L).privateAppToken(WebhookServices.TOKEN);
        hubspot.seedAll(0);
        hubspot.seed(HubSpotObjectType.COMPANIES, 20);
        contactIds = hubspot.seed(HubSpotObjectType.CONTACTS, CONTACTS).stream().map(FakeRecord::idString).toList();
        hubspot.data().seedAssociations();
        // every answer of HubSpot takes a while: processing is still under way when the service is stopped
        hubspot.faults().slowAll(Duration.ofMillis(250));
        services = new WebhookServices("caravan_whkill", hubspot.baseUrl());
    }

    @AfterEach
    void stop() throws Exception {
        for (WebhookServices.Service s : started) {
            s.process().close();
        }
        hubspot.close();
    }

    Map<String, String> env(String batchSize) {
        Map<String, String> env = new HashMap<>();
        env.put("CARAVAN_WEBHOOK_CLAIM_LEASE", "3s");
        env.put("CARAVAN_WEBHOOK_CLAIM_BATCH", "20");
        env.put("CARAVAN_WEBHOOK_POLL", "500ms");
        env.put("BATCH_SIZE", batchSize);
        return env;
    }

    WebhookServices.Service service(String name, String batchSize) throws Exception {
        WebhookServices.Service s = services.start(name, env(batchSize));
        started.add(s);
        return s.awaitReady();
    }

    /** 30 signed deliveries of 10 contact.propertyChange events, each naming 10 contacts of its own; returns the event ids acknowledged. */
    Set<String> deliverAll(WebhookServices.Service to) {
        Set<String> acked = new TreeSet<>();
        for (int d = 0; d < DELIVERIES; d++) {
            String[] ids = contactIds.subList(d * PER_DELIVERY, (d + 1) * PER_DELIVERY).toArray(String[]::new);
            String body = Deliveries.hubspotEvents("contact.propertyChange", 10_000 + (long) d * PER_DELIVERY, ids);
            HttpResponse<String> r = to.deliver(body);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(PER_DELIVERY, WebhookServices.storedAndDuplicates(r.body())[0], r.body());
            acked.addAll(WebhookServices.eventIds(body));
        }
        assertEquals(CONTACTS, acked.size());
        return acked;
    }

    /** Waits until a webhook run is under way with events claimed, after some events were processed already. */
    void awaitMidProcessing(WebhookServices.Service s) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (services.count("SELECT COUNT(*) FROM caravan_webhook_event WHERE status = 'processed'") == 0
                || services.count("SELECT COUNT(*) FROM caravan_webhook_event WHERE status = 'processing'") == 0
                || services.count("SELECT COUNT(*) FROM caravan_run WHERE status = 'running' AND triggered_by = 'webhook'") == 0) {
            assertTrue(s.process().isAlive(), "the service ended: " + s.process().log());
            assertTrue(System.currentTimeMillis() < deadline, "never mid-processing: " + summary());
            assertNotEquals(CONTACTS, services.count("SELECT COUNT(*) FROM caravan_webhook_event WHERE status = 'processed'"),
                    "everything was processed before the service could be stopped");
            Thread.sleep(20);
        }
    }

    void awaitDrained(WebhookServices.Service s) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (services.count("SELECT COUNT(*) FROM caravan_webhook_event WHERE status IN ('pending', 'processing')") > 0
                || services.count("SELECT COUNT(*) FROM caravan_run WHERE status = 'running'") > 0) {
            assertTrue(s.process().isAlive(), "the service ended: " + s.process().log());
            assertTrue(System.currentTimeMillis() < deadline, "not drained: " + summary());
            Thread.sleep(200);
        }
    }

    String summary() {
        return services.rows("SELECT status, COUNT(*) AS n FROM caravan_webhook_event GROUP BY status") + " runs "
                + services.rows("SELECT status, COUNT(*) AS n FROM caravan_run GROUP BY status");
    }

    @Test
    void killedMidProcessingItsClaimIsTakenOverAndEveryEventIsProcessedOnce() throws Exception {
        WebhookServices.Service first = service("kill-1", "1000");
        Set<String> acked = deliverAll(first);
        awaitMidProcessing(first);
        awaitBatchReadInFlight(first, 0);
        first.process().kill();

        Set<String> inFlight = new HashSet<>(services.strings("SELECT object_id FROM caravan_webhook_event WHERE status = 'processing'"));
        long unprocessed = services.count("SELECT COUNT(*) FROM caravan_webhook_event WHERE status IN ('pending', 'processing')");
        assertFalse(inFlight.isEmpty(), "events were claimed when the process died");
        assertTrue(unprocessed > 0 && unprocessed < CONTACTS, "killed with events acknowledged but not processed: " + summary());
        assertEquals(1, services.count("SELECT COUNT(*) FROM caravan_run WHERE status = 'running'"), "its run is left running");

        // what the dead process read (or was answered while it died) may be read again: nothing else
        Set<String> readNotLanded = readButNotProcessed();
        readNotLanded.addAll(inFlight);

        WebhookServices.Service second = service("kill-2", "1000");
        awaitDrained(second);

        assertEverythingOnce(acked, readNotLanded);
        assertEquals(1, services.count("SELECT COUNT(*) FROM caravan_run WHERE status = 'failed' AND error LIKE 'abandoned:%'"
                + " AND host LIKE '%:" + first.process().pid() + "'"), "the killed process's run is closed as abandoned: " + summary());
        assertEquals(1, services.count("SELECT COUNT(*) FROM caravan_run WHERE status = 'failed'"), "no other run failed: " + summary());
        assertEquals(0, services.count("SELECT COUNT(*) FROM caravan_webhook_event e JOIN caravan_run r ON r.id = e.run_id"
                + " WHERE e.object_id IN (" + WebhookServices.quoted(inFlight) + ") AND r.host NOT LIKE '%:" + second.process().pid() + "'"),
                "the events claimed by the dead process were processed by the one that took its claim over");
        assertNoSecretInLogs();
    }

    @Test
    void stoppedBySigtermItGivesItsClaimBackAndTheNextStartProcessesEveryEventOnce() throws Exception {
        // batches of 5 records: the run of a claim (20 events) has batch boundaries to stop at
        WebhookServices.Service first = service("term-1", "5");
        Set<String> acked = deliverAll(first);
        awaitMidProcessing(first);
        // SIGTERM while a run waits for HubSpot's answer to its batch read (made slow enough to be sure of it)
        hubspot.faults().slowAll(Duration.ofMillis(1_500));
        awaitBatchReadInFlight(first, hubspot.count(FakeHubSpot.batchRead(HubSpotObjectType.CONTACTS)));
        Set<String> claimedAtSigterm = new HashSet<>(services.strings(
                "SELECT object_id FROM caravan_webhook_event WHERE status = 'processing'"));
        assertFalse(claimedAtSigterm.isEmpty(), summary());
        long t0 = System.nanoTime();
        int exit = first.process().terminate(60);
        long took = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        hubspot.faults().slowAll(Duration.ofMillis(250));
        assertNotEquals(-1, exit, "exits within its grace: " + first.process().log());
        assertTrue(took < 30_000, "exited in " + took + " ms");

        assertEquals(0, services.count("SELECT COUNT(*) FROM caravan_webhook_event WHERE status = 'processing'"),
                "no event is left claimed: " + summary());
        assertEquals(0, services.count("SELECT COUNT(*) FROM caravan_webhook_event WHERE status = 'failed'"), "none failed");
        assertEquals(claimedAtSigterm.size(), services.count("SELECT COUNT(*) FROM caravan_webhook_event WHERE status = 'pending'"
                + " AND object_id IN (" + WebhookServices.quoted(claimedAtSigterm) + ")"), "the claim in flight is given back: " + summary());
        long pending = services.count("SELECT COUNT(*) FROM caravan_webhook_event WHERE status = 'pending'");
        assertEquals(CONTACTS, pending + services.count("SELECT COUNT(*) FROM caravan_webhook_event WHERE status = 'processed'"));
        assertEquals(0, services.count("SELECT COUNT(*) FROM caravan_webhook_event WHERE status = 'pending'"
                + " AND (attempts <> 0 OR claimed_by IS NOT NULL OR claim_until IS NOT NULL OR error IS NOT NULL)"),
                "events given back are pending as if never claimed (the attempt is not counted): "
                        + services.rows("SELECT id, attempts, claimed_by, error FROM caravan_webhook_event WHERE status = 'pending'"
                                + " AND (attempts <> 0 OR error IS NOT NULL)"));
        assertEquals(0, services.count("SELECT COUNT(*) FROM caravan_run WHERE status IN ('running', 'failed')"),
                "none left running, none failed: " + summary());
        assertEquals(1, services.count("SELECT COUNT(*) FROM caravan_run WHERE status = 'interrupted'"),
                "the run in flight stopped at a batch boundary: " + summary());
        assertTrue(first.process().log().contains("to stop after their batch in flight"), "the run was asked to stop: "
                + first.process().log());
        Set<String> readNotLanded = readButNotProcessed();
        assertTrue(claimedAtSigterm.containsAll(readNotLanded), "only the claim in flight was read and not landed: " + readNotLanded);

        WebhookServices.Service second = service("term-2", "5");
        awaitDrained(second);
        assertEverythingOnce(acked, readNotLanded);
        assertEquals(0, services.count("SELECT COUNT(*) FROM caravan_run WHERE status = 'failed'"), summary());
        assertNoSecretInLogs();
    }

    /** Waits until the fake has received a batch read of contacts (after the first {@code before}) it has not answered yet. */
    void awaitBatchReadInFlight(WebhookServices.Service s, long before) throws InterruptedException {
        String endpoint = FakeHubSpot.batchRead(HubSpotObjectType.CONTACTS);
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            long arrived = hubspot.count(endpoint);
            long answered = hubspot.requests().stream().filter(q -> q.endpoint().equals(endpoint)).count();
            if (arrived > before && arrived > answered) {
                return;
            }
            assertTrue(s.process().isAlive(), "the service ended: " + s.process().log());
            assertTrue(System.currentTimeMillis() < deadline, "no batch read in flight: " + summary());
            Thread.sleep(10);
        }
    }

    /** The contacts the stopped process read from HubSpot whose events it did not mark processed. */
    Set<String> readButNotProcessed() {
        Set<String> read = new TreeSet<>(reads().keySet());
        read.removeAll(services.strings("SELECT object_id FROM caravan_webhook_event WHERE status = 'processed'"));
        return read;
    }

    /** How many times each contact was read by id (answers 200 of the batch-read endpoint). */
    Map<String, Integer> reads() {
        Map<String, Integer> reads = new HashMap<>();
        for (RequestRecord q : hubspot.requests()) {
            if (q.endpoint().equals(FakeHubSpot.batchRead(HubSpotObjectType.CONTACTS)) && q.status() == 200) {
                WebhookServices.batchReadIds(q.body()).forEach(id -> reads.merge(id, 1, Integer::sum));
            }
        }
        return reads;
    }

    /**
     * Every acknowledged event stored once and processed in a webhook run; every contact named landed
     * once, inserted by the very run that marked its event processed, and no contact read from HubSpot
     * more than once except those the stopped process read and did not land ({@code cutShort}).
     */
    void assertEverythingOnce(Set<String> acked, Set<String> cutShort) {
        assertEquals(new TreeSet<>(acked), new TreeSet<>(services.strings("SELECT event_id FROM caravan_webhook_event")),
                "every acknowledged event stored, and nothing else");
        assertEquals(CONTACTS, services.count("SELECT COUNT(*) FROM caravan_webhook_event"), "stored once");
        assertEquals(CONTACTS, services.count("SELECT COUNT(*) FROM caravan_webhook_event WHERE status = 'processed'"), summary());
        assertEquals(0, services.count("SELECT COUNT(*) FROM caravan_webhook_event e LEFT JOIN caravan_run r ON r.id = e.run_id"
                + " WHERE r.id IS NULL OR r.triggered_by <> 'webhook'"), "each event processed by a webhook run");
        assertEquals(0, services.count("SELECT COUNT(*) FROM caravan_run WHERE status = 'running'"), "no run left running");

        assertEquals(CONTACTS, services.count("SELECT COUNT(*) FROM hubspot_contacts"), "every contact landed");
        assertEquals(CONTACTS, services.count("SELECT COUNT(DISTINCT hubspot_id) FROM hubspot_contacts"), "once");
        assertEquals(new TreeSet<>(contactIds), new TreeSet<>(services.strings("SELECT hubspot_id FROM hubspot_contacts")));
        assertEquals(0, services.count("SELECT COUNT(*) FROM hubspot_contacts c JOIN caravan_webhook_event e ON e.object_id = c.hubspot_id"
                + " WHERE c.first_run_id <> e.run_id OR c.last_run_id <> e.run_id"),
                "each contact written by the run that marked its event processed, by no other");
        assertEquals(0, services.count("SELECT COALESCE(SUM(rows_updated + rows_unchanged), 0) FROM caravan_run WHERE status = 'completed'"),
                "no completed run wrote a contact again");

        Map<String, Integer> reads = reads();
        assertEquals(new TreeSet<>(contactIds), new TreeSet<>(reads.keySet()), "every contact read by id");
        Set<String> readAgain = new TreeSet<>();
        reads.forEach((id, n) -> {
            if (n > 1) {
                readAgain.add(id);
            }
        });
        assertTrue(cutShort.containsAll(readAgain), "only contacts read and not landed before the stop are read again: " + readAgain
                + " (read and not landed: " + cutShort + ")");
    }

    void assertNoSecretInLogs() {
        for (WebhookServices.Service s : started) {
            String log = s.process().log();
            assertFalse(log.contains(WebhookServices.SECRET), s.name() + " logged the client secret");
            assertFalse(log.contains(WebhookServices.TOKEN), s.name() + " logged the access token");
        }
    }
}
