package dev.caravan.clean;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Free text: kept as written (already stripped); with a list of allowed values, matched case-insensitively. */
final class TextCleaner implements ValueCleaner {

    private final Map<String, String> allowed;

    TextCleaner(List<String> values) {
        if (values.isEmpty()) {
            allowed = null;
        } else {
            allowed = new HashMap<>();
            values.forEach(v -> allowed.put(v.toLowerCase(Locale.ROOT), v));
        }
    }

    @Override
    public Object clean(String raw) throws InvalidValueException {
        if (allowed == null) {
            return raw;
        }
        String v = allowed.get(raw.toLowerCase(Locale.ROOT));
        if (v == null) {
            throw new InvalidValueException("'" + raw + "' is not one of " + allowed.values());
        }
        return v;
    }
}
