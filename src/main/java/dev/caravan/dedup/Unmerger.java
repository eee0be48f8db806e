package dev.caravan.dedup;

import dev.caravan.dedup.DedupTarget.ChildColumn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Undoes the merge of one row in one transaction: children re-pointed from its key get their old
 * value back (those still pointing at its survivor: a child that changed since keeps its new value),
 * its {@code merged_into} is cleared and its active merge is marked undone, which also keeps it out
 * of later automatic passes.
 */
public final class Unmerger {

    /** The row is not merged (or does not exist): nothing to undo. */
    public static final class NotMergedException extends IllegalArgumentException {
        NotMergedException(String message) {
            super(message);
        }
    }

    /** What an unmerge did. */
    public record Result(String key, String survivor, long childrenRestored) {
    }

    private final DedupTarget target;

    Unmerger(DedupTarget target) {
        this.target = target;
    }

    Result unmerge(Connection c, String key) throws SQLException {
        String survivor = survivorOf(c, key);
        new ColumnFill(target).revert(c, java.util.List.of(key), "from_key", key);
        long restored = 0;
        for (ChildColumn child : target.children()) {
            String col = child.column();
            String where = " FROM caravan_merge_repoint r WHERE r.system = ? AND r.object = ? AND r.merged_key = ?"
                    + " AND r.child_table = ? AND r.child_column = ?";
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + child.table() + " SET " + col + " = (SELECT r.old_value"
                    + where + " AND r.child_id = " + child.table() + ".id) WHERE " + col + " = ? AND id IN (SELECT r.child_id"
                    + where + ")")) {
                int p = bind(ps, 1, key, child);
                ps.setString(p++, survivor);
                bind(ps, p, key, child);
                restored += ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM caravan_merge_repoint WHERE system = ? AND object = ?"
                + " AND merged_key = ?")) {
            ps.setString(1, target.system());
            ps.setString(2, target.object());
            ps.setString(3, key);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + target.table() + " SET merged_into = NULL WHERE "
                + target.key() + " = ?")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE caravan_merge SET status = 'undone', ended_at = CURRENT_TIMESTAMP"
                + " WHERE system = ? AND object = ? AND merged_key = ? AND status = 'active'")) {
            ps.setString(1, target.system());
            ps.setString(2, target.object());
            ps.setString(3, key);
            if (ps.executeUpdate() == 0) {
                // merged_into set outside a pass (no merge row): record the undo so the row stays apart
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO caravan_merge (system, object, survivor_key,"
                        + " merged_key, rule, batch_tag, status, ended_at) VALUES (?, ?, ?, ?, 'manual', 'unmerge', 'undone',"
                        + " CURRENT_TIMESTAMP)")) {
                    ins.setString(1, target.system());
                    ins.setString(2, target.object());
                    ins.setString(3, survivor);
                    ins.setString(4, key);
                    ins.executeUpdate();
                }
            }
        }
        return new Result(key, survivor, restored);
    }

    private int bind(PreparedStatement ps, int p, String key, ChildColumn child) throws SQLException {
        ps.setString(p++, target.system());
        ps.setString(p++, target.object());
        ps.setString(p++, key);
        ps.setString(p++, child.table());
        ps.setString(p++, child.column());
        return p;
    }

    private String survivorOf(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT merged_into FROM " + target.table() + " WHERE "
                + target.key() + " = ? FOR UPDATE")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotMergedException(target.definition().qualifiedName() + " has no row with key '" + key + "'");
                }
                String into = rs.getString(1);
                if (into == null) {
                    throw new NotMergedException(target.definition().qualifiedName() + " '" + key
                            + "' is not merged (it is a survivor or has no duplicates): nothing to undo");
                }
                return into;
            }
        }
    }
}
