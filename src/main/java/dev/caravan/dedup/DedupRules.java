package dev.caravan.dedup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.definition.ColumnDefinition;
import dev.caravan.definition.ColumnType;
import dev.caravan.definition.ObjectDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An object's {@code dedup:} block, parsed and checked against its columns:
 *
 * <pre>
 * dedup:
 *   rules:                      # tried in order; a row joins a group when any rule matches
 *     - {name: email, match: [email]}
 *     - {name: phone_last_name, match: [phone, last_name]}
 *     - {name: name_company, match: [first_name, last_name, {column: company, as: company}]}
 *   survivor: most_recent       # or most_complete; ties go to the smallest key
 *   updated_column: updated_at  # what most_recent compares (a timestamp or date column, updated_at, created_at)
 *   source_merges: merged_object_ids   # optional: a column listing ids the source merged into this row (';')
 *   fill: most_recent           # per column: a survivor's empty column takes the value of the group's most
 *                               # recent (or most complete) row that has one; or a mapping
 *                               # {default: most_recent, job_title: most_complete, notes: none}; absent: none
 * </pre>
 *
 * A field's normalizer follows its column's type (email, phone, name, company; anything else as
 * text) unless {@code as:} names one.
 */
public record DedupRules(List<MatchRule> rules, Survivorship survivorship, String updatedColumn, String sourceMergesColumn,
        Map<String, Survivorship> fill) {

    /** One rule: rows match when every field's normalized value is present and equal. */
    public record MatchRule(String name, List<MatchField> fields) {
    }

    public record MatchField(String column, MatchNormalizer normalizer) {
    }

    public static final int MAX_RULES = 10;
    public static final int MAX_FIELDS = 6;
    /** Longest normalized match value kept (the side table's column); longer values never match. */
    public static final int MAX_VALUE_CHARS = 500;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Set<String> FIELDS = Set.of("rules", "survivor", "updated_column", "source_merges", "fill");
    private static final Set<String> RULE_FIELDS = Set.of("name", "match");
    private static final Set<String> MATCH_FIELDS = Set.of("column", "as");

    /** Whether the definition asks for deduplication. */
    public static boolean declared(ObjectDefinition d) {
        return d.dedup() != null && !d.dedup().isNull() && !d.dedup().isMissingNode();
    }

    /** The definition's rules, or null when it has no {@code dedup:} block. */
    public static DedupRules of(ObjectDefinition d) {
        if (!declared(d)) {
            return null;
        }
        String where = d.qualifiedName() + " (definitions/" + d.system() + "/" + d.object() + ".yaml): dedup";
        JsonNode node = d.dedup();
        if (!node.isObject()) {
            throw new DedupDefinitionException(where + ": must be a mapping with rules:");
        }
        unknownFields(node, FIELDS, where);
        if (d.key().size() != 1) {
            throw new DedupDefinitionException(where + ": the object needs a single-column key (merged_into holds one key)");
        }
        ColumnDefinition keyColumn = d.column(d.key().get(0));
        if (keyColumn != null && keyColumn.type() != ColumnType.TEXT) {
            throw new DedupDefinitionException(where + ": the key " + keyColumn.name() + " must be of type text (merged_into"
                    + " and caravan_merge hold keys as text)");
        }
        JsonNode rulesNode = node.path("rules");
        if (!rulesNode.isArray() || rulesNode.isEmpty()) {
            throw new DedupDefinitionException(where + ".rules: at least one rule is required");
        }
        if (rulesNode.size() > MAX_RULES) {
            throw new DedupDefinitionException(where + ".rules: at most " + MAX_RULES + " rules, got " + rulesNode.size());
        }
        List<MatchRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rulesNode.size(); i++) {
            String at = where + ".rules[" + i + "]";
            MatchRule rule = rule(d, rulesNode.get(i), at);
            if (!names.add(rule.name())) {
                throw new DedupDefinitionException(at + ".name: '" + rule.name() + "' is used by two rules");
            }
            rules.add(rule);
        }
        Survivorship survivorship = Survivorship.MOST_RECENT;
        JsonNode survivor = node.path("survivor");
        if (!survivor.isMissingNode()) {
            try {
                survivorship = Survivorship.valueOf(survivor.asText().trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new DedupDefinitionException(where + ".survivor: '" + survivor.asText()
                        + "' is not most_recent or most_complete");
            }
        }
        String updated = node.path("updated_column").asText("updated_at");
        ColumnDefinition uc = d.column(updated);
        if (!(updated.equals("updated_at") || updated.equals("created_at")
                || uc != null && (uc.type() == ColumnType.TIMESTAMP || uc.type() == ColumnType.DATE))) {
            throw new DedupDefinitionException(where + ".updated_column: '" + updated
                    + "' is not a timestamp or date column of " + d.qualifiedName() + " (nor updated_at, created_at)");
        }
        String sourceMerges = null;
        if (node.has("source_merges")) {
            sourceMerges = node.get("source_merges").asText();
            if (d.column(sourceMerges) == null) {
                throw new DedupDefinitionException(where + ".source_merges: unknown column '" + sourceMerges + "'");
            }
        }
        return new DedupRules(List.copyOf(rules), survivorship, updated, sourceMerges, fill(d, node.path("fill"), where, sourceMerges));
    }

    /**
     * The {@code fill:} block: per fillable column (every definition column but the key and the
     * source-merges column) the rule that picks the row a survivor's empty value is taken from;
     * columns left out (or {@code none}) are never filled.
     */
    private static Map<String, Survivorship> fill(ObjectDefinition d, JsonNode node, String where, String sourceMerges) {
        Map<String, Survivorship> out = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        Map<String, String> asked = new LinkedHashMap<>();
        if (node.isTextual()) {
            asked.put("default", node.asText());
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> asked.put(e.getKey(), e.getValue().asText("")));
        } else {
            throw new DedupDefinitionException(where + ".fill: most_recent, most_complete, none, or a mapping of columns to those");
        }
        Survivorship fallback = null;
        for (Map.Entry<String, String> e : asked.entrySet()) {
            String col = e.getKey();
            if (!col.equals("default")) {
                if (d.column(col) == null) {
                    throw new DedupDefinitionException(where + ".fill: unknown column '" + col + "' (not a column of "
                            + d.qualifiedName() + ")");
                }
                if (d.key().contains(col) || col.equals(sourceMerges)) {
                    throw new DedupDefinitionException(where + ".fill." + col + ": the key and the source-merges column are"
                            + " never filled");
                }
            }
            Survivorship rule = fillRule(e.getValue(), where + ".fill." + col);
            if (col.equals("default")) {
                fallback = rule;
            }
        }
        for (ColumnDefinition c : d.columns()) {
            String col = c.name();
            if (d.key().contains(col) || col.equals(sourceMerges)) {
                continue;
            }
            Survivorship rule = asked.containsKey(col) ? fillRule(asked.get(col), col) : fallback;
            if (rule != null) {
                out.put(col, rule);
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** most_recent, most_complete, or none (null). */
    private static Survivorship fillRule(String value, String where) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        if (v.equals("none")) {
            return null;
        }
        try {
            return Survivorship.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DedupDefinitionException(where + ": '" + value + "' is not most_recent, most_complete or none");
        }
    }

    private static MatchRule rule(ObjectDefinition d, JsonNode r, String at) {
        if (!r.isObject()) {
            throw new DedupDefinitionException(at + ": must be a mapping with name: and match:");
        }
        unknownFields(r, RULE_FIELDS, at);
        String name = r.path("name").asText("");
        if (!NAME.matcher(name).matches()) {
            throw new DedupDefinitionException(at + ".name: must be a lower-case identifier, got '" + name + "'");
        }
        JsonNode match = r.path("match");
        if (!match.isArray() || match.isEmpty()) {
            throw new DedupDefinitionException(at + ".match: a list of at least one column is required");
        }
        if (match.size() > MAX_FIELDS) {
            throw new DedupDefinitionException(at + ".match: at most " + MAX_FIELDS + " columns, got " + match.size());
        }
        List<MatchField> fields = new ArrayList<>();
        for (int j = 0; j < match.size(); j++) {
            String fat = at + ".match[" + j + "]";
            JsonNode f = match.get(j);
            String column;
            String as = null;
            if (f.isTextual()) {
                column = f.asText();
            } else if (f.isObject()) {
                unknownFields(f, MATCH_FIELDS, fat);
                column = f.path("column").asText("");
                as = f.has("as") ? f.get("as").asText() : null;
            } else {
                throw new DedupDefinitionException(fat + ": a column name or {column:, as:}");
            }
            ColumnDefinition c = d.column(column);
            if (c == null) {
                throw new DedupDefinitionException(fat + ": unknown column '" + column + "' (not a column of "
                        + d.qualifiedName() + ")");
            }
            MatchNormalizer n = as == null ? MatchNormalizer.of(c.type()) : MatchNormalizer.parse(as);
            if (n == null) {
                throw new DedupDefinitionException(fat + ".as: '" + as + "' is not one of email, phone, name, company, text");
            }
            fields.add(new MatchField(column, n));
        }
        return new MatchRule(name, List.copyOf(fields));
    }

    private static void unknownFields(JsonNode node, Set<String> known, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new DedupDefinitionException(where + ": unknown field '" + f + "' (known: " + new java.util.TreeSet<>(known) + ")");
            }
        }
    }

    /** Every column the pass reads: the match columns (in rule order, without repeats) and the source-merges column. */
    public List<String> columns() {
        List<String> out = new ArrayList<>();
        for (MatchRule r : rules) {
            for (MatchField f : r.fields()) {
                if (!out.contains(f.column())) {
                    out.add(f.column());
                }
            }
        }
        if (sourceMergesColumn != null && !out.contains(sourceMergesColumn)) {
            out.add(sourceMergesColumn);
        }
        return out;
    }

    /** The rule's match value for a row (values by column name), or null when a field is missing. */
    public static String matchValue(MatchRule rule, java.util.function.Function<String, String> valueOf) {
        StringBuilder sb = new StringBuilder();
        for (MatchField f : rule.fields()) {
            String v = f.normalizer().normalize(valueOf.apply(f.column()));
            if (v == null) {
                return null;
            }
            if (sb.length() > 0) {
                sb.append('\u001f');
            }
            sb.append(v);
        }
        return sb.length() > MAX_VALUE_CHARS ? null : sb.toString();
    }
}
