package dev.caravan.webhook.signature;

import dev.caravan.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code type: hubspot_v3}: HubSpot's v3 request signature. {@code X-HubSpot-Signature-v3} is the
 * base64 HMAC-SHA256, keyed with the app's client secret, of method + URI + body + the
 * {@code X-HubSpot-Request-Timestamp} header (epoch milliseconds). The URI is the full one HubSpot
 * called (scheme, host, path, query), with the URL-encoded characters HubSpot's documentation lists
 * decoded. A timestamp more than {@code max_age} (default 5 minutes) away is refused.
 */
public final class HubSpotV3Signature implements SignatureCheck {

    static final String SIGNATURE = "X-HubSpot-Signature-v3";
    static final String TIMESTAMP = "X-HubSpot-Request-Timestamp";
    /** The percent-encodings HubSpot decodes before signing the URI. */
    private static final Map<String, String> DECODED = Map.ofEntries(Map.entry("%3A", ":"), Map.entry("%2F", "/"),
            Map.entry("%3F", "?"), Map.entry("%40", "@"), Map.entry("%21", "!"), Map.entry("%24", "$"),
            Map.entry("%27", "'"), Map.entry("%28", "("), Map.entry("%29", ")"), Map.entry("%2A", "*"),
            Map.entry("%2C", ","), Map.entry("%3B", ";"));
    private static final Pattern ENCODED = Pattern.compile("%[0-9A-Fa-f]{2}");

    private final String secret;
    private final Duration maxAge;

    public HubSpotV3Signature(String secretReference, Duration maxAge) {
        this.secret = secretReference;
        this.maxAge = maxAge;
    }

    @Override
    public void verify(WebhookRequest r, String key, Instant now) throws SignatureException {
        String sent = Hmacs.required(r, SIGNATURE);
        String timestamp = Hmacs.required(r, TIMESTAMP);
        Hmacs.fresh(TIMESTAMP, timestamp, true, maxAge, now);
        byte[] expected = Hmacs.mac("HmacSHA256", key.getBytes(StandardCharsets.UTF_8), r.method(), decodeUri(r.uri()),
                r.body(), timestamp.strip());
        if (!Hmacs.matches(expected, sent, "base64")) {
            throw new SignatureException(SignatureException.Cause.INVALID, "the " + SIGNATURE
                    + " signature does not match (wrong client secret, a changed body, or a public URL that differs from"
                    + " the one HubSpot calls: set CARAVAN_WEBHOOK_PUBLIC_URL)");
        }
    }

    /** The URI as HubSpot signs it: the listed percent-encodings decoded, others kept. */
    public static String decodeUri(String uri) {
        Matcher m = ENCODED.matcher(uri);
        StringBuilder out = new StringBuilder(uri.length());
        while (m.find()) {
            String d = DECODED.get(m.group().toUpperCase(java.util.Locale.ROOT));
            m.appendReplacement(out, Matcher.quoteReplacement(d == null ? m.group() : d));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public String secretReference() {
        return secret;
    }
}
