package dev.caravan.source.database;

import dev.caravan.definition.HeaderMapping;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.definition.SyncDefinition;
import dev.caravan.source.RecordReader;
import dev.caravan.source.RowPosition;
import dev.caravan.source.SourceRecord;
import dev.caravan.source.SourceUnavailableException;
import dev.caravan.warehouse.RetryPolicy;
import dev.caravan.warehouse.SqlFailures;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads a source table in keyset pages of bounded size, never the whole table: a full read in key
 * order, an incremental read in (change column, key) order from a starting change time. Values are
 * handed to the cleaners as text in ISO forms, so every column type's cleaning applies as for files.
 */
public final class DatabaseRecordReader implements RecordReader {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSSSSS]");

    private final DataSource source;
    private final SyncDefinition sync;
    private final ObjectDefinition definition;
    private final Dialect dialect;
    private final boolean incremental;
    private final Object startAt;
    private final int pageSize;
    private final ZoneId sourceZone;
    private final RetryPolicy retry;
    private final Deque<SourceRecord> page = new ArrayDeque<>();
    private Object[] after;
    private boolean exhausted;
    private long line;
    private HeaderMapping mapping;
    private String[] headers;
    private int[] keyColumns;
    private int changedColumn = -1;

    /** Identifier quoting and table qualification per source protocol. */
    public record Dialect(char quote, String schema) {
        public String name(String identifier) {
            return quote + identifier + quote;
        }

        public String table(String table) {
            return schema == null || schema.isBlank() ? name(table) : name(schema) + "." + name(table);
        }
    }

    /**
     * @param startAt for an incremental read, the change value (source type) to start at, inclusive
     * @param sourceZone zone to attach to source timestamps without one, or null to leave them local
     */
    public DatabaseRecordReader(DataSource source, ObjectDefinition definition, Dialect dialect, boolean incremental,
            Object startAt, int pageSize, ZoneId sourceZone, RetryPolicy retry) {
        this.source = source;
        this.definition = definition;
        this.sync = definition.sync();
        this.dialect = dialect;
        this.incremental = incremental;
        this.startAt = startAt;
        this.pageSize = pageSize;
        this.sourceZone = sourceZone;
        this.retry = retry;
    }

    @Override
    public SourceRecord next() {
        if (page.isEmpty() && !exhausted) {
            fetch();
        }
        return page.poll();
    }

    private void fetch() {
        List<String> order = new ArrayList<>();
        if (incremental) {
            order.add(sync.changedAt());
        }
        order.addAll(sync.key());
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(dialect.table(sync.table()));
        List<Object> params = new ArrayList<>();
        if (after != null) {
            sql.append(" WHERE ").append(keysetAfter(order));
            params.addAll(List.of(after));
        } else if (incremental && startAt != null) {
            sql.append(" WHERE ").append(dialect.name(sync.changedAt())).append(" >= ?");
            params.add(startAt);
        }
        sql.append(" ORDER BY ").append(String.join(", ", order.stream().map(dialect::name).toList()));
        sql.append(" LIMIT ").append(pageSize);
        // A page that fails is read again from the same position; transient failures (the source
        // went away, a lock wait timeout, a deadlock…) are retried under the policy's budget.
        Object[] keyset = after;
        long lineBefore = line;
        try {
            retry.call("reading a page of " + sync.source() + "." + sync.table(), () -> {
                page.clear();
                after = keyset;
                line = lineBefore;
                read(sql.toString(), params, order);
                return null;
            }, (message, cause) -> new SourceUnavailableException("source unavailable: " + message, cause));
        } catch (SQLException e) {
            page.clear();
            throw new SourceUnavailableException("cannot read " + sync.source() + "." + sync.table() + ": "
                    + SqlFailures.summary(e), e);
        }
    }

    /** One page: the rows after the keyset position (or from the start). */
    private void read(String sql, List<Object> params, List<String> order) throws SQLException {
        try (Connection c = SqlFailures.connect(source); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                if (mapping == null) {
                    describe(rs.getMetaData());
                }
                while (rs.next()) {
                    n++;
                    page.add(toRecord(rs, order));
                }
            }
            exhausted = n < pageSize;
        }
    }

    /** (a, b, c) > (?, ?, ?) spelled out, which every database plans as a range on the index. */
    private String keysetAfter(List<String> columns) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            StringBuilder t = new StringBuilder("(");
            for (int j = 0; j < i; j++) {
                t.append(dialect.name(columns.get(j))).append(" = ? AND ");
            }
            t.append(dialect.name(columns.get(i))).append(" > ?)");
            terms.add(t.toString());
        }
        return "(" + String.join(" OR ", terms) + ")";
    }

    private void describe(ResultSetMetaData md) throws SQLException {
        Map<String, String> toWarehouse = new HashMap<>();
        sync.columns().forEach((warehouse, src) -> toWarehouse.put(src.toLowerCase(), warehouse));
        headers = new String[md.getColumnCount()];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < headers.length; i++) {
            String label = md.getColumnLabel(i + 1);
            index.put(label.toLowerCase(), i);
            headers[i] = toWarehouse.getOrDefault(label.toLowerCase(), label);
        }
        mapping = HeaderMapping.of(definition, List.of(headers));
        keyColumns = new int[sync.key().size()];
        for (int k = 0; k < keyColumns.length; k++) {
            Integer i = index.get(sync.key().get(k).toLowerCase());
            if (i == null) {
                throw new IllegalStateException("source table " + sync.table() + " has no key column " + sync.key().get(k));
            }
            keyColumns[k] = i;
        }
        if (sync.changedAt() != null) {
            Integer i = index.get(sync.changedAt().toLowerCase());
            if (i == null) {
                throw new IllegalStateException("source table " + sync.table() + " has no change column " + sync.changedAt());
            }
            changedColumn = i;
        }
    }

    private SourceRecord toRecord(ResultSet rs, List<String> order) throws SQLException {
        String[] values = new String[headers.length];
        Object[] raw = new Object[headers.length];
        for (int i = 0; i < headers.length; i++) {
            Object v = rs.getObject(i + 1);
            raw[i] = v;
            values[i] = text(v);
        }
        StringBuilder key = new StringBuilder();
        for (int k = 0; k < keyColumns.length; k++) {
            key.append(k == 0 ? "" : "|").append(values[keyColumns[k]]);
        }
        Object changed = changedColumn < 0 ? null : raw[changedColumn];
        // the keyset continues after this row: (change column if incremental, key columns)
        Object[] position = new Object[order.size()];
        int p = 0;
        if (incremental) {
            position[p++] = changed;
        }
        for (int k : keyColumns) {
            position[p++] = raw[k];
        }
        after = expand(position);
        return new SourceRecord(++line, mapping, values, null, SourceRecord.JSON_OBJECT, null,
                new RowPosition(key.toString(), changed));
    }

    /** Parameters for {@link #keysetAfter}: for column i, the values of columns 0..i. */
    private static Object[] expand(Object[] position) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < position.length; i++) {
            for (int j = 0; j <= i; j++) {
                out.add(position[j]);
            }
        }
        return out.toArray();
    }

    private String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof LocalDateTime t) {
            return sourceZone == null ? LOCAL.format(t) : t.atZone(sourceZone).toOffsetDateTime().toString();
        }
        if (v instanceof java.sql.Timestamp t) {
            return text(t.toLocalDateTime());
        }
        if (v instanceof OffsetDateTime t) {
            return t.toString();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof LocalDate d) {
            return d.toString();
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return v.toString();
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    public void close() {
        // each page opens and closes its own connection
    }
}
