package dev.caravan.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Webhook counters for /q/metrics: caravan_webhook_received_total{system} (events stored),
 * caravan_webhook_rejected_total{system,cause}, caravan_webhook_duplicates_total{system},
 * caravan_webhook_processed_total{system,status}; the backlog gauge is registered by the processor.
 */
@ApplicationScoped
public class WebhookMetrics {

    private final MeterRegistry registry;

    @Inject
    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void received(String system, int events) {
        registry.counter("caravan.webhook.received", "system", system).increment(events);
    }

    public void duplicates(String system, int events) {
        if (events > 0) {
            registry.counter("caravan.webhook.duplicates", "system", system).increment(events);
        }
    }

    /** A refused delivery: cause is missing_signature, bad_signature, stale_timestamp, too_large, bad_json, media_type, unavailable… */
    public void rejected(String system, String cause) {
        registry.counter("caravan.webhook.rejected", "system", system, "cause", cause).increment();
    }

    public void processed(String system, String status, int events) {
        registry.counter("caravan.webhook.processed", "system", system, "status", status).increment(events);
    }

    public MeterRegistry registry() {
        return registry;
    }
}
