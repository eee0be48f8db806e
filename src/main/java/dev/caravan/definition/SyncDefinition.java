package dev.caravan.definition;

import java.util.List;
import java.util.Map;

/**
 * Where a synced object is read from in a source database (the {@code sync:} block of a definition).
 *
 * @param source the connection: genius (MySQL protocol) or redshift (PostgreSQL protocol)
 * @param table the source table
 * @param key the source columns that identify a row, in the order of the definition's key
 * @param changedAt the source column of a row's last change; null means the object syncs fully only
 * @param columns warehouse column → source column, where the names differ
 */
public record SyncDefinition(String source, String table, List<String> key, String changedAt,
        Map<String, String> columns) {

    public SyncDefinition {
        key = key == null ? List.of() : List.copyOf(key);
        columns = columns == null ? Map.of() : Map.copyOf(columns);
    }

    /** The source column a warehouse column is read from. */
    public String sourceColumn(String warehouseColumn) {
        return columns.getOrDefault(warehouseColumn, warehouseColumn);
    }
}
