package dev.caravan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which interface HTTP listens on by default (plain JUnit, and through a real SmallRye Config). */
class HttpHostDefaultTest {

    static final Map<String, String> APPLICATION_PROPERTIES = Map.of(
            "caravan.api.tokens", "${CARAVAN_API_TOKENS:}", "caravan.http.host", "${CARAVAN_HTTP_HOST:}");

    @Test
    void loopbackWithoutTokensAllInterfacesWithThemExplicitHostWins() {
        assertEquals("127.0.0.1", HttpHostDefault.choose(null, null));
        assertEquals("127.0.0.1", HttpHostDefault.choose("", " "));
        assertEquals("0.0.0.0", HttpHostDefault.choose(null, "operator:x"));
        assertEquals("10.1.2.3", HttpHostDefault.choose(" 10.1.2.3 ", null));
        assertEquals("127.0.0.1", HttpHostDefault.choose("127.0.0.1", "operator:x"));
    }

    @Test
    void theEnvironmentReachesTheFactoryThroughApplicationProperties() {
        assertEquals("127.0.0.1", host(Map.of()));
        assertEquals("0.0.0.0", host(Map.of("CARAVAN_API_TOKENS", "operator:x")));
        assertEquals("192.0.2.7", host(Map.of("CARAVAN_API_TOKENS", "operator:x", "CARAVAN_HTTP_HOST", "192.0.2.7")));
    }

    @Test
    void anExplicitQuarkusHttpHostStillWins() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(Map.of("quarkus.http.host", "10.0.0.1"), "sys", 400))
                .withSources(new HttpHostDefault()).build();
        assertEquals("10.0.0.1", config.getRawValue("quarkus.http.host"));
    }

    private static String host(Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(APPLICATION_PROPERTIES, "application.properties", 250))
                .withSources(new EnvConfigSource(env, 300))
                .withSources(new HttpHostDefault()).build();
        return config.getRawValue("quarkus.http.host");
    }
}
