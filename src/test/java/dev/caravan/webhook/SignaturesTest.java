package dev.caravan.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caravan.webhook.signature.HmacSignature;
import dev.caravan.webhook.signature.HubSpotV3Signature;
import dev.caravan.webhook.signature.SharedSecretSignature;
import dev.caravan.webhook.signature.SignatureCheck;
import dev.caravan.webhook.signature.SignatureException;
import dev.caravan.webhook.signature.StandardWebhooksSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signature schemes against vectors computed outside Java (Python's hmac) or published by the scheme. */
class SignaturesTest {

    private static WebhookRequest request(String uri, String body, String... headers) {
        Map<String, List<String>> h = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i].toLowerCase(), List.of(headers[i + 1]));
        }
        return new WebhookRequest("POST", uri, h, body.getBytes(StandardCharsets.UTF_8));
    }

    private static SignatureException.Cause refused(SignatureCheck check, WebhookRequest r, String secret, Instant now) {
        return assertThrows(SignatureException.class, () -> check.verify(r, secret, now)).reason();
    }

    // python3: base64(hmac(b'secret-abc', 'POST' + uri + body + ts, sha256))
    private static final String HUBSPOT_SIGNATURE = "1ZEzohDrGAs7P7wEBMF9DId8wTLxT58oW7wO7yNe72U=";
    private static final Instant HUBSPOT_NOW = Instant.ofEpochMilli(1700000000000L).plusSeconds(60);

    @Test
    void hubspotV3AcceptsTheSignatureHubSpotWouldSend() {
        HubSpotV3Signature check = new HubSpotV3Signature("${HUBSPOT_CLIENT_SECRET}", Duration.ofMinutes(5));
        WebhookRequest r = request("https://example.com/webhooks/hubspot?x=1", "[{\"eventId\":1}]",
                "X-HubSpot-Signature-v3", HUBSPOT_SIGNATURE, "X-HubSpot-Request-Timestamp", "1700000000000");
        assertDoesNotThrow(() -> check.verify(r, "secret-abc", HUBSPOT_NOW));
    }

    @Test
    void hubspotV3RefusesTamperingStalenessAndAbsence() {
        HubSpotV3Signature check = new HubSpotV3Signature("${HUBSPOT_CLIENT_SECRET}", Duration.ofMinutes(5));
        String uri = "https://example.com/webhooks/hubspot?x=1";
        String[] good = {"X-HubSpot-Signature-v3", HUBSPOT_SIGNATURE, "X-HubSpot-Request-Timestamp", "1700000000000"};
        assertEquals(SignatureException.Cause.INVALID, refused(check, request(uri, "[{\"eventId\":2}]", good), "secret-abc", HUBSPOT_NOW));
        assertEquals(SignatureException.Cause.INVALID, refused(check, request(uri, "[{\"eventId\":1}]", good), "wrong", HUBSPOT_NOW));
        assertEquals(SignatureException.Cause.INVALID, refused(check,
                request("https://proxy.internal/webhooks/hubspot?x=1", "[{\"eventId\":1}]", good), "secret-abc", HUBSPOT_NOW));
        assertEquals(SignatureException.Cause.STALE, refused(check, request(uri, "[{\"eventId\":1}]", good), "secret-abc",
                HUBSPOT_NOW.plus(Duration.ofMinutes(6))));
        assertEquals(SignatureException.Cause.MISSING, refused(check, request(uri, "[{\"eventId\":1}]",
                "X-HubSpot-Request-Timestamp", "1700000000000"), "secret-abc", HUBSPOT_NOW));
        assertEquals(SignatureException.Cause.INVALID, refused(check, request(uri, "[{\"eventId\":1}]",
                "X-HubSpot-Signature-v3", "%%%not-base64", "X-HubSpot-Request-Timestamp", "1700000000000"), "secret-abc", HUBSPOT_NOW));
    }

    @Test
    void hubspotV3DecodesOnlyTheCharactersHubSpotLists() {
        assertEquals("https://x.io/webhooks/hubspot?a=b:c/d,e%20f", HubSpotV3Signature.decodeUri(
                "https://x.io/webhooks/hubspot?a=b%3Ac%2Fd%2ce%20f"));
    }

    @Test
    void standardWebhooksMatchesThePublishedExample() {
        StandardWebhooksSignature check = new StandardWebhooksSignature("${X}", Duration.ofMinutes(5));
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        Instant now = Instant.ofEpochSecond(1614265330);
        WebhookRequest ok = request("https://h/webhooks/x", "{\"test\": 2432232314}", "webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "webhook-timestamp", "1614265330", "webhook-signature", "v1,bm9wZQ== v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertDoesNotThrow(() -> check.verify(ok, secret, now));
        WebhookRequest otherId = request("https://h/webhooks/x", "{\"test\": 2432232314}", "webhook-id", "msg_other",
                "webhook-timestamp", "1614265330", "webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertEquals(SignatureException.Cause.INVALID, refused(check, otherId, secret, now));
        assertEquals(SignatureException.Cause.STALE, refused(check, ok, secret, now.plusSeconds(301)));
    }

    @Test
    void genericHmacWithPrefixHexAndTimestamp() throws Exception {
        HmacSignature check = new HmacSignature("${S}", "X-Signature", "sha256", "hex", "sha256=", "X-Timestamp",
                Duration.ofMinutes(5), true);
        javax.crypto.Mac m = javax.crypto.Mac.getInstance("HmacSHA256");
        m.init(new javax.crypto.spec.SecretKeySpec("k".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String hex = java.util.HexFormat.of().formatHex(m.doFinal("1000.{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        Instant now = Instant.ofEpochSecond(1000);
        assertDoesNotThrow(() -> check.verify(request("u", "{\"a\":1}", "X-Signature", "sha256=" + hex, "X-Timestamp", "1000"), "k", now));
        assertEquals(SignatureException.Cause.INVALID, refused(check, request("u", "{\"a\":2}", "X-Signature", "sha256=" + hex,
                "X-Timestamp", "1000"), "k", now));
        assertEquals(SignatureException.Cause.INVALID, refused(check, request("u", "{\"a\":1}", "X-Signature", hex,
                "X-Timestamp", "1000"), "k", now));
        assertEquals(SignatureException.Cause.STALE, refused(check, request("u", "{\"a\":1}", "X-Signature", "sha256=" + hex,
                "X-Timestamp", "1000"), "k", now.plusSeconds(3600)));
    }

    @Test
    void sharedSecretInAHeaderOrAsTheBasicPassword() {
        SharedSecretSignature check = new SharedSecretSignature("${S}", "X-Caravan-Webhook-Secret");
        Instant now = Instant.now();
        assertDoesNotThrow(() -> check.verify(request("u", "{}", "X-Caravan-Webhook-Secret", "s3cret"), "s3cret", now));
        String basic = "Basic " + Base64.getEncoder().encodeToString("leadconduit:s3cret".getBytes(StandardCharsets.UTF_8));
        assertDoesNotThrow(() -> check.verify(request("u", "{}", "Authorization", basic), "s3cret", now));
        assertEquals(SignatureException.Cause.INVALID, refused(check, request("u", "{}", "X-Caravan-Webhook-Secret", "s3cre"), "s3cret", now));
        assertEquals(SignatureException.Cause.MISSING, refused(check, request("u", "{}"), "s3cret", now));
    }

    @Test
    void refusalsNeverCarryTheSecretOrTheSignature() {
        HubSpotV3Signature check = new HubSpotV3Signature("${HUBSPOT_CLIENT_SECRET}", Duration.ofMinutes(5));
        SignatureException e = assertThrows(SignatureException.class, () -> check.verify(request("https://example.com/webhooks/hubspot?x=1",
                "[{\"eventId\":9}]", "X-HubSpot-Signature-v3", HUBSPOT_SIGNATURE, "X-HubSpot-Request-Timestamp", "1700000000000"),
                "secret-abc", HUBSPOT_NOW));
        assertFalse(e.getMessage().contains("secret-abc"));
        assertFalse(e.getMessage().contains(HUBSPOT_SIGNATURE));
        assertFalse(e.getMessage().contains("eventId"));
    }
}
