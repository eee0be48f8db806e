package dev.caravan.dedup;

import dev.caravan.definition.ObjectDefinition;
import dev.caravan.warehouse.TargetTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The write path's side of deduplication: a child arriving later that names a merged key is
 * pointed at the survivor before the orphan check and the upsert, and the value it named is
 * remembered like any re-point, so an unmerge gives it back. One query per batch and reference
 * column, the same one that checks the parents exist (with {@code merged_into} beside the key), so
 * a parent without merges costs nothing more.
 */
public final class MergeResolver {

    private MergeResolver() {
    }

    /** Which of the values exist in the parent, and the survivor of those that are merged. */
    public record Parents(Set<Object> found, Map<Object, String> survivors) {
    }

    /** A child row's reference changed from a merged key to its survivor. */
    public record Resolved(List<Object> childKey, String column, String mergedKey) {
    }

    /**
     * The parent rows among the values: one query, which also reads {@code merged_into} when the
     * parent deduplicates (its table has the column); for other parents the survivors are empty.
     */
    public static Parents lookup(Connection c, ObjectDefinition parent, Collection<Object> values) throws SQLException {
        String key = parent.key().get(0);
        boolean merges = DedupRules.declared(parent);
        List<Object> list = new ArrayList<>(values);
        String sql = "SELECT " + key + (merges ? ", merged_into" : "") + " FROM " + parent.table() + " WHERE " + key + " IN ("
                + String.join(", ", Collections.nCopies(list.size(), "?")) + ")";
        Set<Object> found = new HashSet<>();
        Map<Object, String> survivors = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < list.size(); i++) {
                ps.setObject(i + 1, list.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object k = rs.getObject(1, list.get(0).getClass());
                    found.add(k);
                    String into = merges ? rs.getString(2) : null;
                    if (into != null) {
                        survivors.put(k, into);
                    }
                }
            }
        }
        return new Parents(found, survivors);
    }

    /** Records each resolved reference (after the upsert, in the batch's transaction) for unmerge. */
    public static void record(Connection c, TargetTable child, ObjectDefinition parent, List<Resolved> resolved)
            throws SQLException {
        if (resolved.isEmpty()) {
            return;
        }
        ObjectDefinition d = child.definition();
        StringBuilder byKey = new StringBuilder();
        for (String k : d.key()) {
            byKey.append(byKey.length() == 0 ? "" : " AND ").append(k).append(" = ?");
        }
        int[] keyIdx = child.keyIndexes();
        try (PreparedStatement del = c.prepareStatement("DELETE FROM caravan_merge_repoint WHERE child_table = ? AND"
                + " child_column = ? AND child_id IN (SELECT id FROM " + d.table() + " WHERE " + byKey + ")");
                PreparedStatement ins = c.prepareStatement("INSERT INTO caravan_merge_repoint (system, object, merged_key,"
                        + " child_table, child_column, child_id, old_value) SELECT ?, ?, ?, ?, ?, id, ? FROM " + d.table()
                        + " WHERE " + byKey)) {
            for (Resolved r : resolved) {
                del.setString(1, d.table());
                del.setString(2, r.column());
                ins.setString(1, parent.system());
                ins.setString(2, parent.object());
                ins.setString(3, r.mergedKey());
                ins.setString(4, d.table());
                ins.setString(5, r.column());
                ins.setString(6, r.mergedKey());
                for (int k = 0; k < keyIdx.length; k++) {
                    child.bind(del, 3 + k, keyIdx[k], r.childKey().get(k));
                    child.bind(ins, 7 + k, keyIdx[k], r.childKey().get(k));
                }
                del.addBatch();
                ins.addBatch();
            }
            del.executeBatch();
            ins.executeBatch();
        }
    }
}
