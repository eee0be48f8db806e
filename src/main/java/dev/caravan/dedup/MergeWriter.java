package dev.caravan.dedup;

import dev.caravan.dedup.DedupTarget.ChildColumn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes merges, one transaction per slice of merges: each merged row's {@code merged_into}, its
 * {@code caravan_merge} row (a re-merge supersedes the row's earlier merge and keeps its rule), and
 * every child column that references the object re-pointed from the merged key to the survivor, each
 * old value remembered in {@code caravan_merge_repoint} (a child re-pointed before keeps its first old
 * value): the values are remembered by one statement per slice and child column (the slice's keys as
 * an IN list, through the child column's index), the children re-pointed by batched statements, one
 * per merged key (a join on the slice's {@code batch_tag} made H2 evaluate the subquery per row).
 */
final class MergeWriter {

    private final DedupTarget target;
    private final ColumnFill fill;

    MergeWriter(DedupTarget target) {
        this.target = target;
        this.fill = new ColumnFill(target);
    }

    /** Writes one slice in the connection's transaction (the caller commits); returns the children re-pointed. */
    long write(Connection c, List<MergePlan.Merge> slice, Long runId) throws SQLException {
        String tag = UUID.randomUUID().toString();
        // a survivor merged now gives back what it was filled with; its new survivor fills from the group
        fill.revert(c, slice.stream().map(MergePlan.Merge::merged).toList(), "survivor_key", null);
        try (PreparedStatement remerge = c.prepareStatement("INSERT INTO caravan_merge (system, object, survivor_key,"
                + " merged_key, rule, run_id, batch_tag) SELECT system, object, ?, merged_key, rule, ?, ? FROM caravan_merge"
                + " WHERE system = ? AND object = ? AND merged_key = ? AND status = 'active'");
                PreparedStatement insert = c.prepareStatement("INSERT INTO caravan_merge (system, object, survivor_key,"
                        + " merged_key, rule, run_id, batch_tag) VALUES (?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement point = c.prepareStatement("UPDATE " + target.table() + " SET merged_into = ? WHERE "
                        + target.key() + " = ?")) {
            for (MergePlan.Merge m : slice) {
                PreparedStatement ps = m.remerge() ? remerge : insert;
                if (m.remerge()) {
                    remerge.setString(1, m.survivor());
                    setRun(remerge, 2, runId);
                    remerge.setString(3, tag);
                    remerge.setString(4, target.system());
                    remerge.setString(5, target.object());
                    remerge.setString(6, m.merged());
                } else {
                    insert.setString(1, target.system());
                    insert.setString(2, target.object());
                    insert.setString(3, m.survivor());
                    insert.setString(4, m.merged());
                    insert.setString(5, m.rule());
                    setRun(insert, 6, runId);
                    insert.setString(7, tag);
                }
                ps.addBatch();
                point.setString(1, m.survivor());
                point.setString(2, m.merged());
                point.addBatch();
            }
            remerge.executeBatch();
            insert.executeBatch();
            point.executeBatch();
        }
        if (slice.stream().anyMatch(MergePlan.Merge::remerge)) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE caravan_merge SET status = 'superseded', ended_at ="
                    + " CURRENT_TIMESTAMP WHERE system = ? AND object = ? AND merged_key = ? AND status = 'active' AND batch_tag <> ?")) {
                for (MergePlan.Merge m : slice) {
                    if (m.remerge()) {
                        ps.setString(1, target.system());
                        ps.setString(2, target.object());
                        ps.setString(3, m.merged());
                        ps.setString(4, tag);
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
        }
        long repointed = 0;
        for (ChildColumn child : target.children()) {
            repointed += repoint(c, child, slice);
        }
        return repointed;
    }

    /**
     * Per merged key that children hold, through the child column's index: remember the old value of
     * each child row not re-pointed before, then point the rows at the survivor.
     */
    private long repoint(Connection c, ChildColumn child, List<MergePlan.Merge> slice) throws SQLException {
        String col = child.column();
        Set<String> referenced = referenced(c, child, slice);
        if (referenced.isEmpty()) {
            return 0;
        }
        // one statement per slice: the old value is the merged key itself (a prepared statement per key let
        // PostgreSQL's generic plan scan caravan_merge_repoint for each one: 1.6 ms per key, quadratic)
        List<String> keys = slice.stream().map(MergePlan.Merge::merged).filter(referenced::contains).toList();
        try (PreparedStatement remember = c.prepareStatement("INSERT INTO caravan_merge_repoint (system, object, merged_key,"
                + " child_table, child_column, child_id, old_value) SELECT ?, ?, x." + col + ", ?, ?, x.id, x." + col + " FROM "
                + child.table() + " x WHERE x." + col + " IN (" + String.join(", ", Collections.nCopies(keys.size(), "?"))
                + ") AND NOT EXISTS (SELECT 1 FROM caravan_merge_repoint r WHERE r.child_table = ? AND r.child_column = ?"
                + " AND r.child_id = x.id)")) {
            int p = 1;
            remember.setString(p++, target.system());
            remember.setString(p++, target.object());
            remember.setString(p++, child.table());
            remember.setString(p++, col);
            for (String k : keys) {
                remember.setString(p++, k);
            }
            remember.setString(p++, child.table());
            remember.setString(p, col);
            remember.executeUpdate();
        }
        try (PreparedStatement point = c.prepareStatement("UPDATE " + child.table() + " SET " + col + " = ? WHERE " + col
                + " = ?")) {
            for (MergePlan.Merge m : slice) {
                if (!referenced.contains(m.merged())) {
                    continue;
                }
                point.setString(1, m.survivor());
                point.setString(2, m.merged());
                point.addBatch();
            }
            long n = 0;
            for (int u : point.executeBatch()) {
                n += Math.max(u, 0);
            }
            return n;
        }
    }

    /** The slice's merged keys that some child row of this column holds: one query, through the column's index. */
    private static Set<String> referenced(Connection c, ChildColumn child, List<MergePlan.Merge> slice) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT " + child.column() + " FROM " + child.table()
                + " WHERE " + child.column() + " IN (" + String.join(", ", Collections.nCopies(slice.size(), "?")) + ")")) {
            for (int i = 0; i < slice.size(); i++) {
                ps.setString(i + 1, slice.get(i).merged());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static void setRun(PreparedStatement ps, int i, Long runId) throws SQLException {
        if (runId == null) {
            ps.setNull(i, java.sql.Types.BIGINT);
        } else {
            ps.setLong(i, runId);
        }
    }
}
