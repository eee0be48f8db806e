package dev.caravan.source.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code signer: hmac_sha256}: HMAC-SHA256 with {@code secret: ${ENV}} over
 * {@code METHOD \n PATH?QUERY \n TIMESTAMP \n BODY} (timestamp in epoch seconds, sent in
 * {@code timestamp_header}, default X-Timestamp), written to {@code header} (default X-Signature) as
 * {@code encoding} hex (default) or base64, after an optional {@code prefix}. An optional
 * {@code key_id: ${ENV}} is sent in {@code key_id_header} (default X-Key-Id).
 */
final class HmacSha256Signer implements RequestSigner {

    private final String secret;
    private final String keyId;
    private final String header;
    private final String timestampHeader;
    private final String keyIdHeader;
    private final String encoding;
    private final String prefix;

    HmacSha256Signer(StrategyOptions o) {
        this.secret = o.secret("secret");
        this.keyId = o.has("key_id") ? o.secret("key_id") : null;
        this.header = o.string("header", "X-Signature");
        this.timestampHeader = o.string("timestamp_header", "X-Timestamp");
        this.keyIdHeader = o.string("key_id_header", "X-Key-Id");
        this.encoding = o.oneOf("encoding", "hex", Set.of("hex", "base64"));
        this.prefix = o.string("prefix", "");
    }

    @Override
    public List<String> secretReferences() {
        return keyId == null ? List.of(secret) : List.of(secret, keyId);
    }

    @Override
    public void sign(RequestSpec request, Authenticator.Context context) {
        String timestamp = Long.toString(context.ticker().now().getEpochSecond());
        URI uri = request.uri();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] body = request.body();
        byte[] head = (request.method() + "\n" + target + "\n" + timestamp + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] mac = hmac(context.secrets().resolve(secret), head, body);
        request.header(timestampHeader, timestamp);
        if (keyId != null) {
            request.header(keyIdHeader, context.secrets().resolve(keyId));
        }
        request.header(header, prefix + ("base64".equals(encoding) ? Base64.getEncoder().encodeToString(mac) : HexFormat.of().formatHex(mac)));
    }

    static byte[] hmac(String key, byte[] head, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(head);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
