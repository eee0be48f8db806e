package dev.caravan.webhook;

import dev.caravan.testing.hubspot.HubSpotProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link WebhookProcessTest}'s cases on the embedded H2 warehouse, the default of {@code ./caravan serve}. */
@QuarkusTest
@TestProfile(HubSpotProfile.class)
class WebhookProcessH2Test extends WebhookProcessTest {
}
