package dev.caravan.gold;

import io.quarkus.test.junit.QuarkusTest;

/** The gold views on the embedded default warehouse, H2. */
@QuarkusTest
class H2GoldViewsTest extends AbstractGoldViewsTest {
}
