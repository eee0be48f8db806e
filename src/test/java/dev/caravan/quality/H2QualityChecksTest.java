package dev.caravan.quality;

import io.quarkus.test.junit.QuarkusTest;

/** The quality checks on the embedded H2 warehouse. */
@QuarkusTest
class H2QualityChecksTest extends AbstractQualityChecksTest {
}
