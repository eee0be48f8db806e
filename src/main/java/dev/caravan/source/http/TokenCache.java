package dev.caravan.source.http;

import java.time.Duration;

/**
 * An access token obtained at run time (OAuth refresh, a login), kept until {@code refresh_before}
 * ahead of its lifetime; without a lifetime it is kept until the API refuses it (a 401 calls
 * {@link #clear()}). Shared by {@link OAuth2RefreshAuth} and {@link LoginAuth}; callers synchronise.
 */
final class TokenCache {

    private final Duration refreshBefore;
    private String header;
    private long expiresAtNanos;

    TokenCache(Duration refreshBefore) {
        this.refreshBefore = refreshBefore;
    }

    /** The cached {@code Authorization} value, or null when there is none or it is due for renewal. */
    String current(Ticker ticker) {
        return header == null || ticker.nanos() - expiresAtNanos >= 0 ? null : header;
    }

    /**
     * Keeps a new token, remembered by the secrets for masking.
     *
     * @param askedNanos the ticker's time when the token was asked for (its lifetime counts from then)
     * @param expiresInSeconds the token's lifetime, 0 or less when the answer gave none
     */
    String store(Secrets secrets, String scheme, String token, long askedNanos, long expiresInSeconds) {
        secrets.remember(token);
        header = scheme + " " + token;
        long lifetime = expiresInSeconds > 0
                ? Math.max(Duration.ofSeconds(expiresInSeconds).minus(refreshBefore).toNanos(), 0)
                : Duration.ofDays(365).toNanos();
        expiresAtNanos = askedNanos + lifetime;
        return header;
    }

    void clear() {
        header = null;
    }

    /** A token endpoint given as an absolute URL, or as a path on the base URL. */
    static java.net.URI endpoint(java.net.URI base, String url) {
        if (url.startsWith("http://") || url.startsWith("https://")) {
            return java.net.URI.create(url);
        }
        String b = base.toString();
        return java.net.URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + (url.startsWith("/") ? "" : "/") + url);
    }
}
