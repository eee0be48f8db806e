package dev.caravan.gold;

import dev.caravan.testing.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The gold views on a real PostgreSQL warehouse. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresGoldViewsTest extends AbstractGoldViewsTest {
}
