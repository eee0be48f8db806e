package dev.caravan.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.testing.Sql;
import dev.caravan.testing.apis.ApiFakesProfile;
import dev.caravan.testing.apis.FakeApi;
import dev.caravan.testing.apis.FakeShopify;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Shopify Admin REST, defined by files only (definitions/shopify), against {@link FakeShopify}. */
@QuarkusTest
@TestProfile(ApiFakesProfile.class)
class ShopifySyncTest {

    static final FakeShopify SHOPIFY = ApiFakesProfile.SHOPIFY;

    @Inject
    SyncService syncs;

    @Inject
    Warehouse warehouse;

    @BeforeEach
    void fresh() {
        Sql.reset(warehouse);
        SHOPIFY.reset();
        SHOPIFY.token(ApiFakesProfile.SHOPIFY_TOKEN);
    }

    List<RunSummary> sync() {
        return syncs.sync(new SyncRequest("shopify", null, false, false, null, 0, "cli"), ImportProgress.NONE);
    }

    static RunSummary of(List<RunSummary> runs, String object) {
        return LeadConduitSyncTest.of(runs, "shopify." + object);
    }

    void seed() {
        SHOPIFY.add("customers", 600);
        SHOPIFY.add("orders", 300);
        SHOPIFY.add("products", 40);
    }

    @Test
    void aFullSyncFollowsTheLinkHeaderSendingNothingButThePageInfoAndReadsOrdersOfEveryStatus() {
        seed();
        long t0 = System.nanoTime();
        List<RunSummary> runs = sync();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(runs.stream().allMatch(r -> "completed".equals(r.status())), runs.toString());
        assertEquals(600, Sql.count(warehouse, "shopify_customers"));
        assertEquals(300, Sql.count(warehouse, "shopify_orders"), "closed orders too: status=any");
        assertEquals(40, Sql.count(warehouse, "shopify_products"));
        List<FakeApi.Request> customers = SHOPIFY.requests("/admin/api/" + FakeShopify.VERSION + "/customers.json");
        assertEquals(3, customers.size(), "250 a page");
        for (FakeApi.Request r : SHOPIFY.seen) {
            if (r.query().containsKey("page_info")) {
                assertTrue(Set.of("page_info", "limit").containsAll(r.query().keySet()), "only limit beside page_info: " + r.query());
            }
        }
        assertEquals("any", SHOPIFY.requests("/admin/api/" + FakeShopify.VERSION + "/orders.json").get(0).query().get("status"));
        assertEquals("207119551", Sql.rows(warehouse, "SELECT customer_id FROM shopify_orders FETCH FIRST 1 ROWS ONLY").get(0).get("customer_id"));
        assertEquals(0, SHOPIFY.answered(429), "2 requests a second never fill the bucket");
        System.out.printf("shopify: %d records in %.2f s (%.0f records/s), 429s: %d%n", 940, seconds, 940 / seconds,
                SHOPIFY.answered(429));
    }

    @Test
    void theNextRunAsksForWhatChangedSinceTheCheckpoint() {
        seed();
        sync();
        SHOPIFY.seen.clear();
        SHOPIFY.live();
        SHOPIFY.touch("customers", 3);
        List<RunSummary> runs = sync();
        RunSummary customers = of(runs, "customers");
        assertEquals("incremental", customers.mode());
        assertEquals(3, customers.updated(), customers.toString());
        assertTrue(customers.read() <= 5, customers.toString());
        assertTrue(SHOPIFY.requests("/admin/api/" + FakeShopify.VERSION + "/customers.json").get(0).query().containsKey("updated_at_min"));
    }

    @Test
    void aBucketFilledByAnotherAppHoldsRequestsInsteadOfDrawing429s() {
        seed();
        SHOPIFY.bucketUsed(38.5);
        List<RunSummary> runs = sync();
        assertTrue(runs.stream().allMatch(r -> "completed".equals(r.status())), runs.toString());
        assertEquals(0, SHOPIFY.answered(429));
        SHOPIFY.then(429, 500);
        Sql.reset(warehouse);
        List<RunSummary> again = sync();
        assertTrue(again.stream().allMatch(r -> "completed".equals(r.status())), again.toString());
        assertEquals(600, Sql.count(warehouse, "shopify_customers"));
        assertEquals(1, SHOPIFY.answered(429));
        assertEquals(1, SHOPIFY.answered(500));
    }

    @Test
    void aWrongTokenFailsWithShopifysOwnMessage() {
        seed();
        SHOPIFY.token("shpat_other");
        RunSummary first = sync().get(0);
        assertEquals("failed", first.status());
        assertTrue(first.error().contains("401") && first.error().contains("Invalid API key or access token"), first.error());
        assertFalse(first.error().contains(ApiFakesProfile.SHOPIFY_TOKEN));
    }
}
