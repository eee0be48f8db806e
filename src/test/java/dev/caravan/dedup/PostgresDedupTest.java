package dev.caravan.dedup;

import dev.caravan.testing.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Deduplication on a real PostgreSQL warehouse. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresDedupTest extends AbstractDedupTest {
}
