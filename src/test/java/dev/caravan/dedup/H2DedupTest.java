package dev.caravan.dedup;

import io.quarkus.test.junit.QuarkusTest;

/** Deduplication on the embedded default warehouse, H2. */
@QuarkusTest
class H2DedupTest extends AbstractDedupTest {
}
