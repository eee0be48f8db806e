package dev.caravan.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.OutageProfile;
import dev.caravan.testing.Sql;
import dev.caravan.testing.TcpProxy;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The warehouse (PostgreSQL behind a TCP proxy) goes away while deliveries arrive: each is answered
 * 503 with Retry-After, never 2xx, and the sender's retries after it returns are stored and processed
 * once each.
 */
@QuarkusTest
@TestProfile(OutageProfile.class)
class WebhookOutageTest {

    @Inject
    Warehouse warehouse;

    @TestHTTPResource("/")
    URL root;

    @AfterEach
    void restore() {
        TcpProxy.named(OutageProfile.WAREHOUSE).restore();
    }

    private HttpResponse<String> lead(int i) {
        String body = "{\"id\":\"outage-" + i + "\",\"email\":\"lead" + i + "@example.com\",\"first_name\":\"Lee\","
                + "\"submitted_at\":\"2026-12-01T10:00:00Z\"}";
        return Deliveries.send(HttpRequest.newBuilder(URI.create(root.toString().replaceAll("/$", "") + "/webhooks/leadconduit"))
                .header("Content-Type", "application/json").header("X-Caravan-Webhook-Secret", OutageProfile.WEBHOOK_SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void deliveriesWhileTheWarehouseIsDownAre503AndTheirRetriesLandOnce() {
        Sql.exec(warehouse, "DELETE FROM caravan_webhook_event");
        Sql.exec(warehouse, "DELETE FROM leadconduit_leads");
        TcpProxy.named(OutageProfile.WAREHOUSE).cut();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = lead(i);
            assertEquals(503, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Retry-After").isPresent());
            assertFalse(r.body().contains("lead" + i + "@example.com"), "the body is never echoed: " + r.body());
        }
        TcpProxy.named(OutageProfile.WAREHOUSE).restore();
        for (int i = 0; i < 3; i++) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> lead(0).statusCode() == 200); // the sender retries until the warehouse is back
            assertEquals(200, lead(i).statusCode());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.count(warehouse, "leadconduit_leads WHERE lead_id LIKE 'outage-%'") == 3);
        assertEquals(3, Sql.count(warehouse, "caravan_webhook_event WHERE system = 'leadconduit'"));
        WebhookTests.awaitDrained(warehouse);
        assertEquals(3, Sql.count(warehouse, "caravan_webhook_event WHERE system = 'leadconduit' AND status = 'processed'"));
    }
}
