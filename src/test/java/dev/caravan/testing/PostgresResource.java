package dev.caravan.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the warehouse at the test PostgreSQL (see {@link TestPostgres}). */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestPostgres pg = TestPostgres.get();
        return Map.of(
                "caravan.warehouse.url", pg.url(),
                "caravan.warehouse.username", pg.user(),
                "caravan.warehouse.password", pg.password());
    }

    @Override
    public void stop() {
        // the server lives for the whole test JVM; its database is throw-away
    }
}
