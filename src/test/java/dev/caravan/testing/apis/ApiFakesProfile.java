package dev.caravan.testing.apis;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Syncs of the part-2 API systems against their fakes (real HTTP on loopback, one server each for
 * the test JVM, reset by each test): LeadConduit, Klaviyo, Shopify and the Genius API, configured the
 * way a .env file or the environment does, by their variable names. No GENIUS_DB_* are set, so
 * {@code sync genius} reads the Genius API. The warehouse is the test profile's embedded H2.
 */
public class ApiFakesProfile implements QuarkusTestProfile {

    public static final String LEADCONDUIT_KEY = "lc-api-key-4d1f";
    public static final String KLAVIYO_KEY = "pk_test_7a9c1e";
    public static final String SHOPIFY_TOKEN = "shpat_test_55e0b1";
    public static final String GENIUS_TOKEN = "genius-token-93ab";

    public static final FakeLeadConduit LEADCONDUIT = new FakeLeadConduit(LEADCONDUIT_KEY);
    public static final FakeKlaviyo KLAVIYO = new FakeKlaviyo(KLAVIYO_KEY);
    public static final FakeShopify SHOPIFY = new FakeShopify(SHOPIFY_TOKEN);
    public static final FakeGenius GENIUS = new FakeGenius(GENIUS_TOKEN);

    public static class Fakes implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("ACTIVEPROSPECT_API_KEY", LEADCONDUIT_KEY, "ACTIVEPROSPECT_BASE_URL", LEADCONDUIT.baseUrl(),
                    "KLAVIYO_API_KEY", KLAVIYO_KEY, "KLAVIYO_BASE_URL", KLAVIYO.baseUrl(),
                    "SHOPIFY_ACCESS_TOKEN", SHOPIFY_TOKEN, "SHOPIFY_BASE_URL", SHOPIFY.apiBase(),
                    "GENIUS_API_TOKEN", GENIUS_TOKEN, "GENIUS_BASE_URL", GENIUS.baseUrl());
        }

        @Override
        public void stop() {
            // the fakes live for the whole test JVM
        }
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Fakes.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("caravan.batch-size", "250", "caravan.inbox.root", "target/test-inbox-apis");
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
