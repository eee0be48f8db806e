package dev.caravan.source.http;

import java.io.IOException;
import java.time.Duration;

/**
 * An authenticator whose credential is a token obtained at run time ({@link OAuth2RefreshAuth},
 * {@link LoginAuth}): sent as {@code Authorization} from the {@link TokenCache}, obtained again when
 * due, and once more after a 401.
 */
abstract class CachedTokenAuth implements Authenticator {

    protected final TokenCache cache;

    CachedTokenAuth(Duration refreshBefore) {
        this.cache = new TokenCache(refreshBefore);
    }

    /** Obtains a new token and returns the {@code Authorization} value {@link TokenCache#store} kept. */
    abstract String obtain(Context context) throws IOException;

    @Override
    public final synchronized void apply(RequestSpec request, Context context) throws IOException {
        String header = cache.current(context.ticker());
        request.header("Authorization", header != null ? header : obtain(context));
    }

    @Override
    public final boolean canRefresh() {
        return true;
    }

    @Override
    public final synchronized void invalidate() {
        cache.clear();
    }
}
