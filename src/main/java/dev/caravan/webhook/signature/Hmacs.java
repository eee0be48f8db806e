package dev.caravan.webhook.signature;

import dev.caravan.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC computation, constant-time comparison and timestamp windows shared by the schemes. */
final class Hmacs {

    private Hmacs() {
    }

    /** HMAC of the parts in order (text parts as UTF-8). */
    static byte[] mac(String algorithm, byte[] key, Object... parts) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            for (Object p : parts) {
                mac.update(p instanceof byte[] b ? b : p.toString().getBytes(StandardCharsets.UTF_8));
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    /** Constant-time equality of the expected MAC and a sent one in the given encoding (false when undecodable). */
    static boolean matches(byte[] expected, String sent, String encoding) {
        byte[] decoded;
        try {
            decoded = "hex".equals(encoding) ? HexFormat.of().parseHex(sent.strip().toLowerCase(java.util.Locale.ROOT))
                    : Base64.getDecoder().decode(sent.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, decoded);
    }

    static String required(WebhookRequest r, String header) throws SignatureException {
        String v = r.header(header);
        if (v == null || v.isBlank()) {
            throw new SignatureException(SignatureException.Cause.MISSING, "the " + header + " header is missing");
        }
        return v;
    }

    /**
     * Checks a sender's timestamp against the window (in the past and, for clock skew, the future).
     *
     * @param millis whether the header holds epoch milliseconds (else seconds)
     */
    static void fresh(String header, String value, boolean millis, Duration window, Instant now) throws SignatureException {
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new SignatureException(SignatureException.Cause.INVALID, "the " + header + " header is not a number");
        }
        Instant at;
        try {
            at = millis ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
        } catch (java.time.DateTimeException e) {
            throw new SignatureException(SignatureException.Cause.INVALID, "the " + header + " header is out of range");
        }
        if (Duration.between(at, now).abs().compareTo(window) > 0) {
            throw new SignatureException(SignatureException.Cause.STALE, "the " + header + " timestamp is more than "
                    + window.toSeconds() + " s from this server's clock (a replayed or delayed delivery)");
        }
    }
}
