package dev.caravan.replay;

import io.quarkus.test.junit.QuarkusTest;

/** Schema drift and replay on the embedded default warehouse, H2. */
@QuarkusTest
class H2DriftReplayTest extends AbstractDriftReplayTest {
}
