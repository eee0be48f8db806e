package dev.caravan.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Splits a verified delivery into the events it carries, each with its identity, as the definition says. */
public final class WebhookEvents {

    /** One event to store. {@code objectType} and {@code objectId} may be null. */
    public record Event(String eventId, String objectType, String objectId, String payload) {
    }

    /** The body is not JSON, or not the shape the definition describes (answered 400). */
    public static final class MalformedDeliveryException extends Exception {
        public MalformedDeliveryException(String message) {
            super(message, null, false, false);
        }
    }

    /** Longer identities are stored as their SHA-256, so no input decides a column's size. */
    static final int MAX_ID_CHARS = 200;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private WebhookEvents() {
    }

    /**
     * @param pathObject the object named in the path ({@code /webhooks/hubspot/contacts}), or null
     */
    public static List<Event> parse(WebhookDefinition d, WebhookRequest r, String pathObject) throws MalformedDeliveryException {
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw new MalformedDeliveryException("the body is not valid JSON" + (at == null ? " (nested too deeply)"
                    : " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (java.io.IOException e) {
            throw new MalformedDeliveryException("the body could not be read as JSON");
        }
        if (body == null || body.isMissingNode()) {
            throw new MalformedDeliveryException("the body is empty");
        }
        JsonNode at = body.at(d.events());
        if (at.isMissingNode()) {
            throw new MalformedDeliveryException("the body has no events at " + d.events());
        }
        List<JsonNode> items = new ArrayList<>();
        if (at.isArray()) {
            at.forEach(items::add);
        } else {
            items.add(at);
        }
        if (items.size() > d.maxEvents()) {
            throw new MalformedDeliveryException("the delivery carries " + items.size() + " events; at most " + d.maxEvents()
                    + " are accepted per request");
        }
        List<Event> out = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            if (!item.isObject()) {
                throw new MalformedDeliveryException("an event is not a JSON object");
            }
            String payload = item.toString();
            out.add(new Event(identity(d, r, item, payload), objectType(d, item, pathObject), text(d.objectId() == null ? null
                    : item.at(d.objectId())), payload));
        }
        return out;
    }

    private static String identity(WebhookDefinition d, WebhookRequest r, JsonNode item, String payload) {
        List<String> parts = new ArrayList<>();
        boolean any = false;
        for (String part : d.eventId()) {
            String v = part.startsWith("header:") ? r.header(part.substring(7)) : text(item.at(part));
            any |= v != null;
            parts.add(v == null ? "" : v);
        }
        String id = any ? String.join(":", parts) : "sha256:" + sha256(payload);
        return id.length() > MAX_ID_CHARS ? "sha256:" + sha256(id) : id;
    }

    private static String objectType(WebhookDefinition d, JsonNode item, String pathObject) {
        String t = d.objectType();
        if (t != null && t.startsWith("/")) {
            t = text(item.at(t));
        }
        if (t == null) {
            t = pathObject;
        }
        return t == null || t.length() > MAX_ID_CHARS ? null : t;
    }

    private static String text(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull() || !v.isValueNode()) {
            return null;
        }
        String s = v.asText();
        return s.isEmpty() || s.length() > MAX_ID_CHARS ? null : s;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
