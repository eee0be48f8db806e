package dev.caravan.webhook.signature;

import dev.caravan.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * {@code type: shared_secret}: the sender proves itself with the secret itself, for senders that
 * cannot sign (LeadConduit's delivery steps): either in a header ({@code header}, default
 * {@code X-Caravan-Webhook-Secret}) or as the password of HTTP Basic credentials (any user name).
 * Compared in constant time. Use it over HTTPS only: the secret travels with every request.
 */
public final class SharedSecretSignature implements SignatureCheck {

    private final String secret;
    private final String header;

    public SharedSecretSignature(String secret, String header) {
        this.secret = secret;
        this.header = header;
    }

    @Override
    public void verify(WebhookRequest r, String key, Instant now) throws SignatureException {
        byte[] expected = key.getBytes(StandardCharsets.UTF_8);
        String sent = r.header(header);
        String authorization = r.header("Authorization");
        if (sent == null && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                sent = colon < 0 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                throw new SignatureException(SignatureException.Cause.INVALID, "the Basic credentials are not base64");
            }
        }
        if (sent == null || sent.isEmpty()) {
            throw new SignatureException(SignatureException.Cause.MISSING, "neither the " + header
                    + " header nor Basic credentials were sent");
        }
        if (!MessageDigest.isEqual(expected, sent.getBytes(StandardCharsets.UTF_8))) {
            throw new SignatureException(SignatureException.Cause.INVALID, "the shared secret does not match");
        }
    }

    @Override
    public String secretReference() {
        return secret;
    }
}
