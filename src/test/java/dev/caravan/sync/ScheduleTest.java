package dev.caravan.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.Sql;
import dev.caravan.testing.SyncProfile;
import dev.caravan.testing.TestMariaDb;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Quartz schedule runs the Genius sync by itself, first fully, then incrementally. */
@QuarkusTest
@TestProfile(ScheduleTest.EveryTwoSeconds.class)
class ScheduleTest {

    public static class EveryTwoSeconds extends SyncProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("caravan.schedule.genius-incremental", "0/2 * * * * ?");
            config.put("caravan.inbox.root", "target/test-inbox-schedule");
            return config;
        }
    }

    @Inject
    Warehouse warehouse;

    @Inject
    org.apache.camel.CamelContext camel;

    @Test
    void everyConfiguredScheduleIsARouteOfTheOneTemplate() {
        for (String id : List.of("sync-genius-incremental", "sync-genius-full", "sync-redshift-incremental",
                "sync-redshift-full")) {
            org.apache.camel.Route route = camel.getRoute(id);
            assertTrue(route != null, id);
            assertTrue(route.getEndpoint().getEndpointUri().startsWith("quartz://caravan-sync/" + id.substring(5)),
                    route.getEndpoint().getEndpointUri());
            assertTrue("service".equals(route.getGroup()), id + " is started only in service mode");
        }
    }

    @Test
    void theScheduleSyncsGeniusWithoutAnyoneAsking() throws Exception {
        dev.caravan.testing.GeniusFixture.reload(TestMariaDb.get());
        await().atMost(Duration.ofSeconds(60)).until(() -> !Sql.rows(warehouse,
                "SELECT id FROM caravan_run WHERE triggered_by = 'schedule' AND sync_mode = 'incremental' AND status = 'completed'").isEmpty());
        List<Map<String, Object>> runs = Sql.rows(warehouse, "SELECT object, sync_mode FROM caravan_run WHERE triggered_by = 'schedule'");
        assertTrue(runs.stream().anyMatch(r -> "full".equals(r.get("sync_mode"))), "the first scheduled run of an object is full");
        assertTrue(Sql.count(warehouse, "genius_prospects") > 0);
    }
}
