package dev.caravan.warehouse;

import dev.caravan.clean.CleanRow;
import dev.caravan.clean.RejectedRow;
import dev.caravan.clean.RowIssue;
import dev.caravan.dedup.MergeResolver;
import dev.caravan.definition.ColumnDefinition;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.source.SourceRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Writes one batch in one transaction: rows whose parent key does not exist are rejected, the rest
 * are classified against the warehouse (new, changed, unchanged) and the new and changed ones are
 * upserted with the database's native statement; rejects and the run's counters commit with them.
 * If the batch statement fails because of a row, the transaction is rolled back and the batch is
 * replayed row by row so only the guilty rows become rejects, with the database's message. A
 * transient failure ({@link SqlFailures#isTransient}: unreachable, deadlock, timeout…) is never a
 * row's fault: the transaction is rolled back and the whole batch is tried again by the
 * {@link RetryPolicy}; once its budget is spent a {@link WarehouseUnavailableException} fails the run.
 * A dry run does everything but the upsert and commits only the run log and rejects.
 */
@ApplicationScoped
@Named("batchUpserter")
public class BatchUpserter {

    private static final Logger LOG = Logger.getLogger(BatchUpserter.class);

    private final Warehouse warehouse;
    private final RunLog runLog;
    private final DefinitionRegistry definitions;
    private final RetryPolicy retry;
    private final Map<String, PostgresStagedUpsert> staged = new java.util.concurrent.ConcurrentHashMap<>();

    @Inject
    public BatchUpserter(Warehouse warehouse, RunLog runLog, DefinitionRegistry definitions, RetryPolicy retry) {
        this.warehouse = warehouse;
        this.runLog = runLog;
        this.definitions = definitions;
        this.retry = retry;
    }

    /**
     * Called by the upsert-batch route; returns this batch's counts once committed. The batch is
     * written in one transaction, tried again as a whole while the failure is transient.
     */
    public RunCounts write(Batch batch) {
        return retry.onWarehouse("writing " + batch, () -> writeOnce(batch));
    }

    private RunCounts writeOnce(Batch batch) throws SQLException {
        try (Connection c = SqlFailures.connect(warehouse.dataSource())) {
            c.setAutoCommit(false);
            try {
                RunCounts counts = writeInTransaction(c, batch);
                c.commit();
                return counts;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private RunCounts writeInTransaction(Connection c, Batch batch) throws SQLException {
        TargetTable table = batch.table();
        List<RowIssue> issues = new ArrayList<>();
        List<SourceRecord> sources = new ArrayList<>();
        RunCounts counts = new RunCounts();
        counts.read = batch.rows().size() + batch.rejected().size();
        for (RejectedRow r : batch.rejected()) {
            addIssues(issues, sources, r.issues(), r.source());
        }
        counts.rejected = batch.rejected().size();

        List<HeldRow> held = new ArrayList<>();
        Map<ObjectDefinition, List<MergeResolver.Resolved>> resolved = new LinkedHashMap<>();
        List<CleanRow> rows = rejectOrphans(c, table, batch.rows(), issues, sources, counts, batch.holdOrphans() ? held : null,
                resolved);
        for (CleanRow row : rows) {
            if (!row.issues().isEmpty()) {
                addIssues(issues, sources, row.issues(), row.source());
            }
        }

        PostgresStagedUpsert staged = batch.dryRun() || warehouse.vendor() != Vendor.POSTGRESQL ? null
                : this.staged.computeIfAbsent(table.definition().qualifiedName(), k -> new PostgresStagedUpsert(table));
        if (staged != null) {
            try {
                stagedWrite(c, staged, table, rows, batch.runId(), counts);
            } catch (SQLException e) {
                if (SqlFailures.isTransient(e)) {
                    throw e;
                }
                LOG.warnf("Batch %s failed as a whole (%s); replaying it row by row", batch, firstLine(e.getMessage()));
                c.rollback();
                counts.inserted = 0;
                counts.updated = 0;
                counts.unchanged = 0;
                classifyAndWrite(c, table, rows, batch, counts, issues, sources, true);
            }
        } else {
            classifyAndWrite(c, table, rows, batch, counts, issues, sources, false);
        }
        if (!batch.dryRun() && !held.isEmpty()) {
            hold(c, table, held, batch.runId());
        }
        if (!batch.dryRun()) {
            for (Map.Entry<ObjectDefinition, List<MergeResolver.Resolved>> r : resolved.entrySet()) {
                MergeResolver.record(c, table, r.getKey(), r.getValue());
            }
        }
        // Rejects before the checkpoint: a replay's checkpoint tells loaded records by the rejects written here.
        RejectStore.write(c, batch, issues, sources);
        if (batch.checkpoint() != null) {
            batch.checkpoint().save(c, batch); // the checkpoint decides what a dry run may write
        }
        RunCounts totals = batch.totalsBefore().plus(counts);
        runLog.progress(c, batch.runId(), totals, batch.bytesRead());
        return counts;
    }

    /**
     * Classifies rows against what is stored (later rows with the same key supersede earlier ones)
     * and, unless dry-running, upserts the new and changed ones: as one batch, or row by row when the
     * batch as a whole failed (then only the guilty rows become rejects).
     */
    private static void classifyAndWrite(Connection c, TargetTable table, List<CleanRow> rows, Batch batch,
            RunCounts counts, List<RowIssue> issues, List<SourceRecord> sources, boolean rowByRow) throws SQLException {
        Map<List<Object>, String> stored = lookup(c, table, rows);
        Map<List<Object>, CleanRow> pending = classify(table, rows, stored, counts);
        if (batch.dryRun() || pending.isEmpty()) {
            return;
        }
        List<CleanRow> toWrite = new ArrayList<>(pending.values());
        if (!rowByRow) {
            try {
                upsertAll(c, table, toWrite, batch.runId());
                return;
            } catch (SQLException e) {
                if (SqlFailures.isTransient(e)) {
                    throw e;
                }
                LOG.warnf("Batch %s failed as a whole (%s); replaying it row by row", batch, firstLine(e.getMessage()));
                c.rollback();
            }
        }
        replayRowByRow(c, table, toWrite, batch.runId(), stored, counts, issues, sources);
    }

    /** Counts each row as new, changed or unchanged; returns the last version of each key to write. */
    private static Map<List<Object>, CleanRow> classify(TargetTable table, List<CleanRow> rows,
            Map<List<Object>, String> stored, RunCounts counts) {
        Map<List<Object>, CleanRow> pending = new LinkedHashMap<>();
        Map<List<Object>, String> seen = new HashMap<>(stored);
        for (CleanRow row : rows) {
            List<Object> key = table.keyOf(row.values());
            String before = seen.get(key);
            if (before == null) {
                counts.inserted++;
            } else if (before.equals(row.hash())) {
                counts.unchanged++;
                continue;
            } else {
                counts.updated++;
            }
            seen.put(key, row.hash());
            pending.put(key, row);
        }
        return pending;
    }

    /**
     * PostgreSQL: the batch goes through a staging table and one set-based upsert whose RETURNING
     * clause says what was inserted or updated, so no lookup is needed, except for keys repeated
     * within the batch, which are classified against what is stored like everywhere else.
     */
    private static void stagedWrite(Connection c, PostgresStagedUpsert staged, TargetTable table, List<CleanRow> rows,
            long runId, RunCounts counts) throws SQLException {
        Map<List<Object>, CleanRow> last = new LinkedHashMap<>();
        Set<List<Object>> repeated = new HashSet<>();
        for (CleanRow row : rows) {
            List<Object> key = table.keyOf(row.values());
            if (last.put(key, row) != null) {
                repeated.add(key);
            }
        }
        if (last.isEmpty()) {
            return;
        }
        if (!repeated.isEmpty()) {
            List<CleanRow> repeats = rows.stream().filter(r -> repeated.contains(table.keyOf(r.values()))).toList();
            classify(table, repeats, lookup(c, table, repeats), counts);
        }
        PostgresStagedUpsert.Outcome outcome = staged.upsert(c, last.values(), runId);
        for (List<Object> key : last.keySet()) {
            if (repeated.contains(key)) {
                continue;
            }
            if (outcome.inserted().contains(key)) {
                counts.inserted++;
            } else if (outcome.updated().contains(key)) {
                counts.updated++;
            } else {
                counts.unchanged++;
            }
        }
    }

    private static void addIssues(List<RowIssue> issues, List<SourceRecord> sources, List<RowIssue> add,
            SourceRecord source) {
        for (RowIssue i : add) {
            issues.add(i);
            sources.add(source);
        }
    }

    /** A row waiting for its parent: its key, its source record as JSON, and why. */
    private record HeldRow(String keyText, String record, String reason) {
    }

    /**
     * Rows whose reference points to no parent row are rejected before they reach the upsert, or,
     * when {@code held} is given (syncs), held to be retried by the next run. A reference to a parent
     * row merged into another (deduplication) is pointed at the survivor, and noted in {@code resolved}.
     */
    private List<CleanRow> rejectOrphans(Connection c, TargetTable table, List<CleanRow> rows,
            List<RowIssue> issues, List<SourceRecord> sources, RunCounts counts, List<HeldRow> held,
            Map<ObjectDefinition, List<MergeResolver.Resolved>> resolved) throws SQLException {
        ObjectDefinition d = table.definition();
        List<CleanRow> kept = rows;
        for (int col = 0; col < d.columns().size(); col++) {
            ColumnDefinition column = d.columns().get(col);
            if (column.references() == null) {
                continue;
            }
            ObjectDefinition parent = definitions.referenced(column.references());
            Set<Object> wanted = new HashSet<>();
            for (CleanRow r : kept) {
                if (r.values()[col] != null) {
                    wanted.add(r.values()[col]);
                }
            }
            if (wanted.isEmpty()) {
                continue;
            }
            MergeResolver.Parents parents = MergeResolver.lookup(c, parent, wanted);
            Set<Object> found = parents.found();
            Map<Object, String> survivors = parents.survivors();
            List<CleanRow> next = new ArrayList<>(kept.size());
            for (CleanRow r : kept) {
                Object v = r.values()[col];
                if (v == null || found.contains(v)) {
                    String survivor = v == null ? null : survivors.get(v);
                    if (survivor != null) {
                        r.values()[col] = survivor;
                        resolved.computeIfAbsent(parent, k -> new ArrayList<>())
                                .add(new MergeResolver.Resolved(table.keyOf(r.values()), column.name(), String.valueOf(v)));
                    }
                    next.add(r);
                } else {
                    String reason = column.name() + " '" + v + "' does not exist in " + parent.qualifiedName()
                            + " (" + parent.table() + "." + parent.key().get(0) + ")";
                    if (held != null) {
                        held.add(new HeldRow(keyText(table, r), r.raw(), reason + "; held until it arrives"));
                        counts.held++;
                    } else {
                        issues.add(new RowIssue(r.line(), column.name(), reason, true));
                        sources.add(r.source());
                        counts.rejected++;
                    }
                }
            }
            kept = next;
        }
        return kept;
    }

    /** The row's key as text: its source position's when it has one, else its cleaned key values. */
    static String keyText(TargetTable table, CleanRow r) {
        if (r.source().position() instanceof dev.caravan.source.RowPosition p) {
            return p.keyText();
        }
        return table.keyOf(r.values()).stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("|"));
    }

    private void hold(Connection c, TargetTable table, List<HeldRow> held, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(warehouse.dialect().holdRow())) {
            for (HeldRow h : held) {
                ps.setString(1, table.definition().system());
                ps.setString(2, table.definition().object());
                ps.setString(3, h.keyText());
                ps.setString(4, h.record());
                ps.setString(5, h.reason());
                ps.setLong(6, runId);
                ps.setLong(7, runId);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Map<List<Object>, String> lookup(Connection c, TargetTable table, List<CleanRow> rows)
            throws SQLException {
        Map<List<Object>, String> stored = new HashMap<>();
        if (rows.isEmpty()) {
            return stored;
        }
        Set<List<Object>> keys = new java.util.LinkedHashSet<>();
        for (CleanRow r : rows) {
            keys.add(table.keyOf(r.values()));
        }
        int[] keyIdx = table.keyIndexes();
        try (PreparedStatement ps = c.prepareStatement(table.lookupSql(keys.size()))) {
            int p = 1;
            for (List<Object> key : keys) {
                for (int k = 0; k < keyIdx.length; k++) {
                    table.bind(ps, p++, keyIdx[k], key.get(k));
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> key = new ArrayList<>(keyIdx.length);
                    for (int k = 0; k < keyIdx.length; k++) {
                        key.add(table.readKey(rs, k + 1, keyIdx[k]));
                    }
                    stored.put(key, rs.getString(keyIdx.length + 1));
                }
            }
        }
        return stored;
    }

    private static void upsertAll(Connection c, TargetTable table, List<CleanRow> rows, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(table.upsertSql())) {
            for (CleanRow r : rows) {
                table.bindUpsert(ps, r.values(), r.extra(), r.hash(), runId);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Each row in its own savepoint: a row the database refuses becomes a reject with its message and
     * its count moves from inserted/updated to rejected; the others stay in the batch's transaction.
     */
    private static void replayRowByRow(Connection c, TargetTable table, List<CleanRow> rows, long runId,
            Map<List<Object>, String> stored, RunCounts counts, List<RowIssue> issues, List<SourceRecord> sources)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(table.upsertSql())) {
            for (CleanRow r : rows) {
                var savepoint = c.setSavepoint();
                try {
                    table.bindUpsert(ps, r.values(), r.extra(), r.hash(), runId);
                    ps.executeUpdate();
                    c.releaseSavepoint(savepoint);
                } catch (SQLException e) {
                    if (SqlFailures.isTransient(e)) {
                        throw e; // not this row's fault: the whole batch is tried again
                    }
                    c.rollback(savepoint);
                    if (stored.containsKey(table.keyOf(r.values()))) {
                        counts.updated--;
                    } else {
                        counts.inserted--;
                    }
                    counts.rejected++;
                    issues.add(new RowIssue(r.line(), null, "refused by the warehouse: " + firstLine(e.getMessage()), true));
                    sources.add(r.source());
                }
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debugf("rollback failed: %s", e.getMessage());
        }
    }
}
