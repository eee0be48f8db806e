package dev.caravan.dedup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Per-column survivorship ({@code dedup: fill:}): a survivor's empty column takes the value of the
 * group's best other row that has one, by the column's rule (the most recently updated row, or the
 * most complete; a live row before a deleted one; ties to the smallest key). The survivor's own
 * values are never overwritten. Values are copied by SQL from the donor row (no typed value passes
 * through Java) and each fill is recorded in {@code caravan_merge_fill} with a hash of the value, so
 * a later pass can tell its own fill from a value the source wrote since: a fill whose donor changed
 * is refreshed, one the source replaced (or emptied) is dropped, and an unmerge of the donor, or
 * the survivor being merged itself, empties the column again while it still holds the filled value.
 * The write path never touches the fill: a re-import of the survivor's unchanged record is skipped
 * (its row_hash is unchanged), a changed one is written as it comes and the next pass fills again.
 */
final class ColumnFill {

    private static final int IN_CHUNK = 500;

    /** A row's facts a donor is chosen by, and its fillable values as text (null: no value). */
    private record Row(SurvivorChoice.Candidate facts, Map<String, String> values) {

        String key() {
            return facts.key();
        }
    }

    private record Fill(String from, String hash) {
    }

    private final DedupTarget target;
    private final List<String> columns;

    ColumnFill(DedupTarget target) {
        this.target = target;
        this.columns = List.copyOf(target.rules().fill().keySet());
    }

    boolean enabled() {
        return !columns.isEmpty();
    }

    /** Brings the survivors of these groups to their filled state; returns the column values written. */
    long fill(Connection c, List<MergePlan.Group> groups, Long runId) throws SQLException {
        List<String> keys = new ArrayList<>();
        List<String> survivors = new ArrayList<>();
        for (MergePlan.Group g : groups) {
            survivors.add(g.survivor());
            keys.add(g.survivor());
            g.members().forEach(m -> keys.add(m.key()));
        }
        Map<String, Row> rows = rows(c, keys);
        Map<String, Map<String, Fill>> fills = fills(c, "survivor_key", survivors);
        Writes w = new Writes();
        for (MergePlan.Group g : groups) {
            Row s = rows.get(g.survivor());
            if (s == null) {
                continue;
            }
            Map<String, Fill> done = fills.getOrDefault(g.survivor(), Map.of());
            for (String col : columns) {
                plan(g, s, col, done.get(col), rows, w);
            }
        }
        return w.flush(c, runId);
    }

    private void plan(MergePlan.Group g, Row s, String col, Fill done, Map<String, Row> rows, Writes w) {
        String current = s.values().get(col);
        boolean ours = done != null && current != null && hash(current).equals(done.hash());
        if (done != null && !ours) {
            w.forget(s.key(), col); // the source wrote (or emptied) the column since: its value is the row's own
        }
        if (current != null && !ours) {
            return;
        }
        Row donor = null;
        for (MergePlan.Member m : g.members()) {
            Row r = rows.get(m.key());
            if (r != null && r.values().get(col) != null && (donor == null
                    || SurvivorChoice.better(r.facts(), donor.facts(), target.rules().fill().get(col)))) {
                donor = r;
            }
        }
        if (donor == null) {
            if (ours) {
                w.empty(s.key(), col);
                w.forget(s.key(), col);
            }
            return;
        }
        String hash = hash(donor.values().get(col));
        if (ours && done.from().equals(donor.key()) && done.hash().equals(hash)) {
            return;
        }
        w.copy(s.key(), col, donor.key(), hash, ours || done != null);
    }

    /**
     * Empties the columns filled on these survivors (all their fills, or only those taken from
     * {@code fromKey}) where they still hold the filled value, and forgets the fills. Used when a
     * survivor is merged itself and when a donor is unmerged; returns the columns emptied.
     */
    long revert(Connection c, Collection<String> keys, String by, String fromKey) throws SQLException {
        if (!enabled() || keys.isEmpty()) {
            return 0;
        }
        Map<String, Map<String, Fill>> fills = fills(c, by, new ArrayList<>(keys));
        Writes w = new Writes();
        Map<String, Row> rows = rows(c, new ArrayList<>(fills.keySet()));
        for (Map.Entry<String, Map<String, Fill>> e : fills.entrySet()) {
            Row s = rows.get(e.getKey());
            for (Map.Entry<String, Fill> f : e.getValue().entrySet()) {
                if (fromKey != null && !fromKey.equals(f.getValue().from())) {
                    continue;
                }
                String current = s == null ? null : s.values().get(f.getKey());
                if (current != null && hash(current).equals(f.getValue().hash())) {
                    w.empty(e.getKey(), f.getKey());
                }
                w.forget(e.getKey(), f.getKey());
            }
        }
        return w.flush(c, null);
    }

