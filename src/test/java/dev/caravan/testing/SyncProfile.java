package dev.caravan.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Database syncs on real servers: the warehouse on PostgreSQL, the Genius source on MariaDB, the
 * Redshift source on a second PostgreSQL database. Small batches and pages so paging is exercised;
 * no look-back so incremental counts are exact (the look-back has its own test).
 */
public class SyncProfile implements QuarkusTestProfile {

    /** Points the genius and redshift sources at the test servers. */
    public static class Sources implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            TestMariaDb genius = TestMariaDb.get();
            TestPostgres pg = TestPostgres.get();
            String redshift = pg.database() + "_redshift";
            if (System.getProperty("caravantest.redshift") == null) {
                pg.admin("CREATE DATABASE " + redshift);
                System.setProperty("caravantest.redshift", redshift);
            }
            return Map.ofEntries(
                    Map.entry("caravan.sources.genius.host", genius.host()),
                    Map.entry("caravan.sources.genius.port", String.valueOf(genius.port())),
                    Map.entry("caravan.sources.genius.database", genius.database()),
                    Map.entry("caravan.sources.genius.username", genius.user()),
                    Map.entry("caravan.sources.genius.password", genius.password()),
                    Map.entry("caravan.sources.redshift.url", pg.url().replace(pg.database(), redshift)),
                    Map.entry("caravan.sources.redshift.username", pg.user()),
                    Map.entry("caravan.sources.redshift.password", pg.password()));
        }

        @Override
        public void stop() {
            // the servers live for the whole test JVM
        }
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresResource.class), new TestResourceEntry(Sources.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // schedules far in the future: tests trigger syncs themselves (ScheduleTest has its own profile)
        String never = "0 0 0 1 1 ? 2099";
        return Map.of("caravan.batch-size", "5", "caravan.sync.page-size", "7", "caravan.sync.look-back", "0s",
                "caravan.inbox.root", "target/test-inbox-sync",
                "caravan.schedule.genius-incremental", never, "caravan.schedule.genius-full", never,
                "caravan.schedule.redshift-incremental", never, "caravan.schedule.redshift-full", never);
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
