package dev.caravan.alert;

import dev.caravan.testing.AlertReceiver;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Alerts go to a local receiver (H2 warehouse). */
public class AlertsProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(AlertReceiver.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("caravan.inbox.root", "target/test-inbox-alerts", "caravan.upload-dir", "target/test-uploads-alerts");
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }

    /** The same on PostgreSQL. */
    public static class OnPostgres extends AlertsProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(AlertReceiver.class),
                    new TestResourceEntry(dev.caravan.testing.PostgresResource.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("caravan.inbox.root", "target/test-inbox-alerts-pg", "caravan.upload-dir", "target/test-uploads-alerts-pg");
        }
    }
}
