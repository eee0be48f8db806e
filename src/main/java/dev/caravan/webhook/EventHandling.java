package dev.caravan.webhook;

import java.util.List;

/**
 * How a receiver's stored events are processed: a named strategy per {@code process.type} of a
 * {@code webhook.yaml} (pipeline, hubspot_crm). A strategy writes the events' effects and marks each
 * event processed under the claim (in the transaction that wrote its rows where there are rows), and
 * throws when the events should be retried.
 */
public interface EventHandling {

    /** The events, claimed by {@code token}, all of receiver {@code d}, in arrival order. */
    void handle(WebhookDefinition d, List<StoredEvent> events, String token) throws Exception;
}
