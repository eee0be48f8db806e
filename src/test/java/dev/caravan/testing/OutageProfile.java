package dev.caravan.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Outage tests: the warehouse (the test PostgreSQL) and the Redshift source (a second database on
 * it) are reached through {@link TcpProxy}s that a test can cut and restore. Warehouse statements
 * time out after a few seconds (statement_timeout as a connection option), so a lock held by the
 * test produces a real 57014. Retry budget: one minute, short delays.
 */
public class OutageProfile implements QuarkusTestProfile {

    public static final String WAREHOUSE = "warehouse";
    public static final String REDSHIFT = "redshift";
    /** The warehouse's statement_timeout (ms) in these tests. */
    public static final int STATEMENT_TIMEOUT_MS = 2500;
    /** The LeadConduit receiver's secret in these tests (deliveries while the warehouse is down). */
    public static final String WEBHOOK_SECRET = "outage-lc-secret-41";

    /** Starts the proxies and points the warehouse and the Redshift source at them. */
    public static class Proxies implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            TestPostgres pg = TestPostgres.get();
            String redshift = pg.database() + "_redshift";
            if (System.getProperty("caravantest.redshift") == null) {
                pg.admin("CREATE DATABASE " + redshift);
                System.setProperty("caravantest.redshift", redshift);
            }
            String url = pg.url();
            String hostPort = url.substring(url.indexOf("//") + 2, url.indexOf('/', url.indexOf("//") + 2));
            String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
            int port = hostPort.contains(":") ? Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)) : 5432;
            TcpProxy warehouse = TcpProxy.start(WAREHOUSE, host, port);
            TcpProxy source = TcpProxy.start(REDSHIFT, host, port);
            String options = (url.contains("?") ? "&" : "?") + "options=-c%20statement_timeout%3D" + STATEMENT_TIMEOUT_MS;
            return Map.of(
                    "caravan.warehouse.url", warehouse.route(url) + options,
                    "caravan.warehouse.username", pg.user(),
                    "caravan.warehouse.password", pg.password(),
                    "caravan.sources.redshift.url", source.route(url.replace(pg.database(), redshift)),
                    "caravan.sources.redshift.username", pg.user(),
                    "caravan.sources.redshift.password", pg.password());
        }

        @Override
        public void stop() {
            TcpProxy.named(WAREHOUSE).close();
            TcpProxy.named(REDSHIFT).close();
        }
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Proxies.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        String never = "0 0 0 1 1 ? 2099";
        return Map.ofEntries(
                Map.entry("caravan.retry.budget", budget()),
                Map.entry("caravan.retry.initial-delay-ms", "200"),
                Map.entry("caravan.retry.max-delay", "2s"),
                Map.entry("caravan.batch-size", "5"),
                Map.entry("caravan.sync.page-size", "7"),
                Map.entry("caravan.sync.look-back", "0s"),
                Map.entry("caravan.inbox.root", "target/test-inbox-outage"),
                Map.entry("CARAVAN_WEBHOOK_LEADCONDUIT_SECRET", WEBHOOK_SECRET),
                Map.entry("caravan.upload-dir", "target/test-uploads-outage"),
                Map.entry("caravan.schedule.genius-incremental", never),
                Map.entry("caravan.schedule.genius-full", never),
                Map.entry("caravan.schedule.redshift-incremental", never),
                Map.entry("caravan.schedule.redshift-full", never));
    }

    /** The retry budget of this profile. */
    protected String budget() {
        return "60s";
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }

    /** The same, with a retry budget (3 s) shorter than the outages its tests make. */
    public static class ShortBudget extends OutageProfile {
        @Override
        protected String budget() {
            return "3s";
        }
    }
}
