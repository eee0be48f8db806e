package dev.caravan.replay;

import dev.caravan.testing.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Schema drift and replay on a real PostgreSQL warehouse. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresDriftReplayTest extends AbstractDriftReplayTest {
}
