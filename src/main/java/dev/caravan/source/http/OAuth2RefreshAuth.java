package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code type: oauth2_refresh}: the OAuth 2 refresh-token grant. The access token is obtained by
 * POSTing {@code grant_type=refresh_token}, client id, client secret and refresh token, form-encoded,
 * to {@code token_url} (absolute, or a path on the base URL, e.g. HubSpot's /oauth/v1/token). It is
 * cached until {@code refresh_before} (default 60 s) ahead of its {@code expires_in}; a 401 makes it
 * refresh once on demand. A rotated refresh token in the answer replaces the old one for this process.
 */
final class OAuth2RefreshAuth extends CachedTokenAuth {

    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String refreshToken;

    private String rotatedRefreshToken;

    OAuth2RefreshAuth(StrategyOptions o) {
        super(o.duration("refresh_before", Duration.ofSeconds(60)));
        this.tokenUrl = o.required("token_url");
        this.clientId = o.secret("client_id");
        this.clientSecret = o.secret("client_secret");
        this.refreshToken = o.secret("refresh_token");
    }

    @Override
    public List<String> secretReferences() {
        return List.of(clientId, clientSecret, refreshToken);
    }

    @Override
    String obtain(Context context) throws IOException {
        Secrets secrets = context.secrets();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", secrets.resolve(clientId));
        form.put("client_secret", secrets.resolve(clientSecret));
        form.put("refresh_token", rotatedRefreshToken != null ? rotatedRefreshToken : secrets.resolve(refreshToken));
        long asked = context.ticker().nanos();
        JsonNode answer = context.postForm(TokenCache.endpoint(context.baseUrl(), tokenUrl), form);
        JsonNode token = answer.get("access_token");
        if (token == null || !token.isTextual() || token.asText().isBlank()) {
            throw new IOException("token endpoint answered without an access_token");
        }
        JsonNode rotated = answer.get("refresh_token");
        if (rotated != null && rotated.isTextual() && !rotated.asText().isBlank()) {
            rotatedRefreshToken = rotated.asText();
            secrets.remember(rotatedRefreshToken);
        }
        return cache.store(secrets, "Bearer", token.asText(), asked, answer.path("expires_in").asLong(0));
    }
}
