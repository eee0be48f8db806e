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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three service processes, each as if on a host of its own (HOSTNAME), on one PostgreSQL warehouse,
 * each on a port of its own, receive signed HubSpot deliveries at the same time, some of them sent to
 * two replicas at once (a retry landing elsewhere behind a load balancer). Every event is stored once,
 * claimed by one replica only (each contact is read from HubSpot once), processed once, and the
 * backlog is shared: every replica processed some of it.
 */
class WebhookReplicaIT {

    static final int REPLICAS = 3;
    static final int DELIVERIES = 45;
    static final int PER_DELIVERY = 10;
    static final int CONTACTS = DELIVERIES * PER_DELIVERY;

    FakeHubSpot hubspot;
    WebhookServices services;
    List<String> contactIds;
    final List<WebhookServices.Service> replicas = new ArrayList<>();

    @BeforeEach
    void start() {
        hubspot = FakeHubSpot.start(41L).privateAppToken(WebhookServices.TOKEN);
        hubspot.seedAll(0);
        hubspot.seed(HubSpotObjectType.COMPANIES, 20);
        contactIds = hubspot.seed(HubSpotObjectType.CONTACTS, CONTACTS).stream().map(FakeRecord::idString).toList();
        hubspot.data().seedAssociations();
        // HubSpot answers slowly: the backlog outlives the deliveries, and the replicas compete for it
        hubspot.faults().slowAll(Duration.ofMillis(300));
        services = new WebhookServices("caravan_whrep", hubspot.baseUrl());
    }

    @AfterEach
    void stop() throws Exception {
        for (WebhookServices.Service s : replicas) {
            s.process().close();
        }
        hubspot.close();
    }

    /** A delivery as a sender makes it, answered 200 in the end (a 503 is retried, as HubSpot does). */
    record Sent(int delivery, String replica, int stored, int duplicates, int retries) {
    }

    static Sent send(WebhookServices.Service to, int delivery, String body) throws InterruptedException {
        int retries = 0;
        while (true) {
            HttpResponse<String> r = to.deliver(body);
            if (r.statusCode() == 503 && retries < 10) {
                retries++;
                Thread.sleep(200);
                continue;
            }
            assertEquals(200, r.statusCode(), to.name() + " answered delivery " + delivery + ": " + r.body());
            int[] sd = WebhookServices.storedAndDuplicates(r.body());
            return new Sent(delivery, to.name(), sd[0], sd[1], retries);
        }
    }

