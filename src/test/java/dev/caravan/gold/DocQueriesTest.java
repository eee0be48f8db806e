package dev.caravan.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser and comparer behind the documented gold-view results: what it refuses, then what it accepts. */
class DocQueriesTest {

    private static final String DOC = """
            # Title

            ## Section

            ```sql
            SELECT a, b FROM t ORDER BY a;
            ```

            | a | b |
            |---|---:|
            | x | 0.50 |
            | NULL | 3 |

            ```sql
            -- no table follows: only an example
            SELECT 1;
            ```
            Some text.

            ## Next
            ```sql
            SELECT c FROM u;
            ```
            | c |
            |---|
            | y |
            """;

    @Test
    void aRowWithTheWrongNumberOfCellsIsRefused() {
        String doc = "```sql\nSELECT a, b FROM t;\n```\n| a | b |\n|---|---|\n| 1 |\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DocQueries.parse(doc));
        assertTrue(e.getMessage().contains("line 6"), e.getMessage());
    }

    @Test
    void aTableWithoutASeparatorOrABlockWithoutItsEndIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DocQueries.parse("```sql\nSELECT 1;\n```\n| a |\n| 1 |\n"));
        assertThrows(IllegalArgumentException.class, () -> DocQueries.parse("```sql\nSELECT 1;\n"));
        assertThrows(IllegalArgumentException.class, () -> DocQueries.section(DOC, "## Missing"));
    }

    @Test
    void differencesAreReportedCellByCellAndByRowCountAndColumns() {
        DocQueries.DocQuery q = DocQueries.parse(DOC).get(0);
        List<String> wrongValue = DocQueries.mismatches(q, List.of("A", "B"),
                List.of(row("x", new BigDecimal("0.51")), row(null, 3L)));
        assertEquals(1, wrongValue.size(), wrongValue.toString());
        assertTrue(wrongValue.get(0).contains("row 1, b"), wrongValue.get(0));

        assertFalse(DocQueries.mismatches(q, List.of("a", "b"), List.of(row("x", new BigDecimal("0.5")))).isEmpty(),
                "a missing row");
        assertFalse(DocQueries.mismatches(q, List.of("a", "c"), List.of()).isEmpty(), "another column");
        assertFalse(DocQueries.mismatches(q, List.of("a", "b"),
                List.of(row("x", new BigDecimal("0.5")), row("NULL", 3L))).isEmpty(), "the text NULL is not a null");
        assertFalse(DocQueries.agrees("5550001", 5550002L));
        assertFalse(DocQueries.agrees("0", null));
        assertFalse(DocQueries.agrees("Angi", "angi"));
    }

    @Test
    void numbersAgreeWhenTheyRoundToTheDecimalsShown() {
        assertTrue(DocQueries.agrees("48.98", new BigDecimal("48.979591836")));
        assertTrue(DocQueries.agrees("0.0200", new BigDecimal("0.02")));
        assertTrue(DocQueries.agrees("-1.0000", new BigDecimal("-1")));
        assertTrue(DocQueries.agrees("6", 6L));
        assertTrue(DocQueries.agrees("5550001", "5550001"), "a number-like text compares as text");
        assertTrue(DocQueries.agrees("NULL", null));
    }

    @Test
    void onlyBlocksFollowedByATableAreQueriesAndASectionStopsAtTheNextHeading() {
        List<DocQueries.DocQuery> all = DocQueries.parse(DOC);
        assertEquals(2, all.size());
        assertEquals("SELECT a, b FROM t ORDER BY a;", all.get(0).sql());
        assertEquals(List.of("a", "b"), all.get(0).columns());
        assertEquals(List.of(List.of("x", "0.50"), List.of("NULL", "3")), all.get(0).rows());
        assertEquals(5, all.get(0).line());

        List<DocQueries.DocQuery> section = DocQueries.parse(DocQueries.section(DOC, "## Section"));
        assertEquals(1, section.size());
        assertEquals(21, DocQueries.parseSection(DOC, "## Next").get(0).line(), "lines count in the whole document");
        assertTrue(DocQueries.mismatches(section.get(0), List.of("a", "b"),
                List.of(row("x", new BigDecimal("0.5")), row(null, 3L))).isEmpty());
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }
}
