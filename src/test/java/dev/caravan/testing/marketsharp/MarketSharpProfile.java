package dev.caravan.testing.marketsharp;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * MarketSharp syncs against {@link FakeMarketSharp} (one server for the test JVM, {@link #FAKE},
 * reset by each test): MARKETSHARP_BASE_URL, MARKETSHARP_COMPANY_ID, MARKETSHARP_API_KEY and
 * MARKETSHARP_SECRET_KEY are set as configuration, the way a .env file or the environment sets them.
 */
public class MarketSharpProfile implements QuarkusTestProfile {

    public static final FakeMarketSharp FAKE = start();

    private static FakeMarketSharp start() {
        try {
            return new FakeMarketSharp(Instant::now, 25, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static class Fake implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("MARKETSHARP_BASE_URL", FAKE.baseUrl(), "MARKETSHARP_COMPANY_ID", FakeMarketSharp.COMPANY_ID,
                    "MARKETSHARP_API_KEY", FakeMarketSharp.API_KEY, "MARKETSHARP_SECRET_KEY", FakeMarketSharp.SECRET_KEY);
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
        return Map.of("caravan.batch-size", "100", "caravan.inbox.root", "target/test-inbox-marketsharp");
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }

    /** The same on the test PostgreSQL. */
    public static class Postgres extends MarketSharpProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Fake.class), new TestResourceEntry(dev.caravan.testing.PostgresResource.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("caravan.batch-size", "100", "caravan.inbox.root", "target/test-inbox-marketsharp-pg");
        }
    }
}
