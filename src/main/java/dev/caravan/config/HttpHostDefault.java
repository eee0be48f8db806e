package dev.caravan.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Chooses the interface HTTP listens on: CARAVAN_HTTP_HOST when set, else all interfaces (0.0.0.0)
 * when API tokens are configured and loopback (127.0.0.1) when they are not, so a service without
 * credentials is never reachable from the network. Supplies {@code quarkus.http.host} below
 * application.properties, the environment and system properties, which still override it.
 */
public class HttpHostDefault implements ConfigSourceFactory {

    static final String LOOPBACK = "127.0.0.1";
    static final String ALL_INTERFACES = "0.0.0.0";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String host = choose(value(context, "caravan.http.host"), value(context, "caravan.api.tokens"));
        return List.of(new MapBackedConfigSource("caravan-http-host-default", Map.of("quarkus.http.host", host), 100) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(100);
    }

    /** The host: the explicit one, else by whether tokens are configured. */
    static String choose(String explicitHost, String tokens) {
        if (explicitHost != null && !explicitHost.isBlank()) {
            return explicitHost.strip();
        }
        return tokens != null && !tokens.isBlank() ? ALL_INTERFACES : LOOPBACK;
    }

    public static boolean isLoopback(String host) {
        return LOOPBACK.equals(host) || "localhost".equals(host) || "::1".equals(host) || host.startsWith("127.");
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue v = context.getValue(name);
        return v == null ? null : v.getValue();
    }
}
