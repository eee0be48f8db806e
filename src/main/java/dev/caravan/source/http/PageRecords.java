package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** What a page's answer holds: its records (selected and exploded as the shape says), their change times, time formats. */
final class PageRecords {

    /** {@code format: iso_local}: UTC wall-clock seconds without a zone (2024-03-05T15:00:00). */
    private static final java.time.format.DateTimeFormatter ISO_LOCAL =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private PageRecords() {
    }

    /** The page's records at the resource's {@code records} pointer; a missing or non-list value is a bad response. */
    static List<JsonNode> listed(String system, HttpResource resource, ApiResponse response, RequestSpec request) {
        JsonNode at = response.body().at(resource.records());
        if (at.isMissingNode() || at.isNull()) {
            throw new BadResponseException(system + ": " + request.method() + " " + response.uri().getPath()
                    + ": no records at '" + resource.records() + "' in the response");
        }
        if (!at.isArray()) {
            throw new BadResponseException(system + ": " + request.method() + " " + response.uri().getPath()
                    + ": '" + resource.records() + "' is not a list of records");
        }
        List<JsonNode> out = new ArrayList<>(at.size());
        at.forEach(out::add);
        return out;
    }

    /** Each record's change time (incremental field), null where it has none or the object has no such field. */
    static List<Instant> changeTimes(HttpResource.Incremental incremental, List<JsonNode> records) {
        List<Instant> out = new ArrayList<>(records.size());
        for (JsonNode r : records) {
            out.add(incremental == null || incremental.field() == null ? null : parseTime(r.at(incremental.field())));
        }
        return out;
    }

    /** The listed items that are records ({@code where:}); the paginator has seen them all. */
    static List<JsonNode> selected(HttpResource.Shape shape, List<JsonNode> listed) {
        if (shape.where().isEmpty() && shape.explode() == null) {
            return listed;
        }
        List<JsonNode> out = new ArrayList<>(listed.size());
        for (JsonNode item : listed) {
            if (!shape.accepts(item)) {
                continue;
            }
            if (shape.explode() == null) {
                out.add(item);
                continue;
            }
            // one record per element: the item's members, the element's on top (the list itself stays, for the raw layer)
            for (JsonNode element : item.at(shape.explode())) {
                ObjectNode row = item.isObject() ? ((ObjectNode) item).deepCopy() : JSON_NODES.objectNode();
                if (element.isObject()) {
                    row.setAll((ObjectNode) element);
                }
                out.add(row);
            }
        }
        return out;
    }

    private static final com.fasterxml.jackson.databind.node.JsonNodeFactory JSON_NODES =
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;

    /** An ISO-8601 instant or offset date-time, or epoch milliseconds (HubSpot uses both). */
    static Instant parseTime(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return null;
        }
        String s = v.asText().trim();
        if (v.isNumber() || s.matches("\\d{10,}")) {
            return Instant.ofEpochMilli(Long.parseLong(s.contains(".") ? s.substring(0, s.indexOf('.')) : s));
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            // a date-time without an offset (Ender Turing's start_dt, updated_at) is taken as UTC
            try {
                return java.time.LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** A time as an incremental {@code format} writes it. */
    static String format(String format, Instant t) {
        return switch (format) {
            case "epoch_millis" -> Long.toString(t.toEpochMilli());
            case "epoch_seconds" -> Long.toString(t.getEpochSecond());
            case "date" -> t.atOffset(ZoneOffset.UTC).toLocalDate().toString();
            case "iso_seconds" -> t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            case "iso_local" -> ISO_LOCAL.format(t.atOffset(ZoneOffset.UTC)); // OData v2 datetime'…': no zone
            default -> t.toString();
        };
    }
}
