package dev.caravan.warehouse;

import dev.caravan.clean.CleanRow;
import dev.caravan.definition.ColumnDefinition;
import dev.caravan.definition.ObjectDefinition;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * PostgreSQL's fast path for a batch: COPY the rows into a temporary staging table (emptied at
 * commit), then one INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE the row hash changed, RETURNING
 * which keys were inserted or updated (xmax = 0 marks an insert). Rows not returned were unchanged.
 * Keys must be unique in the batch (the caller keeps the last version of a repeated key).
 */
final class PostgresStagedUpsert {

    /** Which of the batch's keys the upsert inserted and which it updated. */
    record Outcome(Set<List<Object>> inserted, Set<List<Object>> updated) {
    }

    private final TargetTable table;
    private final String stage;
    private final String createStage;
    private final String copy;
    private final String upsert;

    PostgresStagedUpsert(TargetTable table) {
        this.table = table;
        ObjectDefinition d = table.definition();
        List<String> cols = d.columns().stream().map(ColumnDefinition::name).toList();
        String list = String.join(", ", cols);
        this.stage = "caravan_stage_" + d.table();
        this.createStage = "CREATE TEMPORARY TABLE IF NOT EXISTS " + stage + " ON COMMIT DELETE ROWS AS SELECT "
                + list + ", extra, row_hash, last_run_id AS run_id FROM " + d.table() + " WITH NO DATA";
        this.copy = "COPY " + stage + " (" + list + ", extra, row_hash, run_id) FROM STDIN";
        String updates = cols.stream().filter(c -> !d.key().contains(c)).map(c -> c + " = EXCLUDED." + c)
                .collect(Collectors.joining(", "));
        this.upsert = "INSERT INTO " + d.table() + " (" + list + ", extra, row_hash, first_run_id, last_run_id)"
                + " SELECT " + list + ", extra, row_hash, run_id, run_id FROM " + stage
                + " ON CONFLICT (" + String.join(", ", d.key()) + ") DO UPDATE SET "
                + (updates.isEmpty() ? "" : updates + ", ")
                + "extra = EXCLUDED.extra, row_hash = EXCLUDED.row_hash, last_run_id = EXCLUDED.last_run_id,"
                + " updated_at = CURRENT_TIMESTAMP, deleted_at = NULL"
                + " WHERE " + d.table() + ".row_hash IS DISTINCT FROM EXCLUDED.row_hash OR " + d.table() + ".deleted_at IS NOT NULL"
                + " RETURNING " + String.join(", ", d.key()) + ", (xmax = 0) AS inserted";
    }

    Outcome upsert(Connection c, Collection<CleanRow> rows, long runId) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(createStage);
        }
        StringBuilder text = new StringBuilder(rows.size() * 256);
        for (CleanRow r : rows) {
            for (Object v : r.values()) {
                append(text, v);
                text.append('\t');
            }
            append(text, r.extra());
            text.append('\t').append(r.hash()).append('\t').append(runId).append('\n');
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new StringReader(text.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + stage + " failed: " + e.getMessage(), "08000", e);
        }
        Set<List<Object>> inserted = new HashSet<>();
        Set<List<Object>> updated = new HashSet<>();
        int[] keyIdx = table.keyIndexes();
        try (PreparedStatement ps = c.prepareStatement(upsert); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<Object> key = new ArrayList<>(keyIdx.length);
                for (int k = 0; k < keyIdx.length; k++) {
                    key.add(table.readKey(rs, k + 1, keyIdx[k]));
                }
                (rs.getBoolean(keyIdx.length + 1) ? inserted : updated).add(key);
            }
        }
        return new Outcome(inserted, updated);
    }

    /** COPY text format: \N for null, backslash escapes for tab, newline, carriage return and backslash. */
    private static void append(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("\\N");
        } else if (v instanceof String s) {
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                switch (ch) {
                    case '\\' -> sb.append("\\\\");
                    case '\t' -> sb.append("\\t");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    default -> sb.append(ch);
                }
            }
        } else if (v instanceof BigDecimal d) {
            sb.append(d.toPlainString());
        } else if (v instanceof Boolean b) {
            sb.append(b ? 't' : 'f');
        } else {
            sb.append(v); // Long, LocalDate and OffsetDateTime print in forms PostgreSQL reads (ISO 8601)
        }
    }
}
