package dev.caravan.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.source.http.HttpDefinitionException;
import dev.caravan.source.http.StrategyOptions;
import dev.caravan.webhook.signature.SignatureCheck;
import dev.caravan.webhook.signature.Signatures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and checks {@code webhook.yaml} files, reporting every problem at once. */
public final class WebhookDefinitions {

    public static final String FILE = dev.caravan.definition.DefinitionRegistry.WEBHOOK_FILE;
    public static final long DEFAULT_BODY_LIMIT = 1024 * 1024;
    /** No definition may let one request hold more than this in memory. */
    static final long MAX_BODY_LIMIT = 16L * 1024 * 1024;
    public static final Set<String> PROCESS_TYPES = Set.of("hubspot_crm", "pipeline");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|B|KB|KiB|MB|MiB)", Pattern.CASE_INSENSITIVE);
    /** OBJECT of the receiver's system, or SYSTEM/OBJECT. */
    private static final Pattern NAME = Pattern.compile("([a-z][a-z0-9_]*/)?[a-z][a-z0-9_]*");
    private static final Pattern HEADER = Pattern.compile("header:([A-Za-z0-9-]+)");

    private WebhookDefinitions() {
    }

    public static WebhookDefinition parse(String system, JsonNode node) {
        List<String> problems = new ArrayList<>();
        StrategyOptions o = new StrategyOptions("webhook " + system, node, problems);
        String declared = o.string("system", system);
        if (!system.equals(declared)) {
            o.problem("system is '" + declared + "' but the file is under definitions/" + system);
        }
        SignatureCheck signature = o.has("signature") ? Signatures.parse(o.child("signature")) : null;
        if (!o.has("signature")) {
            o.problem("signature is required: every receiver proves its deliveries (types: "
                    + String.join(", ", new java.util.TreeSet<>(Signatures.TYPES)) + ")");
        }
        long limit = size(o, o.string("body_limit", null));
        List<String> types = o.has("content_types") ? o.strings("content_types") : List.of("application/json");
        JsonPointer events = o.pointer("events", "");
        int maxEvents = o.integer("max_events", 1000, 1);
        List<String> eventId = o.strings("event_id");
        for (String part : eventId) {
            if (!part.startsWith("/") && !HEADER.matcher(part).matches()) {
                o.problem("event_id part '" + part + "' is neither a /json/pointer nor header:NAME");
            }
        }
        String objectType = o.string("object_type", null);
        JsonPointer objectId = o.has("object_id") ? o.pointer("object_id", null) : null;
        StrategyOptions p = o.child("process");
        String process = p.oneOf("type", null, PROCESS_TYPES);
        Map<String, String> objects = new LinkedHashMap<>();
        if (process == null) {
            p.problem("type is required (one of " + String.join(", ", new java.util.TreeSet<>(PROCESS_TYPES)) + ")");
        } else if (process.equals("hubspot_crm")) {
            JsonNode map = p.node("objects");
            if (map == null || !map.isObject() || map.isEmpty()) {
                p.problem("objects must map event object types to objects (contact: contacts)");
            } else {
                map.fields().forEachRemaining(e -> objects.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
            }
        } else {
            String object = p.required("object");
            if (object != null) {
                objects.put(object, object);
            }
            if (objectType == null) {
                objectType = object;
            }
        }
        for (String object : objects.values()) {
            if (!NAME.matcher(object).matches()) {
                p.problem("object '" + object + "' is not OBJECT or SYSTEM/OBJECT in lower case");
            }
        }
        WebhookDefinition.Retry retry = new WebhookDefinition.Retry(p.integer("max_attempts", 8, 1),
                p.duration("first_delay", java.time.Duration.ofSeconds(10)), p.duration("max_delay", java.time.Duration.ofMinutes(30)));
        p.rejectUnknown();
        o.rejectUnknown();
        if (!problems.isEmpty()) {
            throw new HttpDefinitionException("webhook " + system, problems);
        }
        return new WebhookDefinition(system, signature, limit, types, events, maxEvents, eventId, objectType, objectId,
                process, objects, retry);
    }

    private static long size(StrategyOptions o, String v) {
        if (v == null) {
            return DEFAULT_BODY_LIMIT;
        }
        Matcher m = SIZE.matcher(v.strip());
        if (!m.matches()) {
            o.problem("body_limit '" + v + "' is not a size (1048576, 512KiB, 1MiB)");
            return DEFAULT_BODY_LIMIT;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        long bytes = switch (unit) {
            case "kb", "kib" -> n * 1024;
            case "mb", "mib" -> n * 1024 * 1024;
            default -> n;
        };
        if (bytes < 1 || bytes > MAX_BODY_LIMIT) {
            o.problem("body_limit must be between 1 byte and 16MiB");
            return DEFAULT_BODY_LIMIT;
        }
        return bytes;
    }
}
