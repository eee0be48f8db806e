package dev.caravan.testing.enderturing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Ender Turing syncs against {@link FakeEnderTuring} (one server for the test JVM, {@link #FAKE},
 * reset by each test), logging in with user and password in the lower-case spellings of seed
 * 004's .env (et_user, et_password), and ENDERTURING_BASE_URL pointing at the fake. The warehouse
 * is the test profile's embedded H2 database.
 */
public class EnderTuringProfile implements QuarkusTestProfile {

    public static final FakeEnderTuring FAKE = FakeEnderTuring.start();

    public static class Fake implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("ENDERTURING_BASE_URL", FAKE.baseUrl(), "et_user", FakeEnderTuring.USER,
                    "et_password", FakeEnderTuring.PASSWORD);
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
        return Map.of("caravan.batch-size", "250", "caravan.inbox.root", "target/test-inbox-enderturing");
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
