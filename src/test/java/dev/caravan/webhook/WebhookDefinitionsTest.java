package dev.caravan.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.source.http.HttpDefinitionException;
import dev.caravan.source.http.HttpDefinitions;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** webhook.yaml parsing and checks, and how a delivery splits into identified events. */
class WebhookDefinitionsTest {

    private static JsonNode yaml(String text) throws Exception {
        return HttpDefinitions.readYaml(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static WebhookDefinition builtIn(String system) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("definitions", system, "webhook.yaml"))) {
            return WebhookDefinitions.parse(system, HttpDefinitions.readYaml(in));
        }
    }

    private static WebhookRequest body(String json, String... headers) {
        Map<String, List<String>> h = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i].toLowerCase(), List.of(headers[i + 1]));
        }
        return new WebhookRequest("POST", "https://h/webhooks/x", h, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void builtInReceiversParse() throws Exception {
        WebhookDefinition hubspot = builtIn("hubspot");
        assertEquals("hubspot_crm", hubspot.process());
        assertEquals(1024 * 1024, hubspot.bodyLimit());
        assertEquals("contacts", hubspot.objects().get("contact"));
        WebhookDefinition leadconduit = builtIn("leadconduit");
        assertEquals("pipeline", leadconduit.process());
        assertEquals("leads", leadconduit.objectType());
    }

    @Test
    void everyProblemIsReportedAndSecretsMustBeReferences() throws Exception {
        HttpDefinitionException e = assertThrows(HttpDefinitionException.class, () -> WebhookDefinitions.parse("acme", yaml("""
                system: acme
                signature: {type: hmac, secret: "plain-text-secret", header: X-Sig, encodng: hex}
                body_limit: 1GiB
                event_id: [id]
                process: {type: pipeline}
                colour: blue
                """)));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("must be a ${ENV_VAR} reference"), all);
        assertTrue(all.contains("unknown option 'encodng'"), all);
        assertTrue(all.contains("body_limit"), all);
        assertTrue(all.contains("event_id part 'id'"), all);
        assertTrue(all.contains("object is required"), all);
        assertTrue(all.contains("unknown option 'colour'"), all);
        assertTrue(!all.contains("plain-text-secret"), all);
    }

    @Test
    void aReceiverWithoutASignatureIsRefused() throws Exception {
        HttpDefinitionException e = assertThrows(HttpDefinitionException.class, () -> WebhookDefinitions.parse("acme", yaml("""
                process: {type: pipeline, object: leads}
                """)));
        assertTrue(e.getMessage().contains("signature is required"), e.getMessage());
    }

    @Test
    void hubspotDeliveriesSplitIntoEventsIdentifiedWithoutTheAttemptNumber() throws Exception {
        WebhookDefinition d = builtIn("hubspot");
        String first = "[{\"eventId\":100,\"subscriptionId\":7,\"objectId\":42,\"occurredAt\":1700000000000,"
                + "\"subscriptionType\":\"contact.propertyChange\",\"attemptNumber\":0},"
                + "{\"eventId\":101,\"subscriptionId\":7,\"objectId\":43,\"occurredAt\":1700000000001,"
                + "\"subscriptionType\":\"company.creation\",\"attemptNumber\":0}]";
        List<WebhookEvents.Event> events = WebhookEvents.parse(d, body(first), null);
        assertEquals(2, events.size());
        assertEquals("7:100:42:1700000000000", events.get(0).eventId());
        assertEquals("contact.propertyChange", events.get(0).objectType());
        assertEquals("42", events.get(0).objectId());
        List<WebhookEvents.Event> retried = WebhookEvents.parse(d, body(first.replace("\"attemptNumber\":0", "\"attemptNumber\":3")), null);
        assertEquals(events.get(0).eventId(), retried.get(0).eventId());
    }

    @Test
    void malformedOrOversizedDeliveriesAreRefused() throws Exception {
        WebhookDefinition d = builtIn("leadconduit");
        assertThrows(WebhookEvents.MalformedDeliveryException.class, () -> WebhookEvents.parse(d, body("{\"id\": \"a\""), null));
        assertThrows(WebhookEvents.MalformedDeliveryException.class, () -> WebhookEvents.parse(d, body("[{\"id\":1},{\"id\":2}]"), null));
        assertThrows(WebhookEvents.MalformedDeliveryException.class, () -> WebhookEvents.parse(d, body("\"text\""), null));
        assertThrows(WebhookEvents.MalformedDeliveryException.class, () -> WebhookEvents.parse(d, body("["
                .repeat(200) + "]".repeat(200)), null));
        assertThrows(WebhookEvents.MalformedDeliveryException.class, () -> WebhookEvents.parse(d, body(""), null));
    }

    @Test
    void aLeadWithoutAnIdIsIdentifiedByItsContent() throws Exception {
        WebhookDefinition d = builtIn("leadconduit");
        WebhookEvents.Event a = WebhookEvents.parse(d, body("{\"email\":\"a@b.co\"}"), null).get(0);
        WebhookEvents.Event b = WebhookEvents.parse(d, body("{\"email\":\"a@b.co\"}"), null).get(0);
        assertTrue(a.eventId().startsWith("sha256:"));
        assertEquals(a.eventId(), b.eventId());
        assertNull(a.objectId());
        assertEquals("leads", a.objectType());
    }

    @Test
    void aHeaderCanBeTheEventId() throws Exception {
        WebhookDefinition d = WebhookDefinitions.parse("acme", yaml("""
                signature: {type: standard_webhooks, secret: "${ACME_SECRET}"}
                event_id: ["header:webhook-id"]
                process: {type: pipeline, object: leads}
                """));
        assertEquals("msg_1", WebhookEvents.parse(d, body("{}", "webhook-id", "msg_1"), null).get(0).eventId());
    }
}
