package dev.caravan.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.Sql;
import dev.caravan.testing.hubspot.HubSpotProfile;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Receiving webhooks on the service's HTTP port, warehouse on PostgreSQL: garbage, forgeries,
 * replays and oversized bodies first, then signed deliveries that are stored once.
 */
@QuarkusTest
@TestProfile(HubSpotProfile.Postgres.class)
class WebhookReceiveTest {

    @Inject
    Warehouse warehouse;

    @TestHTTPResource("/")
    URL root;

    private String base() {
        return root.toString().replaceAll("/$", "");
    }

    @BeforeEach
    void clean() {
        Sql.exec(warehouse, "DELETE FROM caravan_webhook_event");
    }

    @org.junit.jupiter.api.AfterEach
    void drained() {
        WebhookTests.awaitDrained(warehouse);
    }

    private long stored() {
        return Sql.count(warehouse, "caravan_webhook_event");
    }

    private HttpResponse<String> hubspotSigned(String body, String signature, long timestamp) {
        return Deliveries.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/hubspot"))
                .header("Content-Type", "application/json")
                .header("X-HubSpot-Signature-v3", signature)
                .header("X-HubSpot-Request-Timestamp", Long.toString(timestamp))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void forgedTamperedStaleAndUnsignedDeliveriesAreRefusedAndNothingIsStored() {
        String body = Deliveries.hubspotEvents("contact.propertyChange", 1, "501");
        String uri = base() + "/webhooks/hubspot";
        long now = System.currentTimeMillis();
        String good = Deliveries.hubspotV3(HubSpotProfile.CLIENT_SECRET, uri, body, now);
        // tampered body
        HttpResponse<String> tampered = hubspotSigned(body.replace("501", "502"), good, now);
        assertEquals(401, tampered.statusCode(), tampered.body());
        // wrong secret
        assertEquals(401, hubspotSigned(body, Deliveries.hubspotV3("not-the-secret", uri, body, now), now).statusCode());
        // stale: signed correctly, six minutes ago
        long old = now - 6 * 60_000;
        HttpResponse<String> stale = hubspotSigned(body, Deliveries.hubspotV3(HubSpotProfile.CLIENT_SECRET, uri, body, old), old);
        assertEquals(401, stale.statusCode());
        assertTrue(stale.body().contains("timestamp"), stale.body());
        // no signature at all
        HttpResponse<String> unsigned = Deliveries.send(HttpRequest.newBuilder(URI.create(uri))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(401, unsigned.statusCode());
        assertEquals(0, stored());
        for (HttpResponse<String> r : java.util.List.of(tampered, stale, unsigned)) {
            assertFalse(r.body().contains(HubSpotProfile.CLIENT_SECRET), r.body());
            assertFalse(r.body().contains("propertyChange"), "the body is never echoed: " + r.body());
            assertTrue(r.headers().firstValue("X-HubSpot-Signature-v3").isEmpty(), "request headers are never echoed");
        }
    }

    @Test
    void wrongContentTypeMalformedJsonAndUnknownReceiversAreRefused() {
        String uri = base() + "/webhooks/hubspot";
        long now = System.currentTimeMillis();
        String text = "eventId=1";
        HttpResponse<String> form = Deliveries.send(HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "text/plain")
                .header("X-HubSpot-Signature-v3", Deliveries.hubspotV3(HubSpotProfile.CLIENT_SECRET, uri, text, now))
                .header("X-HubSpot-Request-Timestamp", Long.toString(now)).POST(HttpRequest.BodyPublishers.ofString(text)));
        assertEquals(415, form.statusCode(), form.body());
        String broken = "[{\"eventId\": 1,";
        HttpResponse<String> bad = hubspotSigned(broken, Deliveries.hubspotV3(HubSpotProfile.CLIENT_SECRET, uri, broken, now), now);
        assertEquals(400, bad.statusCode(), bad.body());
        HttpResponse<String> unknown = Deliveries.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/nosuch"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(404, unknown.statusCode());
        HttpResponse<String> badObject = Deliveries.hubspot(base(), "/webhooks/hubspot/widgets", HubSpotProfile.CLIENT_SECRET,
                Deliveries.hubspotEvents("contact.creation", 1, "1"));
        assertEquals(404, badObject.statusCode(), badObject.body());
        assertEquals(0, stored());
    }

    @Test
    void anOversizedBodyIsRefusedWhileBeingRead() {
        // declared length over the limit: answered 413 from the headers alone, before any body byte is sent
        try (java.net.Socket socket = new java.net.Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /webhooks/hubspot HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2097152\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 413 Request Entity Too Large", status);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // no declared length (chunked), 512 MiB on offer: refused once the limit is passed, the rest never read
        AtomicLong offered = new AtomicLong();
        long endless = 512L * 1024 * 1024;
        InputStream stream = new InputStream() {
            @Override
            public int read() {
                return offered.incrementAndGet() > endless ? -1 : ' ';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                long left = endless - offered.get();
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) ' ');
                offered.addAndGet(n);
                return n;
            }
        };
        int status;
        try {
            status = Deliveries.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/leadconduit"))
                    .header("Content-Type", "application/json").header("X-Caravan-Webhook-Secret", HubSpotProfile.LEADCONDUIT_SECRET)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> stream))).statusCode();
        } catch (java.io.UncheckedIOException e) {
            status = 413; // the server closed the connection while the client was still sending
        }
        assertEquals(413, status);
        // the server holds at most the 1 MiB limit and closes the connection; the client got to send a few MiB
        // (limit + socket buffers; 5.5 MiB when measured) of the 512 on offer
        assertTrue(offered.get() < 64L * 1024 * 1024, "the server stopped reading early; the client sent " + offered.get() + " bytes");
        assertEquals(0, stored());
    }

    @Test
    void aSignedHubSpotDeliveryIsStoredOnceHoweverOftenItIsDelivered() {
        String body = Deliveries.hubspotEvents("contact.propertyChange", 7000, "601", "602", "603");
        HttpResponse<String> first = Deliveries.hubspot(base(), "/webhooks/hubspot/contacts/", HubSpotProfile.CLIENT_SECRET, body);
        assertEquals(200, first.statusCode(), first.body());
        assertTrue(first.body().contains("\"stored\":3"), first.body());
        for (int i = 0; i < 4; i++) {
            String retried = body.replace("\"attemptNumber\":0", "\"attemptNumber\":" + (i + 1));
            HttpResponse<String> again = Deliveries.hubspot(base(), "/webhooks/hubspot", HubSpotProfile.CLIENT_SECRET, retried);
            assertEquals(200, again.statusCode(), again.body());
            assertTrue(again.body().contains("\"duplicates\":3"), again.body());
        }
        assertEquals(3, stored());
        assertEquals(3, Sql.count(warehouse, "caravan_webhook_event WHERE system = 'hubspot'"
                + " AND object_type = 'contact.propertyChange' AND object_id IN ('601', '602', '603')"));
    }

    @Test
    void concurrentDeliveriesAreAllStored() throws Exception {
        int senders = 16;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(senders);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int s = 0; s < senders; s++) {
                int from = 10_000 + s * 100;
                futures.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 10; i++) {
                        String body = Deliveries.hubspotEvents("deal.creation", from + i * 10, String.valueOf(from + i));
                        ok += Deliveries.hubspot(base(), "/webhooks/hubspot", HubSpotProfile.CLIENT_SECRET, body).statusCode() == 200 ? 1 : 0;
                    }
                    return ok;
                }));
            }
            int acked = 0;
            for (var f : futures) {
                acked += f.get();
            }
            assertEquals(senders * 10, acked);
            assertEquals(acked, stored());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void leadConduitSendsItsSecretInAHeaderOrAsBasicCredentials() {
        String lead = "{\"id\":\"lc-1\",\"email\":\"pat@example.com\",\"first_name\":\"Pat\"}";
        HttpResponse<String> header = Deliveries.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/leadconduit"))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Caravan-Webhook-Secret", HubSpotProfile.LEADCONDUIT_SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(lead)));
        assertEquals(200, header.statusCode(), header.body());
        String basic = "Basic " + Base64.getEncoder().encodeToString(("leadconduit:" + HubSpotProfile.LEADCONDUIT_SECRET).getBytes());
        HttpResponse<String> viaBasic = Deliveries.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/leadconduit"))
                .header("Content-Type", "application/json").header("Authorization", basic)
                .POST(HttpRequest.BodyPublishers.ofString(lead.replace("lc-1", "lc-2"))));
        assertEquals(200, viaBasic.statusCode(), viaBasic.body());
        HttpResponse<String> wrong = Deliveries.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/leadconduit"))
                .header("Content-Type", "application/json").header("X-Caravan-Webhook-Secret", "guess")
                .POST(HttpRequest.BodyPublishers.ofString(lead.replace("lc-1", "lc-3"))));
        assertEquals(401, wrong.statusCode());
        assertEquals(2, stored());
    }

    @Test
    void aReceiverDefinedByAFileAloneChecksItsHmac() {
        String body = "{\"submissions\":[{\"submission_id\":\"s-1\",\"contact_id\":\"c-1\",\"first_name\":\"Ana\",\"last_name\":\"Lima\"}]}";
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        HttpRequest.Builder ok = HttpRequest.newBuilder(URI.create(base() + "/webhooks/formhook")).header("Content-Type", "application/json")
                .header("X-Form-Timestamp", ts)
                .header("X-Form-Signature", "sha256=" + Deliveries.hexHmac(HubSpotProfile.FORMHOOK_SECRET, ts + "." + body))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = Deliveries.send(ok);
        assertEquals(200, r.statusCode(), r.body());
        HttpResponse<String> forged = Deliveries.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/formhook"))
                .header("Content-Type", "application/json").header("X-Form-Timestamp", ts)
                .header("X-Form-Signature", "sha256=" + Deliveries.hexHmac("other", ts + "." + body))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(401, forged.statusCode());
        assertEquals(1, Sql.count(warehouse, "caravan_webhook_event WHERE system = 'formhook'"
                + " AND event_id = 's-1' AND object_id = 'c-1' AND object_type = 'crm/contacts'"));
    }

    @Test
    void refusalsAreCountedByCause() throws IOException {
        String uri = base() + "/webhooks/hubspot";
        hubspotSigned("[]", "AAAA", System.currentTimeMillis());
        String metrics = Deliveries.send(HttpRequest.newBuilder(URI.create(base() + "/q/metrics")).GET()).body();
        assertTrue(metrics.contains("caravan_webhook_rejected_total{cause=\"bad_signature\",system=\"hubspot\"}"), uri);
    }
}
