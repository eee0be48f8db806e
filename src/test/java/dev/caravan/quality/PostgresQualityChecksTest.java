package dev.caravan.quality;

import dev.caravan.testing.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The quality checks on a real PostgreSQL warehouse. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresQualityChecksTest extends AbstractQualityChecksTest {
}
