package dev.caravan.webhook.signature;

import dev.caravan.webhook.WebhookRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * {@code type: standard_webhooks}: the Standard Webhooks scheme (standardwebhooks.com). The sender
 * signs {@code webhook-id.webhook-timestamp.body} with HMAC-SHA256; {@code webhook-signature} holds
 * one or more space-separated {@code v1,BASE64} values (any one matching passes, so keys can rotate).
 * The secret is base64, optionally prefixed {@code whsec_}; {@code webhook-timestamp} is epoch
 * seconds within the {@code window} (default 5 minutes).
 */
public final class StandardWebhooksSignature implements SignatureCheck {

    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";

    private final String secret;
    private final Duration window;

    public StandardWebhooksSignature(String secret, Duration window) {
        this.secret = secret;
        this.window = window;
    }

    @Override
    public void verify(WebhookRequest r, String key, Instant now) throws SignatureException {
        String id = Hmacs.required(r, ID).strip();
        String timestamp = Hmacs.required(r, TIMESTAMP).strip();
        String signatures = Hmacs.required(r, SIGNATURE);
        Hmacs.fresh(TIMESTAMP, timestamp, false, window, now);
        byte[] k;
        try {
            k = Base64.getDecoder().decode(key.startsWith("whsec_") ? key.substring(6) : key);
        } catch (IllegalArgumentException e) {
            throw new SignatureException(SignatureException.Cause.NOT_CONFIGURED,
                    "the Standard Webhooks secret is not base64 (whsec_… as the sender shows it)");
        }
        byte[] expected = Hmacs.mac("HmacSHA256", k, id, ".", timestamp, ".", r.body());
        boolean any = false;
        for (String s : signatures.trim().split("\\s+")) {
            int comma = s.indexOf(',');
            if (comma > 0 && s.substring(0, comma).equals("v1") && Hmacs.matches(expected, s.substring(comma + 1), "base64")) {
                any = true; // no early exit: every candidate is compared
            }
        }
        if (!any) {
            throw new SignatureException(SignatureException.Cause.INVALID, "no " + SIGNATURE + " value matches");
        }
    }

    @Override
    public String secretReference() {
        return secret;
    }

}
