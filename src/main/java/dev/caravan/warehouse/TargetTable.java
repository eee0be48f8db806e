package dev.caravan.warehouse;

import dev.caravan.definition.ColumnDefinition;
import dev.caravan.definition.ColumnType;
import dev.caravan.definition.ObjectDefinition;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** An object's target table as SQL: its upsert, its key lookup and how values are bound and read. */
public final class TargetTable {

    private final ObjectDefinition definition;
    private final SqlDialect dialect;
    private final String upsertSql;
    private final int[] sqlTypes;
    private final Class<?>[] javaTypes;
    private final int[] keyIndexes;

    public TargetTable(ObjectDefinition definition, SqlDialect dialect) {
        this.definition = definition;
        this.dialect = dialect;
        List<String> names = definition.columns().stream().map(ColumnDefinition::name).toList();
        List<String> ddlTypes = definition.columns().stream().map(TargetTable::ddlType).toList();
        this.upsertSql = dialect.upsert(definition.table(), names, ddlTypes, definition.key());
        this.sqlTypes = definition.columns().stream().mapToInt(c -> jdbcType(c.type())).toArray();
        this.javaTypes = definition.columns().stream().map(c -> javaType(c.type())).toArray(Class<?>[]::new);
        this.keyIndexes = definition.key().stream().mapToInt(definition::columnIndex).toArray();
    }

    public ObjectDefinition definition() {
        return definition;
    }

    public String upsertSql() {
        return upsertSql;
    }

    public int[] keyIndexes() {
        return keyIndexes;
    }

    /** SELECT key…, row_hash FROM table WHERE key IN (n keys); a row marked deleted reads as hash '' (it will be restored). */
    public String lookupSql(int n) {
        String keyCols = String.join(", ", definition.key());
        String one = keyIndexes.length == 1 ? "?" : "(" + definition.key().stream().map(k -> "?").collect(Collectors.joining(", ")) + ")";
        String list = java.util.Collections.nCopies(n, one).stream().collect(Collectors.joining(", "));
        String lhs = keyIndexes.length == 1 ? keyCols : "(" + keyCols + ")";
        return "SELECT " + keyCols + ", CASE WHEN deleted_at IS NULL THEN row_hash ELSE '' END FROM " + definition.table()
                + " WHERE " + lhs + " IN (" + list + ")";
    }

    /** Binds one row's parameters for {@link #upsertSql()}. */
    public void bindUpsert(PreparedStatement ps, Object[] values, String extra, String hash, long runId) throws SQLException {
        int p = 1;
        for (int i = 0; i < values.length; i++) {
            bind(ps, p++, i, values[i]);
        }
        if (extra == null) {
            ps.setNull(p++, Types.VARCHAR);
        } else {
            ps.setString(p++, extra);
        }
        ps.setString(p++, hash);
        for (int r = 0; r < dialect.runIdParameters(); r++) {
            ps.setLong(p++, runId);
        }
    }

    public void bind(PreparedStatement ps, int parameter, int column, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(parameter, sqlTypes[column]);
        } else if (value instanceof String s) {
            ps.setString(parameter, s);
        } else {
            ps.setObject(parameter, value, sqlTypes[column]);
        }
    }

    /** Reads a key column from a lookup result as the same Java type cleaning produces. */
    public Object readKey(ResultSet rs, int resultColumn, int column) throws SQLException {
        return rs.getObject(resultColumn, javaTypes[column]);
    }

    public static String ddlType(ColumnDefinition c) {
        return switch (c.type()) {
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP WITH TIME ZONE";
            case DECIMAL -> "NUMERIC(18, " + c.decimalScale() + ")";
            case INTEGER -> "BIGINT";
            case BOOLEAN -> "BOOLEAN";
            default -> "VARCHAR";
        };
    }

    private static int jdbcType(ColumnType t) {
        return switch (t) {
            case DATE -> Types.DATE;
            case TIMESTAMP -> Types.TIMESTAMP_WITH_TIMEZONE;
            case DECIMAL -> Types.NUMERIC;
            case INTEGER -> Types.BIGINT;
            case BOOLEAN -> Types.BOOLEAN;
            default -> Types.VARCHAR;
        };
    }

    private static Class<?> javaType(ColumnType t) {
        return switch (t) {
            case DATE -> LocalDate.class;
            case TIMESTAMP -> OffsetDateTime.class;
            case DECIMAL -> BigDecimal.class;
            case INTEGER -> Long.class;
            case BOOLEAN -> Boolean.class;
            default -> String.class;
        };
    }

    /** The key of a row as a list, for maps. */
    public List<Object> keyOf(Object[] values) {
        List<Object> key = new ArrayList<>(keyIndexes.length);
        for (int i : keyIndexes) {
            key.add(values[i]);
        }
        return key;
    }
}
