package dev.caravan.sync;

import dev.caravan.testing.marketsharp.MarketSharpProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link MarketSharpSyncTest} on the test PostgreSQL: V13 and the syncs on the production database kind. */
@QuarkusTest
@TestProfile(MarketSharpProfile.Postgres.class)
class MarketSharpPostgresSyncTest extends MarketSharpSyncTest {
}
