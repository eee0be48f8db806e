package dev.caravan.clean;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.caravan.definition.HeaderNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Industries mapped to the standard list in {@code reference/industries.yaml} (each standard name
 * with the synonyms that map to it). Matching ignores case, spaces and punctuation.
 */
final class IndustryCleaner implements ValueCleaner {

    private static final Map<String, String> STANDARD = load();

    @Override
    public Object clean(String raw) throws InvalidValueException {
        String v = STANDARD.get(HeaderNames.normalize(raw));
        if (v == null) {
            throw new InvalidValueException("'" + raw + "' is not in the standard industry list (reference/industries.yaml)");
        }
        return v;
    }

    static Map<String, String> load() {
        try (InputStream in = IndustryCleaner.class.getClassLoader().getResourceAsStream("reference/industries.yaml")) {
            if (in == null) {
                throw new IllegalStateException("reference/industries.yaml is missing from the classpath");
            }
            Map<String, List<String>> table = new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<>() { });
            Map<String, String> byKey = new HashMap<>();
            table.forEach((standard, synonyms) -> {
                byKey.put(HeaderNames.normalize(standard), standard);
                if (synonyms != null) {
                    synonyms.forEach(s -> byKey.put(HeaderNames.normalize(s), standard));
                }
            });
            return byKey;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
