package dev.caravan.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Webhook deliveries as HubSpot, LeadConduit and a generic HMAC sender make them, over real HTTP. */
public final class Deliveries {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Deliveries() {
    }

    /** A HubSpot v3 signature of a POST of body to uri at timestamp (epoch ms). */
    public static String hubspotV3(String secret, String uri, String body, long timestamp) {
        return Base64.getEncoder().encodeToString(hmac("HmacSHA256", secret, "POST" + uri + body + timestamp));
    }

    public static String hexHmac(String secret, String text) {
        return HexFormat.of().formatHex(hmac("HmacSHA256", secret, text));
    }

    static byte[] hmac(String algorithm, String secret, String text) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A validly signed HubSpot delivery to base + path. */
    public static HttpResponse<String> hubspot(String base, String path, String secret, String body) {
        long ts = System.currentTimeMillis();
        String uri = base + path;
        return send(HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
                .header("X-HubSpot-Signature-v3", hubspotV3(secret, uri, body, ts))
                .header("X-HubSpot-Request-Timestamp", Long.toString(ts))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** HubSpot's event array: one event per object id, of the given subscription type. */
    public static String hubspotEvents(String subscriptionType, long firstEventId, String... objectIds) {
        StringBuilder b = new StringBuilder("[");
        long now = System.currentTimeMillis();
        for (int i = 0; i < objectIds.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"eventId\":").append(firstEventId + i).append(",\"subscriptionId\":2101,\"portalId\":62515,")
                    .append("\"appId\":54321,\"occurredAt\":").append(now).append(",\"subscriptionType\":\"")
                    .append(subscriptionType).append("\",\"attemptNumber\":0,\"objectId\":").append(objectIds[i])
                    .append(",\"changeSource\":\"CRM\",\"propertyName\":\"email\",\"propertyValue\":\"x@example.com\"}");
        }
        return b.append(']').toString();
    }
}
