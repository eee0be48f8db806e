package dev.caravan.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.caravan.definition.ObjectDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The quality: block of a definition, parsed without a database: defaults, declared checks, every mistake named. */
class QualityDefinitionsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    static ObjectDefinition definition(String file, String qualityYaml) throws Exception {
        String yaml = Files.readString(Path.of("definitions", file));
        return YAML.readValue(qualityYaml == null ? yaml : yaml + "\nquality:\n" + qualityYaml, ObjectDefinition.class);
    }

    private static Function<String, ObjectDefinition> known() throws Exception {
        Map<String, ObjectDefinition> objects = Map.of("crm.companies", definition("crm/companies.yaml", null),
                "crm.contacts", definition("crm/contacts.yaml", null));
        return objects::get;
    }

    private static List<String> names(List<QualityCheck> checks) {
        return checks.stream().map(QualityCheck::name).toList();
    }

    @Test
    void everyObjectGetsDefaultsFromItsColumns() throws Exception {
        List<QualityCheck> checks = QualityDefinitions.checks(definition("crm/opportunities.yaml", null), known());
        assertEquals(List.of("row_count", "not_null", "non_negative", "amount_present", "orphans_company_id", "orphans_contact_id",
                "allowed_values_stage"), names(checks));
        QualityCheck notNull = checks.get(1);
        assertEquals(List.of("opportunity_id", "company_id", "opportunity_name", "stage"), notNull.columns());
        assertEquals(QualityCheck.Severity.FAIL, notNull.severity());
        assertEquals(List.of("amount"), checks.get(2).columns(), "money and count columns only, not probability");
        assertEquals(0.10, checks.get(3).maxRate());
        assertEquals("crm.companies", checks.get(4).references());
        assertEquals(QualityCheck.Severity.WARN, checks.get(4).severity());
        assertEquals(50.0, checks.get(0).maxDropPct());
    }

    @Test
    void apiObjectsAreCheckedForRecordsFetchedTwiceAndEmailColumnsForValidity() throws Exception {
        List<QualityCheck> checks = QualityDefinitions.checks(definition("hubspot/contacts.yaml", null), q -> null);
        assertTrue(names(checks).contains("duplicates"), names(checks).toString());
        assertTrue(names(checks).contains("email_valid_email"), names(checks).toString());
        QualityCheck dup = checks.get(names(checks).indexOf("duplicates"));
        assertEquals("raw", dup.layer());
    }

    @Test
    void declaredChecksAddToTheDefaultsAndOneNamedLikeADefaultReplacesIt() throws Exception {
        List<QualityCheck> checks = QualityDefinitions.checks(definition("crm/opportunities.yaml", """
                  disabled: [orphans_contact_id]
                  checks:
                    - check: freshness
                      column: updated_at
                      max_age: 26h
                    - name: row_count
                      check: row_count
                      min: 10
                      max: 1000
                      severity: warn
                    - check: duplicates
                      columns: [opportunity_name, company_id]
                      severity: warn
                """), known());
        List<String> names = names(checks);
        assertTrue(!names.contains("orphans_contact_id"), names.toString());
        assertTrue(names.contains("freshness_updated_at"), names.toString());
        assertTrue(names.contains("duplicates_opportunity_name_company_id"), names.toString());
        QualityCheck rowCount = checks.get(names.indexOf("row_count"));
        assertEquals(10.0, rowCount.min());
        assertEquals(1000.0, rowCount.max());
        assertEquals(QualityCheck.Severity.WARN, rowCount.severity());
        assertEquals(Duration.ofHours(26), checks.get(names.indexOf("freshness_updated_at")).maxAge());
    }

    @Test
    void defaultsCanBeTurnedOff() throws Exception {
        List<QualityCheck> checks = QualityDefinitions.checks(definition("crm/opportunities.yaml", """
                  defaults: false
                  checks:
                    - check: not_null
                      column: close_date
                      max_rate: 0.5
                """), known());
        assertEquals(List.of("not_null_close_date"), names(checks));
    }

    @Test
    void everyMistakeInTheBlockIsNamedAtOnce() throws Exception {
        ObjectDefinition d = definition("crm/opportunities.yaml", """
                  disabled: [no_such_default]
                  colour: blue
                  checks:
                    - check: sparkle
                    - check: not_null
                      column: "amount; DROP TABLE crm_opportunities"
                    - check: freshness
                      column: stage
                      max_age: 26h
                    - check: freshness
                      column: close_date
                      max_age: five weeks
                    - check: not_null
                      column: amount
                      max_rate: 3
                      severity: catastrophic
                    - name: "x; DROP TABLE y"
                      check: row_count
                      min: 1
                    - check: orphans
                      column: lead_source
                    - check: allowed_values
                      column: stage
                """);
        QualityDefinitionException e = assertThrows(QualityDefinitionException.class, () -> QualityDefinitions.checks(d, known()));
        String m = e.getMessage();
        for (String expected : List.of("unknown field 'colour'", "disabled names no default check 'no_such_default'",
                "checks[0]: check must be one of", "'amount; DROP TABLE crm_opportunities' is not a column",
                "freshness column 'stage' is text", "max_age must be a positive duration", "severity must be warn or fail",
                "max_rate", "name must be a lower-case identifier", "orphans needs references",
                "allowed_values needs one column and a list of values")) {
            assertTrue(m.contains(expected), "missing '" + expected + "' in:\n" + m);
        }
        assertTrue(m.startsWith("crm.opportunities: quality: "), m);
    }

    @Test
    void aBlockThatIsNotAMappingIsRefused() throws Exception {
        ObjectDefinition d = definition("crm/opportunities.yaml", "  - check: row_count\n");
        assertThrows(QualityDefinitionException.class, () -> QualityDefinitions.checks(d, known()));
    }

    @Test
    void durationsReadLikeConfiguration() {
        assertEquals(Duration.ofSeconds(90), QualityDefinitions.duration("90s"));
        assertEquals(Duration.ofMinutes(30), QualityDefinitions.duration("30m"));
        assertEquals(Duration.ofDays(7), QualityDefinitions.duration("7d"));
        assertEquals(Duration.ofHours(26), QualityDefinitions.duration("PT26H"));
        for (String bad : List.of("", "0h", "-5m", "26", "h", "1w", "P")) {
            assertThrows(IllegalArgumentException.class, () -> QualityDefinitions.duration(bad), bad);
        }
    }
}
