package dev.caravan.alert;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Alerts on a real PostgreSQL warehouse. */
@QuarkusTest
@TestProfile(AlertsProfile.OnPostgres.class)
class PostgresAlertsTest extends AbstractAlertsTest {
}
