package dev.caravan.source.http;

import java.util.List;
import java.util.Set;

/**
 * {@code type: api_key}: the key in a header ({@code location: header}, the default, {@code name:}
 * e.g. X-API-Key, optional {@code prefix:}) or in a query parameter ({@code location: query}).
 */
final class ApiKeyAuth implements Authenticator {

    private final String key;
    private final String name;
    private final String location;
    private final String prefix;

    ApiKeyAuth(StrategyOptions o) {
        this.key = o.secret("api_key");
        this.location = o.oneOf("location", "header", Set.of("header", "query"));
        this.name = o.string("name", "header".equals(location) ? "X-API-Key" : "api_key");
        this.prefix = o.string("prefix", "");
    }

    @Override
    public List<String> secretReferences() {
        return List.of(key);
    }

    @Override
    public void apply(RequestSpec request, Context context) {
        String value = context.secrets().resolve(key);
        if ("query".equals(location)) {
            request.query(name, value);
        } else {
            request.header(name, prefix + value);
        }
    }
}
