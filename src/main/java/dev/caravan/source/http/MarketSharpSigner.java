package dev.caravan.source.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code signer: marketsharp}: MarketSharp's OData service (docs/sources/marketsharp-api.md) wants
 * {@code Authorization: companyId:apiKey:epoch:hash} on every request, where {@code epoch} is Unix
 * time in whole seconds and {@code hash} is the standard base64 of HMAC-SHA256 over
 * {@code companyId + apiKey + epoch} (no separators), keyed with the <em>base64-decoded</em> secret.
 * Options {@code company_id}, {@code api_key}, {@code secret_key}: {@code ${ENV}} references.
 */
final class MarketSharpSigner implements RequestSigner {

    private final String companyId;
    private final String apiKey;
    private final String secretKey;

    MarketSharpSigner(StrategyOptions o) {
        this.companyId = o.secret("company_id");
        this.apiKey = o.secret("api_key");
        this.secretKey = o.secret("secret_key");
    }

    @Override
    public List<String> secretReferences() {
        return List.of(companyId, apiKey, secretKey);
    }

    @Override
    public void sign(RequestSpec request, Authenticator.Context context) {
        Secrets s = context.secrets();
        String coy = s.resolve(companyId).trim();
        String key = s.resolve(apiKey).trim();
        long epoch = context.ticker().now().getEpochSecond();
        request.header("Authorization", header(coy, key, s.resolve(secretKey), epoch));
    }

    /** {@code coy:key:epoch:base64(HMAC-SHA256(base64decode(secret), coy + key + epoch))}. */
    static String header(String companyId, String apiKey, String secret, long epoch) {
        byte[] keyBytes;
        try {
            keyBytes = Base64.getDecoder().decode(secret.trim());
        } catch (IllegalArgumentException e) {
            // the value is never echoed: only what is wrong with it
            throw new IllegalStateException("marketsharp: the secret key (MARKETSHARP_SECRET_KEY) is not base64; copy it"
                    + " exactly as MarketSharp's API Maintenance page shows it");
        }
        if (keyBytes.length == 0) {
            throw new IllegalStateException("marketsharp: the secret key (MARKETSHARP_SECRET_KEY) is empty");
        }
        String message = companyId + apiKey + epoch;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keyBytes, "HmacSHA256"));
            String hash = Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
            return companyId + ":" + apiKey + ":" + epoch + ":" + hash;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
