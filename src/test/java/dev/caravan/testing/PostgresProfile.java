package dev.caravan.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Runs a test class against a real PostgreSQL warehouse instead of the embedded H2 default. */
public class PostgresProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresResource.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("caravan.inbox.root", "target/test-inbox-pg", "caravan.upload-dir", "target/test-uploads-pg");
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
