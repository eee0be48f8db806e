package dev.caravan.definition;

import java.util.List;

/**
 * One column of an object: its warehouse name, type, whether a row without it is rejected, the
 * headers it is recognised by, and optionally the object whose key it references.
 *
 * @param scale decimal places kept for a decimal column (default 2)
 * @param values allowed values (compared case-insensitively, stored as listed); empty means any
 * @param expected a row without this value is kept, and the missing value recorded as a row issue
 *        (LeadConduit leads without a submission timestamp); a file without the column still loads
 */
public record ColumnDefinition(
        String name,
        ColumnType type,
        boolean required,
        List<String> aliases,
        String references,
        Integer scale,
        List<String> values,
        boolean expected) {

    public ColumnDefinition(String name, ColumnType type, boolean required, List<String> aliases, String references,
            Integer scale, List<String> values) {
        this(name, type, required, aliases, references, scale, values, false);
    }

    public ColumnDefinition {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        values = values == null ? List.of() : List.copyOf(values);
        if (type == null) {
            type = ColumnType.TEXT;
        }
    }

    public int decimalScale() {
        return scale == null ? 2 : scale;
    }
}
