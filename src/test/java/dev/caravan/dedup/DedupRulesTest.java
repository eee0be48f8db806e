package dev.caravan.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.caravan.definition.ColumnDefinition;
import dev.caravan.definition.ColumnType;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing and checking of dedup: blocks; errors name the definition file and the field. */
class DedupRulesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static ObjectDefinition contacts(String dedupYaml) throws Exception {
        JsonNode dedup = dedupYaml == null ? null : YAML.readTree(dedupYaml);
        List<ColumnDefinition> columns = List.of(
                new ColumnDefinition("contact_id", ColumnType.TEXT, false, List.of(), null, null, List.of()),
                new ColumnDefinition("first_name", ColumnType.NAME, true, List.of(), null, null, List.of()),
                new ColumnDefinition("last_name", ColumnType.NAME, true, List.of(), null, null, List.of()),
                new ColumnDefinition("email", ColumnType.EMAIL, false, List.of(), null, null, List.of()),
                new ColumnDefinition("phone", ColumnType.PHONE, false, List.of(), null, null, List.of()),
                new ColumnDefinition("company", ColumnType.TEXT, false, List.of(), null, null, List.of()),
                new ColumnDefinition("seen_on", ColumnType.DATE, false, List.of(), null, null, List.of()));
        return new ObjectDefinition("crm", "people", null, "crm_people", List.of("contact_id"), columns, Map.of(), null,
                List.of(), null, null, null, dedup);
    }

    private static String error(String yaml) {
        return assertThrows(DedupDefinitionException.class, () -> DedupRules.of(contacts(yaml))).getMessage();
    }

    @Test
    void mistakesAreNamedByFileAndField() {
        String file = "crm.people (definitions/crm/people.yaml): dedup";
        assertEquals(file + ".rules[1].match[0]: unknown column 'emial' (not a column of crm.people)",
                error("rules: [{name: a, match: [email]}, {name: b, match: [emial]}]"));
        assertEquals(file + ".rules: at least one rule is required", error("rules: []"));
        assertEquals(file + ".rules: at least one rule is required", error("survivor: most_recent"));
        assertEquals(file + ": must be a mapping with rules:", error("[email]"));
        assertTrue(error("rules: [{name: a, match: [email]}]\nsurvivr: x").startsWith(file + ": unknown field 'survivr'"));
        assertEquals(file + ".survivor: 'newest' is not most_recent or most_complete",
                error("rules: [{name: a, match: [email]}]\nsurvivor: newest"));
        assertEquals(file + ".rules[1].name: 'a' is used by two rules",
                error("rules: [{name: a, match: [email]}, {name: a, match: [phone]}]"));
        assertEquals(file + ".rules[0].name: must be a lower-case identifier, got 'Bad Name'",
                error("rules: [{name: Bad Name, match: [email]}]"));
        assertEquals(file + ".rules[0].match: a list of at least one column is required", error("rules: [{name: a}]"));
        assertEquals(file + ".rules[0].match[0].as: 'soundex' is not one of email, phone, name, company, text",
                error("rules: [{name: a, match: [{column: company, as: soundex}]}]"));
        assertEquals(file + ".updated_column: 'email' is not a timestamp or date column of crm.people (nor updated_at, created_at)",
                error("rules: [{name: a, match: [email]}]\nupdated_column: email"));
        assertEquals(file + ".source_merges: unknown column 'merged_ids'",
                error("rules: [{name: a, match: [email]}]\nsource_merges: merged_ids"));
        assertTrue(error("rules: [" + "{name: r, match: [email]},".repeat(11) + "]").contains("at most 10 rules"));
        assertEquals(file + ".fill.default: 'newest' is not most_recent, most_complete or none",
                error("rules: [{name: a, match: [email]}]\nfill: newest"));
        assertEquals(file + ".fill: unknown column 'emial' (not a column of crm.people)",
                error("rules: [{name: a, match: [email]}]\nfill: {emial: most_recent}"));
        assertEquals(file + ".fill.contact_id: the key and the source-merges column are never filled",
                error("rules: [{name: a, match: [email]}]\nfill: {contact_id: most_recent}"));
        assertEquals(file + ".fill: most_recent, most_complete, none, or a mapping of columns to those",
                error("rules: [{name: a, match: [email]}]\nfill: [phone]"));
        assertEquals(file + ".fill.phone: 'maybe' is not most_recent, most_complete or none",
                error("rules: [{name: a, match: [email]}]\nfill: {default: none, phone: maybe}"));
    }

    @Test
    void fillNamesARulePerColumnWithADefaultAndExceptions() throws Exception {
        DedupRules none = DedupRules.of(contacts("rules: [{name: a, match: [email]}]"));
        assertEquals(Map.of(), none.fill(), "no fill: block, nothing is filled");
        DedupRules all = DedupRules.of(contacts("rules: [{name: a, match: [email]}]\nfill: most_recent"));
        assertEquals(List.of("first_name", "last_name", "email", "phone", "company", "seen_on"), List.copyOf(all.fill().keySet()),
                "every column but the key, in definition order");
        DedupRules some = DedupRules.of(contacts("rules: [{name: a, match: [email]}]\n"
                + "fill: {default: most_recent, phone: most_complete, company: none}"));
        assertEquals(Survivorship.MOST_COMPLETE, some.fill().get("phone"));
        assertEquals(Survivorship.MOST_RECENT, some.fill().get("email"));
        assertTrue(!some.fill().containsKey("company"));
        DedupRules only = DedupRules.of(contacts("rules: [{name: a, match: [email]}]\nfill: {phone: most_recent}"));
        assertEquals(Map.of("phone", Survivorship.MOST_RECENT), only.fill(), "without default: only the columns named");
    }

    @Test
    void theRegistryCollectsDedupErrorsWithTheOthers() throws Exception {
        ObjectDefinition bad = contacts("rules: [{name: a, match: [nope]}]");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new DefinitionRegistry(List.of(bad), List.of()));
        assertTrue(e.getMessage().contains("dedup.rules[0].match[0]: unknown column 'nope'"), e.getMessage());
    }

    @Test
    void rulesParseWithNormalizersByTypeOrByAs() throws Exception {
        DedupRules r = DedupRules.of(contacts("""
                rules:
                  - {name: email, match: [email]}
                  - {name: phone_last_name, match: [phone, last_name]}
                  - {name: name_company, match: [first_name, last_name, {column: company, as: company}]}
                survivor: most-complete
                updated_column: seen_on
                """));
        assertEquals(3, r.rules().size());
        assertEquals(MatchNormalizer.EMAIL, r.rules().get(0).fields().get(0).normalizer());
        assertEquals(MatchNormalizer.PHONE, r.rules().get(1).fields().get(0).normalizer());
        assertEquals(MatchNormalizer.NAME, r.rules().get(1).fields().get(1).normalizer());
        assertEquals(MatchNormalizer.COMPANY, r.rules().get(2).fields().get(2).normalizer());
        assertEquals(Survivorship.MOST_COMPLETE, r.survivorship());
        assertEquals("seen_on", r.updatedColumn());
        assertEquals(List.of("email", "phone", "last_name", "first_name", "company"), r.columns());
        assertNull(DedupRules.of(contacts(null)));
    }

    @Test
    void aMatchValueNeedsEveryField() throws Exception {
        DedupRules r = DedupRules.of(contacts("rules: [{name: n, match: [last_name, {column: company, as: company}]}]"));
        Map<String, String> row = new java.util.HashMap<>(Map.of("last_name", " Lee ", "company", "ACME, Inc."));
        assertEquals("lee\u001facme", DedupRules.matchValue(r.rules().get(0), row::get));
        row.remove("company");
        assertNull(DedupRules.matchValue(r.rules().get(0), row::get));
        row.put("company", "x".repeat(600));
        assertNull(DedupRules.matchValue(r.rules().get(0), row::get), "a value too long for the side table never matches");
    }
}