    @Test
    void replicasShareTheBacklogAndEveryEventIsStoredOnceAndProcessedOnce() throws Exception {
        for (int i = 0; i < REPLICAS; i++) {
            Map<String, String> env = new HashMap<>();
            env.put("HOSTNAME", "replica-" + i);
            env.put("CARAVAN_WEBHOOK_CLAIM_BATCH", "10");
            env.put("CARAVAN_WEBHOOK_POLL", "300ms");
            env.put("CARAVAN_HEARTBEAT", "1s");
            replicas.add(services.start("replica-" + i, env));
        }
        for (WebhookServices.Service s : replicas) {
            s.awaitReady();
        }

        // delivery d goes to replica d % 3; every third one also, at the same instant, to the next replica
        List<String> bodies = new ArrayList<>();
        for (int d = 0; d < DELIVERIES; d++) {
            String[] ids = contactIds.subList(d * PER_DELIVERY, (d + 1) * PER_DELIVERY).toArray(String[]::new);
            bodies.add(Deliveries.hubspotEvents("contact.propertyChange", 50_000 + (long) d * PER_DELIVERY, ids));
        }
        Map<Integer, CyclicBarrier> twice = new TreeMap<>();
        for (int d = 0; d < DELIVERIES; d += 3) {
            twice.put(d, new CyclicBarrier(2));
        }
        ExecutorService senders = Executors.newFixedThreadPool(REPLICAS);
        List<Future<List<Sent>>> sending = new ArrayList<>();
        for (int r = 0; r < REPLICAS; r++) {
            int replica = r;
            sending.add(senders.submit(() -> {
                List<Sent> out = new ArrayList<>();
                for (int d = 0; d < DELIVERIES; d++) {
                    boolean mine = d % REPLICAS == replica;
                    boolean again = twice.containsKey(d) && (d + 1) % REPLICAS == replica;
                    if (mine || again) {
                        if (twice.containsKey(d)) {
                            twice.get(d).await(30, TimeUnit.SECONDS); // both replicas get it at once
                        }
                        out.add(send(replicas.get(replica), d, bodies.get(d)));
                    }
                }
                return out;
            }));
        }
        List<Sent> sent = new ArrayList<>();
        for (Future<List<Sent>> f : sending) {
            sent.addAll(f.get());
        }
        senders.shutdown();
        assertEquals(DELIVERIES + twice.size(), sent.size());
        Set<String> acked = new TreeSet<>();
        bodies.forEach(b -> acked.addAll(WebhookServices.eventIds(b)));
        assertEquals(CONTACTS, acked.size());

        long deadline = System.currentTimeMillis() + 150_000;
        while (services.count("SELECT COUNT(*) FROM caravan_webhook_event WHERE status IN ('pending', 'processing')") > 0
                || services.count("SELECT COUNT(*) FROM caravan_run WHERE status = 'running'") > 0) {
            for (WebhookServices.Service s : replicas) {
                assertTrue(s.process().isAlive(), s.name() + " ended: " + s.process().log());
            }
            assertTrue(System.currentTimeMillis() < deadline, "not drained: "
                    + services.rows("SELECT status, COUNT(*) AS n FROM caravan_webhook_event GROUP BY status"));
            Thread.sleep(200);
        }

        // stored once
        assertEquals(acked, new TreeSet<>(services.strings("SELECT event_id FROM caravan_webhook_event")));
        assertEquals(CONTACTS, services.count("SELECT COUNT(*) FROM caravan_webhook_event"));
        int retried = sent.stream().mapToInt(Sent::retries).sum();
        assertEquals(CONTACTS, sent.stream().mapToInt(Sent::stored).sum(),
                "the answers' \"stored\" add up to the events stored (" + retried + " 503s retried): " + answers(sent));
        assertEquals(twice.size() * PER_DELIVERY, sent.stream().mapToInt(Sent::duplicates).sum(),
                "each delivery sent twice was acknowledged as duplicates once: " + answers(sent));

        // processed once, by one replica's run
        assertEquals(CONTACTS, services.count("SELECT COUNT(*) FROM caravan_webhook_event WHERE status = 'processed'"));
        assertEquals(0, services.count("SELECT COUNT(*) FROM caravan_webhook_event WHERE attempts <> 1 OR error IS NOT NULL"),
                "each event claimed once and never failed: "
                        + services.rows("SELECT id, attempts, error FROM caravan_webhook_event WHERE attempts <> 1 OR error IS NOT NULL"));
        assertEquals(0, services.count("SELECT COUNT(*) FROM caravan_webhook_event e LEFT JOIN caravan_run r ON r.id = e.run_id"
                + " WHERE r.id IS NULL OR r.triggered_by <> 'webhook' OR r.status <> 'completed'"),
                "each event processed by a completed webhook run");
        assertEquals(0, services.count("SELECT COUNT(*) FROM caravan_run WHERE status <> 'completed'"),
                services.rows("SELECT id, status, host, error FROM caravan_run WHERE status <> 'completed'").toString());
        assertEquals(CONTACTS, services.count("SELECT COUNT(*) FROM hubspot_contacts"));
        assertEquals(CONTACTS, services.count("SELECT COUNT(DISTINCT hubspot_id) FROM hubspot_contacts"));
        assertEquals(new TreeSet<>(contactIds), new TreeSet<>(services.strings("SELECT hubspot_id FROM hubspot_contacts")));
        assertEquals(0, services.count("SELECT COUNT(*) FROM hubspot_contacts c JOIN caravan_webhook_event e ON e.object_id = c.hubspot_id"
                + " WHERE c.first_run_id <> e.run_id OR c.last_run_id <> e.run_id"),
                "each contact written by the run that marked its event processed, by no other");
        assertEquals(CONTACTS, services.count("SELECT SUM(rows_inserted) FROM caravan_run"), "the runs inserted each contact once");
        assertEquals(0, services.count("SELECT SUM(rows_updated + rows_unchanged) FROM caravan_run"), "and wrote none again");
        assertEquals(CONTACTS, services.count("SELECT SUM(rows_read) FROM caravan_run"), "and read each once");
        assertEquals(0, services.count("SELECT COUNT(*) FROM (SELECT e.run_id FROM caravan_webhook_event e GROUP BY e.run_id"
                + " HAVING COUNT(*) <> (SELECT r.rows_read FROM caravan_run r WHERE r.id = e.run_id)) x"),
                "each run read exactly the contacts of the events it marked processed");

        // claimed by one replica only: each contact read by id from HubSpot once
        Map<String, Integer> reads = new TreeMap<>();
        for (RequestRecord q : hubspot.requests()) {
            if (q.endpoint().equals(FakeHubSpot.batchRead(HubSpotObjectType.CONTACTS)) && q.status() == 200) {
                WebhookServices.batchReadIds(q.body()).forEach(id -> reads.merge(id, 1, Integer::sum));
            }
        }
        assertEquals(new TreeSet<>(contactIds), reads.keySet(), "every contact read by id");
        Map<String, Integer> readTwice = new TreeMap<>(reads);
        readTwice.values().removeIf(n -> n == 1);
        assertEquals(Map.of(), readTwice, "no contact read by two claims");

        // the backlog was shared
        Map<String, Long> byReplica = new TreeMap<>();
        for (Map<String, Object> row : services.rows("SELECT r.host AS host, COUNT(*) AS n FROM caravan_webhook_event e"
                + " JOIN caravan_run r ON r.id = e.run_id GROUP BY r.host")) {
            String host = (String) row.get("host");
            byReplica.merge(host.substring(0, host.lastIndexOf(':')), (Long) row.get("n"), Long::sum);
        }
        assertEquals(Set.of("replica-0", "replica-1", "replica-2"), byReplica.keySet(), "every replica processed events: " + byReplica);
        assertTrue(byReplica.values().stream().allMatch(n -> n > 0), byReplica.toString());
        // and not each replica its own deliveries only: events received by one replica were processed by another
        long elsewhere = 0;
        for (int d = 0; d < DELIVERIES; d++) {
            if (!twice.containsKey(d)) {
                String receiver = "replica-" + d % REPLICAS;
                elsewhere += services.count("SELECT COUNT(*) FROM caravan_webhook_event e JOIN caravan_run r ON r.id = e.run_id"
                        + " WHERE e.event_id IN (" + WebhookServices.quoted(new TreeSet<>(WebhookServices.eventIds(bodies.get(d))))
                        + ") AND r.host NOT LIKE '" + receiver + ":%'");
            }
        }
        assertTrue(elsewhere > 0, "the replicas claimed from one backlog: " + byReplica);

        for (WebhookServices.Service s : replicas) {
            assertNotEquals(-1, s.process().terminate(60), s.name() + " stops within its grace");
            String log = s.process().log();
            assertFalse(log.contains(WebhookServices.SECRET), s.name() + " logged the client secret");
            assertFalse(log.contains(WebhookServices.TOKEN), s.name() + " logged the access token");
        }
        System.out.println("WebhookReplicaIT: events processed per replica " + byReplica + ", processed by a replica that did not receive them " + elsewhere + ", 503s retried " + retried
                + ", runs " + services.count("SELECT COUNT(*) FROM caravan_run"));
    }

    /** The answers that were not "10 stored", as delivery@replica=stored/duplicates. */
    static String answers(List<Sent> sent) {
        return sent.stream().filter(s -> s.stored() != PER_DELIVERY)
                .sorted(Comparator.comparingInt(Sent::delivery).thenComparing(Sent::replica))
                .map(s -> s.delivery() + "@" + s.replica() + "=" + s.stored() + "/" + s.duplicates()).toList().toString();
    }
}
