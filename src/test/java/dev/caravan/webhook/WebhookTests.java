package dev.caravan.webhook;

import static org.awaitility.Awaitility.await;

import dev.caravan.testing.Sql;
import dev.caravan.warehouse.Warehouse;
import java.time.Duration;

/** Helpers shared by the webhook tests. */
final class WebhookTests {

    private WebhookTests() {
    }

    /** Waits until no stored event is pending or being processed (due now), so no test's events outlive it. */
    static void awaitDrained(Warehouse warehouse) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> Sql.count(warehouse,
                "caravan_webhook_event WHERE status IN ('pending', 'processing')") == 0);
    }
}
