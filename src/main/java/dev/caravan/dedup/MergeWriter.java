package dev.caravan.dedup;

import dev.caravan.dedup.DedupTarget.ChildColumn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes merges, one transaction per slice of merges: each merged row's {@code merged_into}, its
 * {@code caravan_merge} row (a re-merge supersedes the row's earlier merge and keeps its rule), and
 * every child column that references the object re-pointed from the merged key to the survivor, each
 * old value remembered in {@code caravan_merge_repoint} (a child re-pointed before keeps its first old
 * value): per slice and child column, the children holding the slice's keys are read through the
 * child column's index, those re-pointed before left out, the rest remembered in one batch; the
 * children are re-pointed by batched statements, one per merged key (a join on the slice's {@code batch_tag} made H2 evaluate the subquery per row).
 */
final class MergeWriter {

    private static final int IN_CHUNK = 500;

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
        // the children holding the slice's keys (one query through the child column's index), less those
        // re-pointed before (one query through the unique index), then one batch: a statement per key, or one
        // INSERT … SELECT … NOT EXISTS per slice, let PostgreSQL's plan scan caravan_merge_repoint each time
        List<String> keys = slice.stream().map(MergePlan.Merge::merged).filter(referenced::contains).toList();
        Map<Long, String> held = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, " + col + " FROM " + child.table() + " WHERE " + col
                + " IN (" + String.join(", ", Collections.nCopies(keys.size(), "?")) + ")")) {
            for (int i = 0; i < keys.size(); i++) {
                ps.setString(i + 1, keys.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        List<Long> ids = new ArrayList<>(held.keySet());
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT child_id FROM caravan_merge_repoint WHERE child_table = ?"
                    + " AND child_column = ? AND child_id IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                ps.setString(1, child.table());
                ps.setString(2, col);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(3 + i, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        held.remove(rs.getLong(1)); // re-pointed before: keeps its first old value
                    }
                }
            }
        }
        try (PreparedStatement remember = c.prepareStatement("INSERT INTO caravan_merge_repoint (system, object, merged_key,"
                + " child_table, child_column, child_id, old_value) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<Long, String> h : held.entrySet()) {
                remember.setString(1, target.system());
                remember.setString(2, target.object());
                remember.setString(3, h.getValue());
                remember.setString(4, child.table());
                remember.setString(5, col);
                remember.setLong(6, h.getKey());
                remember.setString(7, h.getValue());
                remember.addBatch();
            }
            remember.executeBatch();
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
