package dev.caravan.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.Sql;
import dev.caravan.testing.SqlScripts;
import dev.caravan.warehouse.Warehouse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gold views (V16) on a real warehouse, H2 and PostgreSQL (see the subclasses): the fixture
 * {@code gold/fixture.sql} is loaded, and the sample queries of docs/schema.md's "Gold views"
 * section must return the tables shown there. The document is the expectation: no result is
 * repeated here.
 */
public abstract class AbstractGoldViewsTest {

    static final List<String> VIEWS = List.of("gold_lead_appointments", "gold_campaign_roi",
            "gold_pipeline_by_stage_month", "gold_lead_source_attribution");

    /** Each base table with rows marked deleted in the fixture, and the views those rows would change if live. */
    static final Map<String, List<String>> READERS = new LinkedHashMap<>();

    static {
        READERS.put("redshift_marketing_campaigns", List.of("gold_campaign_roi"));
        READERS.put("leadconduit_leads", List.of("gold_lead_appointments", "gold_campaign_roi", "gold_lead_source_attribution"));
        READERS.put("genius_marketing_sources", List.of("gold_lead_source_attribution"));
        READERS.put("genius_prospects", List.of("gold_lead_appointments", "gold_campaign_roi", "gold_lead_source_attribution"));
        READERS.put("genius_appointments", List.of("gold_lead_appointments", "gold_campaign_roi", "gold_lead_source_attribution"));
        READERS.put("salespro_appointments", List.of("gold_lead_appointments", "gold_lead_source_attribution"));
        READERS.put("hubspot_deals", List.of("gold_pipeline_by_stage_month"));
        READERS.put("crm_opportunities", List.of("gold_pipeline_by_stage_month"));
    }

    @Inject
    Warehouse warehouse;

    @BeforeEach
    void loadFixture() throws SQLException {
        Sql.reset(warehouse);
        try (Connection c = warehouse.dataSource().getConnection()) {
            SqlScripts.run(c, "gold/fixture.sql");
        }
    }

    @Test
    void aResultThatDiffersFromTheDocumentIsCaught() throws Exception {
        DocQueries.DocQuery first = documented().get(0);
        List<List<String>> altered = new ArrayList<>(first.rows());
        List<String> row = new ArrayList<>(altered.get(0));
        int last = row.size() - 1;
        row.set(last, row.get(last).equals("NULL") ? "0" : "NULL");
        altered.set(0, row);
        DocQueries.DocQuery wrong = new DocQueries.DocQuery(first.line(), first.sql(), first.columns(), altered);
        Result r = run(first.sql());
        assertEquals(1, DocQueries.mismatches(wrong, r.columns(), r.rows()).size());
    }

    @Test
    void eachViewLeavesOutTheRowsMarkedDeleted() {
        for (Map.Entry<String, List<String>> e : READERS.entrySet()) {
            Map<String, List<String>> before = snapshots(e.getValue());
            Sql.exec(warehouse, "UPDATE " + e.getKey() + " SET deleted_at = NULL WHERE deleted_at IS NOT NULL");
            for (String view : e.getValue()) {
                assertNotEquals(before.get(view), snapshot(view),
                        view + " must change when the deleted rows of " + e.getKey() + " come back (it left them out)");
            }
            loadFixture0();
        }
        for (String table : READERS.keySet()) {
            Sql.exec(warehouse, "UPDATE " + table + " SET deleted_at = CURRENT_TIMESTAMP");
        }
        for (String view : VIEWS) {
            assertEquals(List.of(), snapshot(view), view + " with every base row marked deleted");
        }
    }

    @Test
    void theSampleQueriesOfTheGoldViewsSectionReturnTheResultsShownThere() throws Exception {
        List<DocQueries.DocQuery> queries = documented();
        assertTrue(queries.size() >= 7, "docs/schema.md's Gold views section has " + queries.size() + " tested queries");
        for (String view : VIEWS) {
            assertTrue(queries.stream().anyMatch(q -> q.sql().contains(view)), "no documented query reads " + view);
        }
        List<String> mismatches = new ArrayList<>();
        for (DocQueries.DocQuery q : queries) {
            assertTrue(!q.rows().isEmpty(), "query at line " + q.line() + " shows an empty result");
            Result r = run(q.sql());
            mismatches.addAll(DocQueries.mismatches(q, r.columns(), r.rows()));
        }
        assertEquals(List.of(), mismatches);
    }

    private void loadFixture0() {
        try {
            loadFixture();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<DocQueries.DocQuery> documented() throws IOException {
        String doc = Files.readString(Path.of("docs/schema.md"), StandardCharsets.UTF_8);
        return DocQueries.parseSection(doc, "## Gold views");
    }

    private Map<String, List<String>> snapshots(List<String> views) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String view : views) {
            out.put(view, snapshot(view));
        }
        return out;
    }

    /** The view's rows as text, sorted, so that two reads compare regardless of order. */
    private List<String> snapshot(String view) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> row : Sql.rows(warehouse, "SELECT * FROM " + view)) {
            out.add(row.toString());
        }
        out.sort(null);
        return out;
    }

    record Result(List<String> columns, List<List<Object>> rows) {
    }

    private Result run(String sql) throws SQLException {
        String statement = sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
        try (Connection c = warehouse.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(statement)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnLabel(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return new Result(columns, rows);
        }
    }
}
