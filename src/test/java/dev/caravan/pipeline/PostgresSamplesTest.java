package dev.caravan.pipeline;

import dev.caravan.testing.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresSamplesTest extends AbstractSamplesTest {
}
