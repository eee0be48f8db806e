package dev.caravan.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.source.RecordReader;
import dev.caravan.source.SourceRecord;
import dev.caravan.source.http.ApiClient;
import dev.caravan.source.http.HttpRecordReader;
import dev.caravan.source.http.HttpRecordSource;
import dev.caravan.source.http.HttpResource;
import dev.caravan.sync.ApiBatch;
import dev.caravan.sync.ApiConnections;
import dev.caravan.warehouse.ApiRecordStore;
import dev.caravan.warehouse.SqlFailures;
import dev.caravan.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * {@code process: {type: hubspot_crm}}: HubSpot CRM events. An event names an object
 * ({@code subscriptionType} "contact.propertyChange": the object type before the dot, mapped by
 * {@code objects:}) and an id; per id only its latest event counts.
 * <ul>
 * <li>creation, propertyChange, restore, associationChange: the objects are read again by id, 100 per
 * request ({@code by_ids:} of the object's definition, HubSpot's batch read) with their associations,
 * and go through the pipeline like a sync's records (raw versions and links included);</li>
 * <li>deletion, privacyDeletion: the row is marked deleted ({@code deleted_at});</li>
 * <li>merge: {@code hubspot_merges} records each merged id into the primary one, the merged rows are
 * marked deleted and the primary object is read again.</li>
 * </ul>
 * Events of object types without a mapping are marked processed without effect.
 */
@ApplicationScoped
@Named("hubspot_crm")
public class HubSpotCrmHandling implements EventHandling {

