package dev.caravan.alert;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Alerts on the embedded H2 warehouse. */
@QuarkusTest
@TestProfile(AlertsProfile.class)
class H2AlertsTest extends AbstractAlertsTest {
}
