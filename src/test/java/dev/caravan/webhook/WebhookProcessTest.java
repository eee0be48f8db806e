package dev.caravan.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.ApiAuth;
import dev.caravan.testing.Sql;
import dev.caravan.testing.hubspot.FakeHubSpot;
import dev.caravan.testing.hubspot.FakeRecord;
import dev.caravan.testing.hubspot.HubSpotObjectType;
import dev.caravan.testing.hubspot.HubSpotProfile;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stored events processed asynchronously, warehouse on PostgreSQL, HubSpot faked: changed objects are
 * read by id and land, deletions and merges are recorded, LeadConduit leads and a file-defined
 * receiver's records go through the pipeline, and failing events are retried, dead-lettered and replayed.
 */
@QuarkusTest
@TestProfile(HubSpotProfile.Postgres.class)
class WebhookProcessTest {

    @Inject
    Warehouse warehouse;

    @TestHTTPResource("/")
    URL root;

    FakeHubSpot hubspot;

    private String base() {
        return root.toString().replaceAll("/$", "");
    }

    @BeforeEach
    void fresh() {
        hubspot = HubSpotProfile.fresh(31L);
        Sql.reset(warehouse);
    }

    @AfterEach
    void drained() {
        WebhookTests.awaitDrained(warehouse);
    }

    private Map<String, Object> event(String system, String eventIdLike) {
        List<Map<String, Object>> rows = Sql.rows(warehouse, "SELECT * FROM caravan_webhook_event WHERE system = ? AND event_id LIKE ?",
                system, eventIdLike);
        assertEquals(1, rows.size(), rows.toString());
        return rows.get(0);
    }

