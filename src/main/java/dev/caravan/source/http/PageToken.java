package dev.caravan.source.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the next page starts, as the paginator that produced it understands it: {@code after=…}
 * for a cursor, {@code url=…} for a next link, {@code offset=…}, {@code page=…}, {@code after_id=…}.
 * Small and made of strings, so a checkpoint can store it beside the batch it follows.
 */
public record PageToken(Map<String, String> values) {

    public PageToken {
        values = Map.copyOf(values);
    }

    public static PageToken of(String key, String value) {
        return new PageToken(Map.of(key, value));
    }

    public String get(String key) {
        return values.get(key);
    }

    /** "key=value&…", for logs and checkpoints (values are positions, not secrets). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        new LinkedHashMap<>(values).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=').append(v));
        return sb.toString();
    }
}
