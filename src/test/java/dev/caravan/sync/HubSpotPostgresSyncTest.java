package dev.caravan.sync;

import dev.caravan.testing.hubspot.HubSpotProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link HubSpotSyncTest}'s cases with the warehouse on PostgreSQL, the production database. */
@QuarkusTest
@TestProfile(HubSpotProfile.Postgres.class)
class HubSpotPostgresSyncTest extends HubSpotSyncTest {
}