    @Test
    void aChangedContactIsReadByIdAndLandsInItsTableInAWebhookRun() {
        List<FakeRecord> contacts = hubspot.seed(HubSpotObjectType.CONTACTS, 3);
        String[] ids = contacts.stream().map(FakeRecord::idString).toArray(String[]::new);
        HttpResponse<String> r = Deliveries.hubspot(base(), "/webhooks/hubspot/contacts/", HubSpotProfile.CLIENT_SECRET,
                Deliveries.hubspotEvents("contact.propertyChange", 500, ids));
        assertEquals(200, r.statusCode(), r.body());
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(warehouse, "caravan_webhook_event WHERE status = 'processed'") == 3);
        for (FakeRecord c : contacts) {
            List<Map<String, Object>> row = Sql.rows(warehouse, "SELECT email FROM hubspot_contacts WHERE hubspot_id = ?", c.idString());
            assertEquals(1, row.size());
            assertEquals(c.properties().get("email") == null ? null : c.properties().get("email").toLowerCase(), row.get(0).get("email"));
        }
        Map<String, Object> e = event("hubspot", "%:500:%");
        assertNotNull(e.get("run_id"));
        List<Map<String, Object>> run = Sql.rows(warehouse, "SELECT triggered_by, sync_mode, status, rows_inserted FROM caravan_run WHERE id = ?",
                e.get("run_id"));
        assertEquals("webhook", run.get(0).get("triggered_by"));
        assertEquals("webhook", run.get(0).get("sync_mode"));
        assertEquals("completed", run.get(0).get("status"));
        assertEquals(3L, run.get(0).get("rows_inserted"));
        assertTrue(hubspot.requests().stream().anyMatch(q -> q.endpoint().equals(FakeHubSpot.batchRead(HubSpotObjectType.CONTACTS))),
                "read through the batch-read endpoint");
        assertEquals(3, Sql.count(warehouse, "caravan_raw_record WHERE system = 'hubspot' AND object = 'contacts'"));
    }

    @Test
    void deletionsMarkRowsAndMergesRecordWhichIdWentWhere() {
        List<FakeRecord> contacts = hubspot.seed(HubSpotObjectType.CONTACTS, 3);
        String a = contacts.get(0).idString();
        String b = contacts.get(1).idString();
        String c = contacts.get(2).idString();
        Deliveries.hubspot(base(), "/webhooks/hubspot", HubSpotProfile.CLIENT_SECRET,
                Deliveries.hubspotEvents("contact.creation", 600, a, b, c));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(warehouse, "hubspot_contacts") == 3);
        WebhookTests.awaitDrained(warehouse);
        long now = System.currentTimeMillis();
        String deletion = "[{\"eventId\":700,\"subscriptionId\":2102,\"portalId\":62515,\"occurredAt\":" + now
                + ",\"subscriptionType\":\"contact.deletion\",\"attemptNumber\":0,\"objectId\":" + c + ",\"changeSource\":\"CRM\"},"
                + "{\"eventId\":701,\"subscriptionId\":2103,\"portalId\":62515,\"occurredAt\":" + now
                + ",\"subscriptionType\":\"contact.merge\",\"attemptNumber\":0,\"objectId\":" + a + ",\"primaryObjectId\":" + a
                + ",\"mergedObjectIds\":[" + a + "," + b + "],\"newObjectId\":" + a + ",\"changeSource\":\"CRM\"}]";
        assertEquals(200, Deliveries.hubspot(base(), "/webhooks/hubspot", HubSpotProfile.CLIENT_SECRET, deletion).statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(warehouse, "caravan_webhook_event WHERE status = 'processed'") == 5);
        assertEquals(1, Sql.count(warehouse, "hubspot_contacts WHERE hubspot_id = '" + c + "' AND deleted_at IS NOT NULL"));
        assertEquals(1, Sql.count(warehouse, "hubspot_contacts WHERE hubspot_id = '" + b + "' AND deleted_at IS NOT NULL"));
        assertEquals(1, Sql.count(warehouse, "hubspot_contacts WHERE hubspot_id = '" + a + "' AND deleted_at IS NULL"));
        assertEquals(1, Sql.count(warehouse, "hubspot_merges WHERE object_type = 'contacts' AND merged_id = '" + b
                + "' AND into_id = '" + a + "'"));
    }

    @Test
    void theGenericFormatAndAssociationChangesAreFollowed() {
        List<FakeRecord> companies = hubspot.seed(HubSpotObjectType.COMPANIES, 2);
        List<FakeRecord> contacts = hubspot.seed(HubSpotObjectType.CONTACTS, 2);
        hubspot.data().seedAssociations();
        long now = System.currentTimeMillis();
        String company = companies.get(0).idString();
        String contact = contacts.get(0).idString();
        // object.propertyChange names its type by objectTypeId; an associationChange has no objectId, only fromObjectId
        String body = "[{\"eventId\":900,\"subscriptionId\":3001,\"portalId\":62515,\"occurredAt\":" + now
                + ",\"subscriptionType\":\"object.propertyChange\",\"objectTypeId\":\"0-2\",\"attemptNumber\":0,\"objectId\":"
                + company + ",\"propertyName\":\"name\",\"propertyValue\":\"x\",\"changeSource\":\"CRM\"},"
                + "{\"eventId\":901,\"subscriptionId\":3002,\"portalId\":62515,\"occurredAt\":" + now
                + ",\"subscriptionType\":\"contact.associationChange\",\"attemptNumber\":0,\"changeSource\":\"USER\","
                + "\"associationType\":\"CONTACT_TO_COMPANY\",\"fromObjectId\":" + contact + ",\"toObjectId\":" + company
                + ",\"associationRemoved\":false,\"isPrimaryAssociation\":false}]";
        assertEquals(200, Deliveries.hubspot(base(), "/webhooks/hubspot", HubSpotProfile.CLIENT_SECRET, body).statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(warehouse, "caravan_webhook_event WHERE status = 'processed'") == 2);
        assertEquals(1, Sql.count(warehouse, "hubspot_companies WHERE hubspot_id = '" + company + "'"));
        assertEquals(1, Sql.count(warehouse, "hubspot_contacts WHERE hubspot_id = '" + contact + "'"));
        long links = (Long) Sql.rows(warehouse, "SELECT COUNT(DISTINCT to_id) AS n FROM hubspot_associations WHERE from_type = 'contacts'"
                + " AND from_id = ?", contact).get(0).get("n");
        assertEquals(hubspot.data().associations(HubSpotObjectType.CONTACTS, Long.parseLong(contact), HubSpotObjectType.COMPANIES).size(),
                links, "the contact's companies as HubSpot links them (a primary link comes with two association types)");
    }

    @Test
    void aLeadConduitDeliveryGoesThroughThePipelineWithItsCleaning() {
        String lead = "{\"id\":\"lc-web-1\",\"email\":\"  Pat.Doe@Example.COM \",\"first_name\":\"pat\",\"last_name\":\"doe\","
                + "\"phone\":\"(555) 010-2233\",\"state\":\"California\",\"submitted_at\":\"2026-12-01T10:00:00Z\"}";
        HttpResponse<String> r = Deliveries.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/leadconduit"))
                .header("Content-Type", "application/json").header("X-Caravan-Webhook-Secret", HubSpotProfile.LEADCONDUIT_SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(lead)));
        assertEquals(200, r.statusCode(), r.body());
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(warehouse, "leadconduit_leads") == 1);
        Map<String, Object> row = Sql.rows(warehouse, "SELECT email, first_name, state FROM leadconduit_leads WHERE lead_id = 'lc-web-1'").get(0);
        assertEquals("pat.doe@example.com", row.get("email"));
        assertEquals("Pat", row.get("first_name"));
        assertEquals("CA", row.get("state"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "processed".equals(event("leadconduit", "lc-web-1").get("status")));
    }

    @Test
    void aReceiverDefinedByAFileAloneLandsItsRecords() {
        String body = "{\"submissions\":[{\"submission_id\":\"s-9\",\"contact_id\":\"form-c-9\",\"first_name\":\"Ana\",\"last_name\":\"Lima\","
                + "\"email\":\"ana@example.com\"}]}";
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        HttpResponse<String> r = Deliveries.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/formhook"))
                .header("Content-Type", "application/json").header("X-Form-Timestamp", ts)
                .header("X-Form-Signature", "sha256=" + Deliveries.hexHmac(HubSpotProfile.FORMHOOK_SECRET, ts + "." + body))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(200, r.statusCode(), r.body());
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(warehouse, "crm_contacts WHERE contact_id = 'form-c-9'") == 1);
    }

    @Test
    void aFailingEventIsRetriedThenDeadLetteredThenReplayed() {
        List<FakeRecord> contacts = hubspot.seed(HubSpotObjectType.CONTACTS, 1);
        hubspot.faults().failNext(FakeHubSpot.batchRead(HubSpotObjectType.CONTACTS), 2, 400);
        Deliveries.hubspot(base(), "/webhooks/hubspot", HubSpotProfile.CLIENT_SECRET,
                Deliveries.hubspotEvents("contact.propertyChange", 800, contacts.get(0).idString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(event("hubspot", "%:800:%").get("status")));
        Map<String, Object> failed = event("hubspot", "%:800:%");
        assertEquals(2L, failed.get("attempts"));
        assertTrue(String.valueOf(failed.get("error")).contains("400"), String.valueOf(failed.get("error")));
        assertEquals(0, Sql.count(warehouse, "hubspot_contacts"));
        // listed as failed, then replayed by an operator
        String listed = ApiAuth.asViewer().get("/api/webhooks/events?status=failed").then().statusCode(200).extract().asString();
        assertTrue(listed.contains("\"status\":\"failed\""), listed);
        ApiAuth.asViewer().post("/api/webhooks/events/" + failed.get("id") + "/replay").then().statusCode(403);
        ApiAuth.asOperator().post("/api/webhooks/events/" + failed.get("id") + "/replay").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "processed".equals(event("hubspot", "%:800:%").get("status")));
        assertEquals(1, Sql.count(warehouse, "hubspot_contacts"));
    }
}
