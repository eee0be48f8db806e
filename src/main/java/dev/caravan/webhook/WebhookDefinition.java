package dev.caravan.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import dev.caravan.webhook.signature.SignatureCheck;
import java.util.List;
import java.util.Map;

/**
 * A system's webhook receiver, from {@code definitions/SYSTEM/webhook.yaml}: how deliveries are
 * proven authentic, how big they may be, how a body splits into events and what identifies each
 * event, and how stored events are processed. Adding a receiver is adding such a file.
 *
 * @param system the system (also the path: {@code POST /webhooks/SYSTEM[/OBJECT]})
 * @param signature the signature check
 * @param bodyLimit the most bytes a body may have (413 beyond, checked while reading)
 * @param contentTypes the media types accepted (415 otherwise)
 * @param events where the events are in the body: an array there is a list of events, anything else one event
 * @param maxEvents the most events one delivery may carry (413 beyond)
 * @param eventId the parts of an event's identity, joined with ':' ({@code /pointer} or {@code header:NAME});
 *        an event with none of them is identified by the SHA-256 of its content
 * @param objectType where an event's object type is (a pointer), or the object itself (a constant)
 * @param objectId where an event's object id is, or null
 * @param process the processing strategy's {@code type}
 * @param objects for hubspot_crm: the event object type (contact) to the object (contacts); for pipeline, the one object
 * @param retry how failing events are retried before they are marked failed
 */
public record WebhookDefinition(String system, SignatureCheck signature, long bodyLimit, List<String> contentTypes,
        JsonPointer events, int maxEvents, List<String> eventId, String objectType, JsonPointer objectId, String process,
        Map<String, String> objects, Retry retry) {

    /** {@code max_attempts}, then failed; the delay before attempt n is first × 2^(n−1), at most max. */
    public record Retry(int maxAttempts, java.time.Duration firstDelay, java.time.Duration maxDelay) {

        /** No attempt left: a receiver that is gone. */
        public static final Retry NONE = new Retry(0, java.time.Duration.ZERO, java.time.Duration.ZERO);
    }


    public WebhookDefinition {
        contentTypes = List.copyOf(contentTypes);
        eventId = List.copyOf(eventId);
        objects = Map.copyOf(objects);
    }

    /** Whether an object named in the path ({@code /webhooks/SYSTEM/OBJECT}) belongs to this receiver. */
    public boolean knowsObject(String object) {
        return objects.containsValue(object) || objects.containsKey(object);
    }
}
