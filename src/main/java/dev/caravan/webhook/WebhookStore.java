package dev.caravan.webhook;

import dev.caravan.config.CaravanConfig;
import dev.caravan.warehouse.SqlFailures;
import dev.caravan.warehouse.Warehouse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Commits received events to {@code caravan_webhook_event} before their delivery is answered.
 * Deliveries wait in a bounded queue; each of a few committer threads takes every delivery waiting
 * (up to {@code max-group}) and commits their events in one transaction (group commit), so a burst
 * costs a few commits, not one per request, and while one group commits the next is already being
 * written. On PostgreSQL a group is one statement (insert, skip the ids stored already, return the
 * new ones); on H2 a lookup and an insert in one transaction, by one committer. An event whose
 * (system, event_id) is stored already (also by another replica's commit at the same moment), or
 * repeats within the group, is a duplicate: acknowledged, not stored again. A failed commit fails
 * every delivery of its group (answered 503; the senders retry). A full queue fails at once.
 */
@ApplicationScoped
public class WebhookStore {

    private static final Logger LOG = Logger.getLogger(WebhookStore.class);
    /** Event ids looked up per statement. */
    private static final int LOOKUP_CHUNK = 500;

    /** What a delivery's commit did: events newly stored and duplicates acknowledged. */
    public record Stored(int stored, int duplicates) {
    }

    /** The warehouse could not take the delivery now (down, slow or the queue full): answered 503. */
    public static final class NotStoredException extends Exception {
        public NotStoredException(String message) {
            super(message, null, false, false);
        }
    }

    private record Delivery(String system, List<WebhookEvents.Event> events, CompletableFuture<Stored> done) {
    }

    private final Warehouse warehouse;
    private final CaravanConfig.Webhooks config;
    private final BlockingQueue<Delivery> queue;
    private final List<Thread> committers = new ArrayList<>();
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    @Inject
    public WebhookStore(Warehouse warehouse, CaravanConfig config) {
        this.warehouse = warehouse;
        this.config = config.webhooks();
        this.queue = new ArrayBlockingQueue<>(this.config.queue());
        // without a single-statement insert (H2) concurrent groups could race on the same new id: one committer
        int threads = warehouse.dialect().insertWebhookEventsReturning() == null ? 1 : Math.max(1, this.config.committers());
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::commitLoop, "caravan-webhook-commit-" + i);
            t.setDaemon(true);
            t.start();
            committers.add(t);
        }
    }

    /** Called after each commit that stored new events (the processor wakes up). */
    public void onStored(Runnable listener) {
        listeners.add(listener);
    }

    /** Stores the delivery's events and returns once they are committed (or throws, and nothing is acknowledged). */
    public Stored store(String system, List<WebhookEvents.Event> events) throws NotStoredException {
        if (events.isEmpty()) {
            return new Stored(0, 0);
        }
        Delivery d = new Delivery(system, events, new CompletableFuture<>());
        if (stopped || !queue.offer(d)) {
            throw new NotStoredException(stopped ? "shutting down" : "too many deliveries are waiting for the warehouse");
        }
        try {
            return d.done().get(config.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotStoredException("interrupted");
        } catch (java.util.concurrent.TimeoutException e) {
            // The group may still commit later: the sender's retry is then a duplicate, stored once.
            throw new NotStoredException("the warehouse did not commit within " + config.ackTimeout().toSeconds() + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new NotStoredException(e.getCause().getMessage());
        }
    }

    private void commitLoop() {
        List<Delivery> group = new ArrayList<>();
        while (!stopped || !queue.isEmpty()) {
            try {
                Delivery first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, config.maxGroup() - 1);
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "Webhook commit failed unexpectedly");
                group.forEach(d -> d.done().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    private void commit(List<Delivery> group) {
        Map<Delivery, Stored> results;
        long started = System.nanoTime();
        try {
            results = insert(group);
            if (LOG.isDebugEnabled()) {
                LOG.debugf("Committed %d webhook deliveries in %.1f ms (%d waiting)", (Object) group.size(),
                        (System.nanoTime() - started) / 1e6, queue.size());
            }
        } catch (SQLException | RuntimeException e) {
            String why = SqlFailures.summary(e);
            LOG.warnf("Webhook deliveries not stored (%d requests answered 503, the senders retry): %s", group.size(), why);
            group.forEach(d -> d.done().completeExceptionally(new NotStoredException("the warehouse is unavailable")));
            return;
        }
        boolean any = false;
        for (Delivery d : group) {
            Stored s = results.get(d);
            any |= s.stored() > 0;
            d.done().complete(s);
        }
        if (any) {
            listeners.forEach(Runnable::run);
        }
    }

    /** The group's events in one atomic step; a delivery's duplicates are its events stored already or repeated. */
    private Map<Delivery, Stored> insert(List<Delivery> group) throws SQLException {
        String returning = warehouse.dialect().insertWebhookEventsReturning();
        return returning != null ? insertReturning(group, returning) : lookupAndInsert(group);
    }

    /** One statement (its own transaction): the new events are inserted, the ids it inserted come back. */
    private Map<Delivery, Stored> insertReturning(List<Delivery> group, String sql) throws SQLException {
        List<String> systems = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> objectIds = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Delivery d : group) {
            for (WebhookEvents.Event e : d.events()) {
                if (seen.add(d.system() + "\u0000" + e.eventId())) {
                    systems.add(d.system());
                    ids.add(e.eventId());
                    types.add(e.objectType());
                    objectIds.add(e.objectId());
                    payloads.add(e.payload());
                }
            }
        }
        Set<String> inserted = new HashSet<>();
        try (Connection c = SqlFailures.connect(warehouse.dataSource()); PreparedStatement ps = c.prepareStatement(sql)) {
            boolean before = c.getAutoCommit();
            c.setAutoCommit(true); // the statement is its own transaction: all of the group or nothing
            try {
                insertAll(ps, c, systems, ids, types, objectIds, payloads, inserted);
            } finally {
                c.setAutoCommit(before);
            }
        }
        Map<Delivery, Stored> out = new HashMap<>();
        for (Delivery d : group) {
            int stored = 0;
            for (WebhookEvents.Event e : d.events()) {
                if (inserted.remove(d.system() + "\u0000" + e.eventId())) {
                    stored++;
                }
            }
            out.put(d, new Stored(stored, d.events().size() - stored));
        }
        return out;
    }

    private static void insertAll(PreparedStatement ps, Connection c, List<String> systems, List<String> ids, List<String> types,
            List<String> objectIds, List<String> payloads, Set<String> inserted) throws SQLException {
        ps.setArray(1, c.createArrayOf("varchar", systems.toArray()));
        ps.setArray(2, c.createArrayOf("varchar", ids.toArray()));
        ps.setArray(3, c.createArrayOf("varchar", types.toArray()));
        ps.setArray(4, c.createArrayOf("varchar", objectIds.toArray()));
        ps.setArray(5, c.createArrayOf("text", payloads.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                inserted.add(rs.getString(1) + "\u0000" + rs.getString(2));
            }
        }
    }

    /** One transaction: look up which ids are stored already, insert the others. */
    private Map<Delivery, Stored> lookupAndInsert(List<Delivery> group) throws SQLException {
        Map<String, Set<String>> idsBySystem = new LinkedHashMap<>();
        for (Delivery d : group) {
            Set<String> ids = idsBySystem.computeIfAbsent(d.system(), s -> new HashSet<>());
            d.events().forEach(e -> ids.add(e.eventId()));
        }
        try (Connection c = SqlFailures.connect(warehouse.dataSource())) {
            c.setAutoCommit(false);
            try {
                Map<String, Set<String>> known = new HashMap<>();
                for (Map.Entry<String, Set<String>> e : idsBySystem.entrySet()) {
                    known.put(e.getKey(), existing(c, e.getKey(), new ArrayList<>(e.getValue())));
                }
                Map<Delivery, int[]> counts = new HashMap<>();
                List<Delivery> inserts = new ArrayList<>();
                // Generated keys asked for so that the driver reports each insert's row count (PostgreSQL's
                // rewritten batches report none): 0 is an event another replica's commit stored first.
                try (PreparedStatement ps = c.prepareStatement(warehouse.dialect().insertWebhookEvent(), new String[] {"id"})) {
                    for (Delivery d : group) {
                        Set<String> seen = known.get(d.system());
                        int[] n = counts.computeIfAbsent(d, k -> new int[2]);
                        for (WebhookEvents.Event e : d.events()) {
                            if (!seen.add(e.eventId())) {
                                n[1]++;
                                continue;
                            }
                            ps.setString(1, d.system());
                            ps.setString(2, e.eventId());
                            ps.setString(3, e.objectType());
                            ps.setString(4, e.objectId());
                            ps.setString(5, e.payload());
                            ps.addBatch();
                            inserts.add(d);
                        }
                    }
                    int[] rows = inserts.isEmpty() ? new int[0] : ps.executeBatch();
                    for (int i = 0; i < inserts.size(); i++) {
                        counts.get(inserts.get(i))[i < rows.length && rows[i] == 0 ? 1 : 0]++;
                    }
                }
                c.commit();
                Map<Delivery, Stored> out = new HashMap<>();
                counts.forEach((d, n) -> out.put(d, new Stored(n[0], n[1])));
                return out;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone: nothing was committed
                }
                throw e;
            }
        }
    }

    private static Set<String> existing(Connection c, String system, List<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        for (int from = 0; from < ids.size(); from += LOOKUP_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + LOOKUP_CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id FROM caravan_webhook_event WHERE system = ?"
                    + " AND event_id IN (" + marks + ")")) {
                ps.setString(1, system);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        }
        return found;
    }

    /** At shutdown: new deliveries are refused (503); those already waiting are committed first. */
    @PreDestroy
    void stop() {
        stopped = true;
        try {
            for (Thread t : committers) {
                t.join(config.ackTimeout().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Delivery d;
        while ((d = queue.poll()) != null) {
            d.done().completeExceptionally(new NotStoredException("shutting down"));
        }
    }
}
