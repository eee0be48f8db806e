package dev.caravan.webhook;

/** An event as stored in caravan_webhook_event, claimed for processing. */
public record StoredEvent(long id, String system, String eventId, String objectType, String objectId, String payload,
        int attempts) {
}
