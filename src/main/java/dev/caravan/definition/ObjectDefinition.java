package dev.caravan.definition;

import java.util.List;
import java.util.Map;

/**
 * An ingestible object, described once in a definition file (definitions/SYSTEM/OBJECT.yaml):
 * where it lands, how a row is identified, and its columns.
 *
 * @param formats per-type parsing patterns (keys "date", "timestamp"), tried in order
 * @param timeZone zone of timestamps without an offset; null means the configured default
 * @param sync where the object is read from in a source database, or null
 * @param http how the object is read from its system's API (the {@code http:} block, parsed and
 *        checked by {@code source/http/HttpDefinitions}), or null; an object may have both
 *        {@code sync} and {@code http} (Genius: its database or its API, chosen per run)
 * @param quality the object's data-quality checks (the {@code quality:} block, parsed by
 *        {@code quality/QualityDefinitions}), or null for the defaults only
 * @param dedup how duplicates of the object are found and merged (the {@code dedup:} block, parsed by
 *        {@code dedup/DedupDefinitions}), or null: no deduplication
 */
public record ObjectDefinition(
        String system,
        String object,
        String description,
        String table,
        List<String> key,
        List<ColumnDefinition> columns,
        Map<String, List<String>> formats,
        String timeZone,
        List<RowCheck> checks,
        SyncDefinition sync,
        com.fasterxml.jackson.databind.JsonNode http,
        com.fasterxml.jackson.databind.JsonNode quality,
        com.fasterxml.jackson.databind.JsonNode dedup) {

    public ObjectDefinition(String system, String object, String description, String table, List<String> key,
            List<ColumnDefinition> columns, Map<String, List<String>> formats, String timeZone, List<RowCheck> checks,
            SyncDefinition sync, com.fasterxml.jackson.databind.JsonNode http) {
        this(system, object, description, table, key, columns, formats, timeZone, checks, sync, http, null, null);
    }

    public ObjectDefinition {
        key = key == null ? List.of() : List.copyOf(key);
        columns = columns == null ? List.of() : List.copyOf(columns);
        formats = formats == null ? Map.of() : Map.copyOf(formats);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** Read from an API (an {@code http:} block), rather than only from files or a source database. */
    public boolean api() {
        return http != null && !http.isNull();
    }

    /** Synced on demand or on a schedule: from a source database or from an API. */
    public boolean synced() {
        return sync != null || api();
    }

    /** "system.object", the name used by the CLI, the REST API and the run log. */
    public String qualifiedName() {
        return system + "." + object;
    }

    public ColumnDefinition column(String name) {
        for (ColumnDefinition c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    public int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public List<String> formatsFor(String type) {
        return formats.getOrDefault(type, List.of());
    }
}
