package dev.caravan.testing.hubspot;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * HubSpot syncs against {@link FakeHubSpot} (one server for the test JVM, {@link #FAKE}, reset by
 * each test), with OAuth credentials: HUBSPOT_BASE_URL, HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and
 * HUBSPOT_REFRESH_TOKEN are set as configuration, the way a .env file or the environment sets them.
 * The warehouse is the test profile's embedded H2 file database; {@link Postgres} puts it on the test PostgreSQL.
 */
public class HubSpotProfile implements QuarkusTestProfile {

    public static final String CLIENT_ID = "caravan-test-client";
    public static final String CLIENT_SECRET = "caravan-test-secret-5f0c";
    public static final String REFRESH_TOKEN = "refresh-caravan-test-91ab";
    /** The LeadConduit receiver's shared secret and the test-only "formhook" receiver's HMAC key. */
    public static final String LEADCONDUIT_SECRET = "lc-shared-secret-77d1";
    public static final String FORMHOOK_SECRET = "formhook-key-0b3e";
    /** Site definitions of the tests: a receiver defined by a file only (formhook, generic HMAC). */
    public static final String SITE_DEFINITIONS = "src/test/resources/site-definitions";

    public static final FakeHubSpot FAKE = FakeHubSpot.start(11L).oauthApp(CLIENT_ID, CLIENT_SECRET)
            .refreshToken(REFRESH_TOKEN);

    /** A fresh fake that accepts the profile's OAuth app and refresh token. */
    public static FakeHubSpot fresh(long seed) {
        return FAKE.reset(seed).oauthApp(CLIENT_ID, CLIENT_SECRET).refreshToken(REFRESH_TOKEN);
    }

    public static class Fake implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("HUBSPOT_BASE_URL", FAKE.baseUrl(), "HUBSPOT_CLIENT_ID", CLIENT_ID,
                    "HUBSPOT_CLIENT_SECRET", CLIENT_SECRET, "HUBSPOT_REFRESH_TOKEN", REFRESH_TOKEN,
                    "CARAVAN_WEBHOOK_LEADCONDUIT_SECRET", LEADCONDUIT_SECRET, "FORMHOOK_SECRET", FORMHOOK_SECRET);
        }

        @Override
        public void stop() {
            // the fake lives for the whole test JVM
        }
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Fake.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("caravan.batch-size", "250", "caravan.inbox.root", "target/test-inbox-hubspot",
                "caravan.definitions-dir", SITE_DEFINITIONS);
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }

    /** The same on the test PostgreSQL. */
    public static class Postgres extends HubSpotProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Fake.class), new TestResourceEntry(dev.caravan.testing.PostgresResource.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("caravan.batch-size", "250", "caravan.inbox.root", "target/test-inbox-hubspot-pg",
                    "caravan.definitions-dir", SITE_DEFINITIONS);
        }
    }
}
