package dev.caravan.pipeline;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class H2SamplesTest extends AbstractSamplesTest {
}
