package dev.caravan.source.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of one block of a definition (a strategy's {@code type:} block, a rate limit, …),
 * read with types and collecting every problem instead of stopping at the first. Keys that are
 * never read are reported by {@link #rejectUnknown()}, so a misspelt option is not silently ignored.
 */
public final class StrategyOptions {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String where;
    private final JsonNode node;
    private final List<String> problems;
    private final Set<String> read = new LinkedHashSet<>();

    public StrategyOptions(String where, JsonNode node, List<String> problems) {
        this.where = where;
        this.node = node == null || node.isNull() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
        this.problems = problems;
        if (!this.node.isMissingNode() && !this.node.isObject()) {
            problem("must be a map of options");
        }
    }

    public String where() {
        return where;
    }

    public void problem(String message) {
        problems.add(where + ": " + message);
    }

    /** Adds a problem already prefixed with its place. */
    public void rawProblem(String message) {
        problems.add(message);
    }

    /** The block itself (an empty map when absent), for merging; reading it marks nothing as read. */
    public com.fasterxml.jackson.databind.node.ObjectNode rawObject() {
        return node.isObject() ? (com.fasterxml.jackson.databind.node.ObjectNode) node
                : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }

    /** The keys of the block, each counted as read. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(out::add);
        }
        read.addAll(out);
        return out;
    }

    public boolean has(String key) {
        read.add(key);
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    public JsonNode node(String key) {
        read.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    public StrategyOptions child(String key) {
        return new StrategyOptions(where + "." + key, node(key), problems);
    }

    public String string(String key, String defaultValue) {
        JsonNode v = node(key);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isValueNode()) {
            problem(key + " must be a single value");
            return defaultValue;
        }
        return v.asText();
    }

    public String required(String key) {
        String v = string(key, null);
        if (v == null || v.isBlank()) {
            problem(key + " is required");
        }
        return v;
    }

    public int integer(String key, int defaultValue, int min) {
        JsonNode v = node(key);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            problem(key + " must be a whole number, got '" + v.asText() + "'");
            return defaultValue;
        }
        int i = v.asInt();
        if (i < min) {
            problem(key + " must be at least " + min + ", got " + i);
            return defaultValue;
        }
        return i;
    }

    public boolean bool(String key, boolean defaultValue) {
        JsonNode v = node(key);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isBoolean()) {
            problem(key + " must be true or false, got '" + v.asText() + "'");
            return defaultValue;
        }
        return v.asBoolean();
    }

    public double decimal(String key, double defaultValue) {
        JsonNode v = node(key);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isNumber()) {
            problem(key + " must be a number, got '" + v.asText() + "'");
            return defaultValue;
        }
        return v.asDouble();
    }

    /** "500ms", "10s", "5m", "1h", "1d" or ISO-8601 ("PT10S"). */
    public Duration duration(String key, Duration defaultValue) {
        String v = string(key, null);
        if (v == null) {
            return defaultValue;
        }
        Duration d = parseDuration(v.trim());
        if (d == null || d.isNegative()) {
            problem(key + " must be a duration such as 500ms, 10s, 5m or PT10S, got '" + v + "'");
            return defaultValue;
        }
        return d;
    }

    public static Duration parseDuration(String v) {
        Matcher m = SHORT_DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A JSON pointer (RFC 6901): empty for the whole document, else starting with '/'. */
    public JsonPointer pointer(String key, String defaultValue) {
        String v = string(key, defaultValue);
        if (v == null) {
            return null;
        }
        return compilePointer(key, v);
    }

    public JsonPointer compilePointer(String key, String v) {
        if (!v.isEmpty() && !v.startsWith("/")) {
            problem(key + " must be a JSON pointer starting with '/' (e.g. /results), got '" + v + "'");
            return null;
        }
        try {
            return JsonPointer.compile(v);
        } catch (IllegalArgumentException e) {
            problem(key + " is not a valid JSON pointer '" + v + "': " + e.getMessage());
            return null;
        }
    }

    /** One of the allowed words. */
    public String oneOf(String key, String defaultValue, Set<String> allowed) {
        String v = string(key, defaultValue);
        if (v != null && !allowed.contains(v)) {
            problem(key + " must be one of " + new TreeSet<>(allowed) + ", got '" + v + "'");
            return defaultValue;
        }
        return v;
    }

    /** A secret: only a {@code ${ENV}} reference is accepted, never the secret itself. */
    public String secret(String key) {
        String v = string(key, null);
        if (v == null || v.isBlank()) {
            problem(key + " is required (as a ${ENV_VAR} reference)");
            return null;
        }
        if (!Secrets.isReference(v)) {
            problem(key + " must be a ${ENV_VAR} reference, not a literal value (secrets are never written in definitions)");
            return null;
        }
        return v;
    }

    /** Values of a list of strings (a single string counts as a list of one). */
    public List<String> strings(String key) {
        JsonNode v = node(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v.isValueNode()) {
            out.add(v.asText());
        } else if (v.isArray()) {
            v.forEach(e -> {
                if (e.isValueNode()) {
                    out.add(e.asText());
                } else {
                    problem(key + " must list plain values");
                }
            });
        } else {
            problem(key + " must be a list");
        }
        return out;
    }

    /** Reports keys that no reader asked for. */
    public void rejectUnknown() {
        if (!node.isObject()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!read.contains(k)) {
                problem("unknown option '" + k + "' (known: " + String.join(", ", new TreeSet<>(read)) + ")");
            }
        }
    }
}
