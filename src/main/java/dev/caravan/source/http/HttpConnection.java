package dev.caravan.source.http;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One API system's connection ({@code definitions/SYSTEM/connection.yaml}), parsed and validated by
 * {@link HttpDefinitions#connection}.
 *
 * @param baseUrl the definition's {@code base_url}, or {@code <SYSTEM>_BASE_URL} from the environment
 * @param auth the alternatives, in order; the first whose secrets are all set is used
 * @param paginator the default paginator of the system's resources
 * @param rateLimits bucket name → limit; every request takes from {@code default}, and also from
 *        its resource's own bucket (e.g. {@code search}) when that is another one
 * @param format how 2xx bodies are read ({@code format:}, default {@code json})
 */
public record HttpConnection(
        String system,
        URI baseUrl,
        Map<String, String> headers,
        List<Authenticator> auth,
        Paginator paginator,
        Map<String, RateLimit> rateLimits,
        RateLimitHeaders rateLimitHeaders,
        Retry retry,
        Duration connectTimeout,
        Duration requestTimeout,
        long maxResponseBytes,
        Format format) {

    public static final String DEFAULT_BUCKET = "default";

    public HttpConnection {
        headers = Map.copyOf(headers);
        auth = List.copyOf(auth);
        rateLimits = Map.copyOf(rateLimits);
        format = format == null ? Format.JSON : format;
    }

    /** A JSON connection (the form before {@code format:} existed). */
    public HttpConnection(String system, URI baseUrl, Map<String, String> headers, List<Authenticator> auth, Paginator paginator,
            Map<String, RateLimit> rateLimits, RateLimitHeaders rateLimitHeaders, Retry retry, Duration connectTimeout,
            Duration requestTimeout, long maxResponseBytes) {
        this(system, baseUrl, headers, auth, paginator, rateLimits, rateLimitHeaders, retry, connectTimeout, requestTimeout,
                maxResponseBytes, Format.JSON);
    }

    /**
     * The response format: {@code json}, or {@code atom} (OData v2 Atom/XML, read by {@link AtomFeed}
     * into {@code {"entries":[…], "next": url}} so records and paginators use the same JSON pointers).
     */
    public enum Format {
        JSON, ATOM;

        static final java.util.Set<String> NAMES = java.util.Set.of("json", "atom");
    }

    /**
     * At most {@code requests} per {@code per}, client-side. {@code guard} widens the window the
     * client keeps (per + guard), so that network jitter between two requests a window apart does
     * not make the server count one too many in its own window.
     */
    public record RateLimit(int requests, Duration per, Duration guard) {
    }

    /**
     * Names of the response headers telling the server's view of the limit (any may be null):
     * HubSpot's X-HubSpot-RateLimit-Max, -Remaining, -Interval-Milliseconds; or one header holding
     * {@code USED/MAX} ({@code usedOfMax}: Shopify's leaky bucket, X-Shopify-Shop-Api-Call-Limit: 32/40).
     */
    public record RateLimitHeaders(String max, String remaining, String intervalMillis, String usedOfMax) {
        public static final RateLimitHeaders NONE = new RateLimitHeaders(null, null, null, null);
    }

    /** Back-off from {@code firstDelay} growing by {@code multiplier} up to {@code maxDelay}, within {@code budget}. */
    public record Retry(Duration budget, Duration firstDelay, Duration maxDelay, double multiplier) {
    }
}
