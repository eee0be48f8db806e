package dev.caravan.source.http;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/** The auth strategies a connection can name by {@code type:}. */
final class AuthTypes {

    static final Map<String, Function<StrategyOptions, Authenticator>> AUTH_TYPES = Map.of(
            "bearer", BearerAuth::new,
            "oauth2_refresh", OAuth2RefreshAuth::new,
            "api_key", ApiKeyAuth::new,
            "basic", BasicAuth::new,
            "signed", SignedAuth::new,
            "login", LoginAuth::new);

    private AuthTypes() {
    }

    /** The authenticator an options block names, or null (with a problem recorded) when it cannot be built. */
    static Authenticator parse(StrategyOptions o) {
        String type = o.required("type");
        if (type == null) {
            return null;
        }
        Function<StrategyOptions, Authenticator> factory = AUTH_TYPES.get(type);
        if (factory == null) {
            o.problem("unknown auth type '" + type + "'; valid types: " + valid());
            return null;
        }
        Authenticator a = factory.apply(o);
        o.rejectUnknown();
        return a;
    }

    static String valid() {
        return String.join(", ", new TreeSet<>(AUTH_TYPES.keySet()));
    }

    /** The first alternative whose secrets are all set. */
    static Authenticator select(String system, List<Authenticator> alternatives, Secrets secrets) {
        for (Authenticator a : alternatives) {
            if (a.secretReferences().stream().allMatch(secrets::isSet)) {
                return a;
            }
        }
        StringBuilder needed = new StringBuilder();
        for (Authenticator a : alternatives) {
            needed.append(needed.length() == 0 ? "" : "; or ")
                    .append(String.join(", ", a.secretReferences().stream().map(Secrets::variable).toList()));
        }
        throw new HttpSourceNotConfiguredException(system + " is not configured: set " + needed);
    }
}
