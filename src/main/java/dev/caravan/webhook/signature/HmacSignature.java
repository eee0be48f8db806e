package dev.caravan.webhook.signature;

import dev.caravan.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code type: hmac}: a generic HMAC signature in one header. Options: {@code header}, {@code
 * algorithm} (sha256, sha1 or sha512), {@code encoding} (hex or base64), an optional {@code prefix}
 * before the value ({@code sha256=}), and an optional {@code timestamp_header} (epoch seconds) with
 * its {@code window}. What is signed is the body, or, with a timestamp header, {@code signed:
 * timestamp_dot_body} ({@code TIMESTAMP.BODY}, as Stripe and Slack-like senders do) or {@code body}.
 */
public final class HmacSignature implements SignatureCheck {

    private final String secret;
    private final String header;
    private final String algorithm;
    private final String encoding;
    private final String prefix;
    private final String timestampHeader;
    private final Duration window;
    private final boolean timestampInSigned;

    public HmacSignature(String secret, String header, String algorithm, String encoding, String prefix,
            String timestampHeader, Duration window, boolean timestampInSigned) {
        this.secret = secret;
        this.header = header;
        this.algorithm = switch (algorithm) {
            case "sha1" -> "HmacSHA1";
            case "sha512" -> "HmacSHA512";
            default -> "HmacSHA256";
        };
        this.encoding = encoding;
        this.prefix = prefix;
        this.timestampHeader = timestampHeader;
        this.window = window;
        this.timestampInSigned = timestampInSigned;
    }

    @Override
    public void verify(WebhookRequest r, String key, Instant now) throws SignatureException {
        String sent = Hmacs.required(r, header).strip();
        String timestamp = null;
        if (timestampHeader != null) {
            timestamp = Hmacs.required(r, timestampHeader).strip();
            Hmacs.fresh(timestampHeader, timestamp, false, window, now);
        }
        if (!prefix.isEmpty()) {
            if (!sent.regionMatches(true, 0, prefix, 0, prefix.length())) {
                throw new SignatureException(SignatureException.Cause.INVALID, "the " + header + " header does not start with "
                        + prefix);
            }
            sent = sent.substring(prefix.length());
        }
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] expected = timestamp != null && timestampInSigned ? Hmacs.mac(algorithm, k, timestamp, ".", r.body())
                : Hmacs.mac(algorithm, k, r.body());
        if (!Hmacs.matches(expected, sent, encoding)) {
            throw new SignatureException(SignatureException.Cause.INVALID, "the " + header + " signature does not match");
        }
    }

    @Override
    public String secretReference() {
        return secret;
    }
}
