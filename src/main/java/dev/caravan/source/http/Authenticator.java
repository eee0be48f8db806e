package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Puts credentials on a request. One small class per {@code auth.type} of a connection
 * ({@link AuthTypes}); an authenticator holds {@code ${ENV}} references, resolved on use.
 */
public interface Authenticator {

    /** The {@code ${ENV}} references this needs; a connection uses the first alternative whose references are all set. */
    List<String> secretReferences();

    /** Adds the credentials, last, after path, query, body and paging are final. */
    void apply(RequestSpec request, Context context) throws IOException;

    /** Whether a 401 can be cured by {@link #invalidate()} and one more try. */
    default boolean canRefresh() {
        return false;
    }

    /** Forgets a cached credential after a 401, so the next {@link #apply} obtains a fresh one. */
    default void invalidate() {
    }

    /** What an authenticator may use: the secrets, a token endpoint, the clock. */
    interface Context {
        Secrets secrets();

        URI baseUrl();

        Ticker ticker();

        /** POSTs a form to a token endpoint and returns its JSON answer (no rate limiter, no auth, bounded). */
        JsonNode postForm(URI url, Map<String, String> form) throws IOException;
    }
}
