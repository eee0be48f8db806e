package dev.caravan.pipeline;

import io.quarkus.test.junit.QuarkusTest;

/** The import pipeline on the embedded default warehouse, H2. */
@QuarkusTest
class H2ImportTest extends AbstractImportTest {
}