    private static final Logger LOG = Logger.getLogger(HubSpotCrmHandling.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DELETIONS = Set.of("deletion", "privacydeletion");

    private final DefinitionRegistry definitions;
    private final ApiConnections apis;
    private final WebhookRun run;
    private final EventQueue queue;
    private final Warehouse warehouse;
    private final ApiRecordStore store;

    @Inject
    public HubSpotCrmHandling(DefinitionRegistry definitions, ApiConnections apis, WebhookRun run, EventQueue queue,
            Warehouse warehouse) {
        this.definitions = definitions;
        this.apis = apis;
        this.run = run;
        this.queue = queue;
        this.warehouse = warehouse;
        this.store = new ApiRecordStore(warehouse.dialect());
    }

    /** What the events of one object ask for. */
    static final class Plan {
        final Map<String, List<StoredEvent>> fetch = new LinkedHashMap<>();
        final Map<String, Instant> delete = new LinkedHashMap<>();
        final Map<String, String> mergedInto = new LinkedHashMap<>();
        final Map<String, String> mergeEvent = new LinkedHashMap<>();
        final List<StoredEvent> all = new ArrayList<>();
    }

    @Override
    public void handle(WebhookDefinition d, List<StoredEvent> events, String token) throws Exception {
        Map<String, Plan> plans = new LinkedHashMap<>();
        List<Long> ignored = new ArrayList<>();
        for (StoredEvent e : events) {
            JsonNode payload = JSON.readTree(e.payload());
            String type = e.objectType() == null ? "" : e.objectType();
            int dot = type.indexOf('.');
            String prefix = dot < 0 ? "" : type.substring(0, dot).toLowerCase(Locale.ROOT);
            // the generic format ("object.creation") names the type by id in objectTypeId (0-1 for contacts)
            String key = prefix.equals("object") ? payload.path("objectTypeId").asText("") : prefix;
            String object = d.objects().get(key.toLowerCase(Locale.ROOT));
            // association changes name the object as fromObjectId (one event per side of the link)
            String id = e.objectId() != null ? e.objectId() : text(payload.path("fromObjectId"));
            if (object == null || id == null) {
                ignored.add(e.id());
                continue;
            }
            plan(plans.computeIfAbsent(object, o -> new Plan()), e, id, payload, type.substring(dot + 1).toLowerCase(Locale.ROOT));
        }
        if (!ignored.isEmpty()) {
            LOG.debugf("%d HubSpot events of object types without a mapping marked processed", ignored.size());
            queue.markProcessed(ignored, token, null);
        }
        ApiClient client = plans.isEmpty() ? null : apis.client(d.system());
        for (Map.Entry<String, Plan> p : plans.entrySet()) {
            ObjectDefinition object = definitions.find(d.system(), p.getKey()).orElseThrow(() -> new IllegalStateException(
                    "webhook " + d.system() + ": no definition of object " + p.getKey()));
            WebhookProcessor.check(apply(d, object, client, p.getValue(), token));
        }
    }

    static void plan(Plan plan, StoredEvent e, String objectId, JsonNode payload, String kind) {
        plan.all.add(e);
        String id = objectId;
        if (DELETIONS.contains(kind)) {
            plan.fetch.remove(id);
            plan.delete.put(id, HttpRecordSource.parseTime(payload.path("occurredAt")));
            return;
        }
        if (kind.equals("merge")) {
            String primary = payload.path("primaryObjectId").asText(id);
            for (JsonNode merged : payload.path("mergedObjectIds")) {
                String m = merged.asText();
                if (!m.equals(primary)) {
                    plan.mergedInto.put(m, primary);
                    plan.mergeEvent.put(m, e.eventId());
                    plan.fetch.remove(m);
                    plan.delete.put(m, HttpRecordSource.parseTime(payload.path("occurredAt")));
                }
            }
            id = primary;
        }
        plan.delete.remove(id);
        plan.fetch.computeIfAbsent(id, k -> new ArrayList<>()).add(e);
    }

    private static String text(JsonNode v) {
        return v.isValueNode() && !v.isNull() && !v.asText().isEmpty() ? v.asText() : null;
    }

    private RunSummary apply(WebhookDefinition d, ObjectDefinition object, ApiClient client, Plan plan, String token) {
        HttpResource resource = apis.resource(object);
        if (!plan.fetch.isEmpty() && resource.byIds() == null) {
            throw new IllegalStateException(object.qualifiedName() + " has no by_ids: block: its webhook events cannot be read by id");
        }
        List<String> ids = new ArrayList<>(plan.fetch.keySet());
        WebhookRun.Records records = new WebhookRun.Records() {
            @Override
            public RecordReader reader() {
                return ids.isEmpty() ? null : new HttpRecordReader(object, resource, client,
                        HttpRecordSource.byIds(client, resource, ids), 0);
            }

            @Override
            public WebhookRun.Marks marks(List<SourceRecord> batch) {
                ApiBatch writes = ApiBatch.of(batch, resource);
                List<Long> out = new ArrayList<>();
                for (String id : writes.ids()) {
                    plan.fetch.getOrDefault(id, List.of()).forEach(e -> out.add(e.id()));
                }
                return new WebhookRun.Marks(out, (c, b) -> writes.write(c, store, object, resource, b.runId()));
            }
        };
        return run.run(object, d.system(), plan.all.size(), records, token, runId -> finish(object, plan, token, runId));
    }

    /** Deletions and merges, and every event of the plan not marked yet (objects HubSpot no longer has), in one transaction. */
    private String finish(ObjectDefinition object, Plan plan, String token, long runId) {
        try (Connection c = SqlFailures.connect(warehouse.dataSource())) {
            c.setAutoCommit(false);
            try {
                int deleted = 0;
                if (!plan.delete.isEmpty()) {
                    List<ApiRecordStore.Raw> gone = new ArrayList<>();
                    plan.delete.forEach((id, at) -> gone.add(new ApiRecordStore.Raw(id, at, null)));
                    deleted = store.markDeleted(c, object.table(), object.key().get(0), gone);
                }
                if (!plan.mergedInto.isEmpty()) {
                    recordMerges(c, object.object(), plan);
                }
                Set<Long> ids = new HashSet<>();
                plan.all.forEach(e -> ids.add(e.id()));
                queue.markProcessed(c, ids, token, runId);
                c.commit();
                List<String> notes = new ArrayList<>();
                if (deleted > 0) {
                    notes.add(deleted + " rows marked deleted");
                }
                if (!plan.mergedInto.isEmpty()) {
                    notes.add(plan.mergedInto.size() + " ids recorded as merged");
                }
                return notes.isEmpty() ? null : String.join("; ", notes);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("recording deletions of " + object.qualifiedName() + ": " + SqlFailures.summary(e), e);
        }
    }

    private static void recordMerges(Connection c, String objectType, Plan plan) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM hubspot_merges WHERE object_type = ? AND merged_id = ?");
                PreparedStatement ins = c.prepareStatement("INSERT INTO hubspot_merges (object_type, merged_id, into_id, event_id,"
                        + " merged_at) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, String> m : plan.mergedInto.entrySet()) {
                del.setString(1, objectType);
                del.setString(2, m.getKey());
                del.addBatch();
                ins.setString(1, objectType);
                ins.setString(2, m.getKey());
                ins.setString(3, m.getValue());
                ins.setString(4, plan.mergeEvent.get(m.getKey()));
                Instant at = plan.delete.get(m.getKey());
                ins.setObject(5, (at == null ? Instant.now() : at).atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                ins.addBatch();
            }
            del.executeBatch();
            ins.executeBatch();
        }
    }
}