    /** The fills recorded for these keys (as survivor_key or from_key), by survivor and column. */
    private Map<String, Map<String, Fill>> fills(Connection c, String by, List<String> keys) throws SQLException {
        Map<String, Map<String, Fill>> out = new HashMap<>();
        for (int from = 0; from < keys.size(); from += IN_CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + IN_CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT survivor_key, column_name, from_key, value_hash FROM"
                    + " caravan_merge_fill WHERE system = ? AND object = ? AND " + by + " IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                ps.setString(1, target.system());
                ps.setString(2, target.object());
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(3 + i, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2),
                                new Fill(rs.getString(3), rs.getString(4)));
                    }
                }
            }
        }
        return out;
    }

    private Map<String, Row> rows(Connection c, List<String> keys) throws SQLException {
        Map<String, Row> out = new HashMap<>();
        for (int from = 0; from < keys.size(); from += IN_CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + IN_CHUNK));
            String sql = "SELECT " + SurvivorChoice.factsColumns(target) + ", " + String.join(", ", columns) + " FROM " + target.table() + " WHERE " + target.key() + " IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, String> values = new HashMap<>();
                        for (int i = 0; i < columns.size(); i++) {
                            values.put(columns.get(i), rs.getString(5 + i));
                        }
                        Row row = new Row(SurvivorChoice.Candidate.read(rs, 1), values);
                        out.put(row.key(), row);
                    }
                }
            }
        }
        return out;
    }

    static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The writes one call plans, by column, flushed as batches. */
    private final class Writes {
        private record Copy(String survivor, String donor, String hash, boolean replaces) {
        }

        private final Map<String, List<Copy>> copies = new HashMap<>();
        private final Map<String, List<String>> empties = new HashMap<>();
        private final List<String[]> forgets = new ArrayList<>();

        void copy(String survivor, String col, String donor, String hash, boolean replaces) {
            copies.computeIfAbsent(col, k -> new ArrayList<>()).add(new Copy(survivor, donor, hash, replaces));
        }

        void empty(String survivor, String col) {
            empties.computeIfAbsent(col, k -> new ArrayList<>()).add(survivor);
        }

        void forget(String survivor, String col) {
            forgets.add(new String[] {survivor, col});
        }

        long flush(Connection c, Long runId) throws SQLException {
            long written = 0;
            try (PreparedStatement del = c.prepareStatement("DELETE FROM caravan_merge_fill WHERE system = ? AND object = ?"
                    + " AND survivor_key = ? AND column_name = ?");
                    PreparedStatement ins = c.prepareStatement("INSERT INTO caravan_merge_fill (system, object, survivor_key,"
                            + " column_name, from_key, value_hash, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (String[] f : forgets) {
                    bindFill(del, f[0], f[1]);
                    del.addBatch();
                }
                for (Map.Entry<String, List<Copy>> e : copies.entrySet()) {
                    for (Copy cp : e.getValue()) {
                        if (cp.replaces()) {
                            bindFill(del, cp.survivor(), e.getKey());
                            del.addBatch();
                        }
                        bindFill(ins, cp.survivor(), e.getKey());
                        ins.setString(5, cp.donor());
                        ins.setString(6, cp.hash());
                        if (runId == null) {
                            ins.setNull(7, java.sql.Types.BIGINT);
                        } else {
                            ins.setLong(7, runId);
                        }
                        ins.addBatch();
                    }
                }
                del.executeBatch();
                ins.executeBatch();
            }
            for (Map.Entry<String, List<String>> e : empties.entrySet()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + target.table() + " SET " + e.getKey()
                        + " = NULL WHERE " + target.key() + " = ?")) {
                    for (String s : e.getValue()) {
                        ps.setString(1, s);
                        ps.addBatch();
                    }
                    written += ps.executeBatch().length;
                }
            }
            for (Map.Entry<String, List<Copy>> e : copies.entrySet()) {
                String col = e.getKey();
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + target.table() + " SET " + col + " = (SELECT d."
                        + col + " FROM " + target.table() + " d WHERE d." + target.key() + " = ?) WHERE " + target.key()
                        + " = ? AND (" + col + " IS NULL OR ? = 1)")) {
                    for (Copy cp : e.getValue()) {
                        ps.setString(1, cp.donor());
                        ps.setString(2, cp.survivor());
                        ps.setInt(3, cp.replaces() ? 1 : 0); // a first fill never overwrites a value written meanwhile
                        ps.addBatch();
                    }
                    written += ps.executeBatch().length;
                }
            }
            return written;
        }

        private void bindFill(PreparedStatement ps, String survivor, String col) throws SQLException {
            ps.setString(1, target.system());
            ps.setString(2, target.object());
            ps.setString(3, survivor);
            ps.setString(4, col);
        }
    }
}
