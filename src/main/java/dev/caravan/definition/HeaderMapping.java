package dev.caravan.definition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one file's headers map onto an object's columns: for each source field, the column index it
 * fills, or -1 when the definition has no such column (the value then goes to the row's extra JSON).
 */
public final class HeaderMapping {

    private final List<String> headers;
    private final int[] columnOfField;
    private final List<String> missingRequired;

    private HeaderMapping(List<String> headers, int[] columnOfField, List<String> missingRequired) {
        this.headers = headers;
        this.columnOfField = columnOfField;
        this.missingRequired = missingRequired;
    }

    public static HeaderMapping of(ObjectDefinition definition, List<String> headers) {
        return of(definition, headers, aliasIndex(definition));
    }

    /**
     * The column index of every normalised column name and alias of the definition: built once by a
     * reader that maps many header sets (JSON records whose fields differ from row to row).
     */
    public static Map<String, Integer> aliasIndex(ObjectDefinition definition) {
        Map<String, Integer> byAlias = new HashMap<>();
        List<ColumnDefinition> columns = definition.columns();
        for (int i = 0; i < columns.size(); i++) {
            ColumnDefinition c = columns.get(i);
            byAlias.put(HeaderNames.normalize(c.name()), i);
            for (String alias : c.aliases()) {
                byAlias.put(HeaderNames.normalize(alias), i);
            }
        }
        return Map.copyOf(byAlias);
    }

    /** As {@link #of(ObjectDefinition, List)}, with the definition's {@link #aliasIndex} already built. */
    public static HeaderMapping of(ObjectDefinition definition, List<String> headers, Map<String, Integer> byAlias) {
        List<ColumnDefinition> columns = definition.columns();
        int[] map = new int[headers.size()];
        boolean[] filled = new boolean[columns.size()];
        for (int f = 0; f < headers.size(); f++) {
            Integer col = byAlias.get(HeaderNames.normalize(headers.get(f)));
            // A second header for an already-mapped column is kept as extra, never silently merged.
            if (col != null && !filled[col]) {
                map[f] = col;
                filled[col] = true;
            } else {
                map[f] = -1;
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnDefinition c = columns.get(i);
            if (!filled[i] && (c.required() || definition.key().contains(c.name()))) {
                missing.add(c.name());
            }
        }
        return new HeaderMapping(List.copyOf(headers), map, List.copyOf(missing));
    }

    public List<String> headers() {
        return headers;
    }

    public int columnOf(int field) {
        return field < columnOfField.length ? columnOfField[field] : -1;
    }

    public int fieldCount() {
        return columnOfField.length;
    }

    /** Required or key columns no header maps to: the file cannot be imported. */
    public List<String> missingRequired() {
        return missingRequired;
    }

    /** "Email Address→email, Phone→phone, Notes→(extra)" for the run log and dry-run report. */
    public String describe(ObjectDefinition definition) {
        List<String> parts = new ArrayList<>();
        for (int f = 0; f < headers.size(); f++) {
            int c = columnOfField[f];
            parts.add(headers.get(f) + "→" + (c < 0 ? "(extra)" : definition.columns().get(c).name()));
        }
        return String.join(", ", parts);
    }
}
