package dev.caravan.gold;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The sample queries of a Markdown document and the results it shows for them: every ```sql block
 * followed (after blank lines) by a table. {@link #mismatches} compares a query's actual result with
 * its table cell by cell: {@code NULL} is a null, a number shown is compared numerically after
 * rounding the actual value to the decimals shown (half up), anything else as text.
 */
final class DocQueries {

    /** One query of the document, its line, and the table of its expected result. */
    record DocQuery(int line, String sql, List<String> columns, List<List<String>> rows) {
    }

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern SEPARATOR = Pattern.compile("\\|(\\s*:?-{3,}:?\\s*\\|)+");

    private DocQueries() {
    }

    /** The section of {@code markdown} that starts with the heading {@code heading} and ends at the next heading of the same level. */
    static String section(String markdown, String heading) {
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        int start = markdown.indexOf("\n" + heading);
        if (start < 0) {
            throw new IllegalArgumentException("no section '" + heading + "'");
        }
        int end = markdown.indexOf("\n" + level, start + heading.length() + 1);
        return markdown.substring(start + 1, end < 0 ? markdown.length() : end + 1);
    }

    /** The queries of one section, with their lines counted in the whole document. */
    static List<DocQuery> parseSection(String markdown, String heading) {
        String section = section(markdown, heading);
        int before = markdown.substring(0, markdown.indexOf(section)).split("\n", -1).length - 1;
        return parse(section).stream()
                .map(q -> new DocQuery(q.line() + before, q.sql(), q.columns(), q.rows()))
                .toList();
    }

    /** The queries followed by a result table; a query without a table after it is not one of them. */
    static List<DocQuery> parse(String markdown) {
        String[] lines = markdown.split("\n", -1);
        List<DocQuery> out = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            if (!lines[i].strip().equals("```sql")) {
                i++;
                continue;
            }
            int line = i + 1;
            StringBuilder sql = new StringBuilder();
            i++;
            while (i < lines.length && !lines[i].strip().equals("```")) {
                sql.append(lines[i]).append('\n');
                i++;
            }
            if (i == lines.length) {
                throw new IllegalArgumentException("line " + line + ": unterminated sql block");
            }
            i++;
            while (i < lines.length && lines[i].isBlank()) {
                i++;
            }
            if (i == lines.length || !lines[i].strip().startsWith("|")) {
                continue;
            }
            List<String> columns = cells(lines[i], i + 1);
            i++;
            if (i == lines.length || !SEPARATOR.matcher(lines[i].strip()).matches()) {
                throw new IllegalArgumentException("line " + (i + 1) + ": a result table needs a separator row after its header");
            }
            i++;
            List<List<String>> rows = new ArrayList<>();
            while (i < lines.length && lines[i].strip().startsWith("|")) {
                List<String> row = cells(lines[i], i + 1);
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": " + row.size() + " cells, the header has " + columns.size());
                }
                rows.add(row);
                i++;
            }
            out.add(new DocQuery(line, sql.toString().strip(), columns, rows));
        }
        return out;
    }

    private static List<String> cells(String line, int number) {
        String t = line.strip();
        if (!t.startsWith("|") || !t.endsWith("|") || t.length() < 2) {
            throw new IllegalArgumentException("line " + number + ": a table row starts and ends with '|'");
        }
        List<String> out = new ArrayList<>();
        for (String cell : t.substring(1, t.length() - 1).split("\\|", -1)) {
            out.add(cell.strip());
        }
        return out;
    }

    /** What differs between the table shown for {@code query} and the actual result; empty when they agree. */
    static List<String> mismatches(DocQuery query, List<String> actualColumns, List<List<Object>> actualRows) {
        List<String> out = new ArrayList<>();
        String where = "query at line " + query.line() + ": ";
        List<String> expectedColumns = query.columns().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        List<String> actual = actualColumns.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        if (!expectedColumns.equals(actual)) {
            out.add(where + "columns " + actual + ", the document shows " + expectedColumns);
            return out;
        }
        if (actualRows.size() != query.rows().size()) {
            out.add(where + actualRows.size() + " rows, the document shows " + query.rows().size() + ": " + actualRows);
        }
        for (int r = 0; r < Math.min(actualRows.size(), query.rows().size()); r++) {
            for (int c = 0; c < actual.size(); c++) {
                String expected = query.rows().get(r).get(c);
                Object value = actualRows.get(r).get(c);
                if (!agrees(expected, value)) {
                    out.add(where + "row " + (r + 1) + ", " + actual.get(c) + ": " + value + ", the document shows " + expected);
                }
            }
        }
        return out;
    }

    static boolean agrees(String expected, Object value) {
        if (expected.equals("NULL") || value == null) {
            return expected.equals("NULL") && value == null;
        }
        if (value instanceof Number n && NUMBER.matcher(expected).matches()) {
            BigDecimal shown = new BigDecimal(expected);
            BigDecimal got = new BigDecimal(n.toString());
            return got.setScale(Math.max(shown.scale(), 0), RoundingMode.HALF_UP).compareTo(shown) == 0;
        }
        return String.valueOf(value).equals(expected);
    }
}
