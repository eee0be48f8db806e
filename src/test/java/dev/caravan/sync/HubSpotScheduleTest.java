package dev.caravan.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.Sql;
import dev.caravan.testing.hubspot.HubSpotObjectType;
import dev.caravan.testing.hubspot.HubSpotProfile;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * A schedule from configuration alone (caravan.schedule.hubspot-incremental, no route written for
 * HubSpot) syncs the API source by itself: records changed after the first run arrive with the next.
 */
@QuarkusTest
@TestProfile(HubSpotScheduleTest.EveryTwoSeconds.class)
class HubSpotScheduleTest {

    public static class EveryTwoSeconds extends HubSpotProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("caravan.schedule.hubspot-incremental", "0/2 * * * * ?");
            config.put("caravan.inbox.root", "target/test-inbox-hubspot-schedule");
            return config;
        }
    }

    @Inject
    Warehouse warehouse;

    @Inject
    org.apache.camel.CamelContext camel;

    @Test
    void theScheduleSyncsHubSpotWithoutAnyoneAsking() {
        assertTrue(camel.getRoute("sync-hubspot-incremental") != null, "a route from the sync-schedule template");
        await().atMost(Duration.ofSeconds(60)).until(() -> !Sql.rows(warehouse, "SELECT id FROM caravan_run"
                + " WHERE triggered_by = 'schedule' AND object = 'contacts' AND status = 'completed'").isEmpty());
        HubSpotProfile.FAKE.seed(HubSpotObjectType.CONTACTS, 40, Instant.now().minusSeconds(30), Instant.now());
        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.count(warehouse, "hubspot_contacts") >= 40);
        assertEquals(0, Sql.count(warehouse, "caravan_run") - Sql.rows(warehouse, "SELECT id FROM caravan_run WHERE"
                + " triggered_by = 'schedule'").size(), "every run was the schedule's");
        assertTrue(!Sql.rows(warehouse, "SELECT id FROM caravan_run WHERE object = 'contacts' AND sync_mode = 'incremental'"
                + " AND rows_inserted > 0").isEmpty(), "the new contacts came with an incremental run");
    }
}
