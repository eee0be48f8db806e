package dev.caravan.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A rejected record in the form a replay can feed again (caravan_reject.replay_record): its field
 * names as the source had them, their values, and the CSV delimiter (absent for records whose raw form
 * is a JSON object: JSON files, API records, database rows). The names map onto the columns of the
 * definition current at replay time, so a fixed alias or type applies. Records the reader could not
 * take apart (bad JSON, ragged CSV rows, over-long fields) and records larger than {@link #MAX_CHARS}
 * have no stored form: they are not replayable.
 *
 * <pre>{"fields": ["Lead ID", "Price"], "values": ["L1", "abc"], "delimiter": ","}</pre>
 */
public record StoredRecord(List<String> fields, List<String> values, char delimiter) {

    /** Same cap as the raw record kept with a reject. */
    public static final int MAX_CHARS = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The stored form of a record, or null when it is not replayable (a structural problem, or too large). */
    public static String encode(SourceRecord record) {
        if (record == null || record.problem() != null || record.mapping() == null
                || record.mapping().headers().size() != record.values().length) {
            return null;
        }
        if (record.chars() > 2L * MAX_CHARS) {
            return null; // clearly too large: not even encoded
        }
        ObjectNode node = JSON.createObjectNode();
        ArrayNode fields = node.putArray("fields");
        record.mapping().headers().forEach(fields::add);
        ArrayNode values = node.putArray("values");
        for (String v : record.values()) {
            values.add(v);
        }
        if (record.delimiter() != SourceRecord.JSON_OBJECT) {
            node.put("delimiter", String.valueOf(record.delimiter()));
        }
        String text = node.toString();
        return text.length() > MAX_CHARS ? null : text;
    }

    /** Reads a stored form back; a form that is not one (edited by hand, truncated) is refused. */
    public static StoredRecord decode(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a stored record: " + e.getOriginalMessage());
        }
        if (node == null || !node.path("fields").isArray() || !node.path("values").isArray()
                || node.get("fields").size() != node.get("values").size()) {
            throw new IllegalArgumentException("not a stored record: fields and values do not match");
        }
        List<String> fields = new ArrayList<>(node.get("fields").size());
        List<String> values = new ArrayList<>(fields.size());
        for (JsonNode f : node.get("fields")) {
            if (!f.isTextual()) {
                throw new IllegalArgumentException("not a stored record: a field name is not text");
            }
            fields.add(f.asText());
        }
        for (JsonNode v : node.get("values")) {
            values.add(v.isNull() ? null : v.asText());
        }
        String d = node.path("delimiter").asText("");
        char delimiter = d.length() == 1 ? d.charAt(0) : SourceRecord.JSON_OBJECT;
        return new StoredRecord(List.copyOf(fields), java.util.Collections.unmodifiableList(values), delimiter);
    }
}
