package dev.caravan.dedup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks a group's survivor among its unmerged rows: a live row before a deleted one, the row the
 * source system kept (HubSpot) before the others, then by the survivorship rule (latest updated
 * column, or most non-null columns), then the smallest key. Reads those facts for the candidates
 * only, 500 keys per query.
 */
final class SurvivorChoice {

    private static final int IN_CHUNK = 500;

    /** Row facts a survivor (or, per column, a donor: {@link ColumnFill}) is chosen by. */
    record Candidate(String key, boolean deleted, java.sql.Timestamp updated, int filled) {

        /** Reads the four facts {@link #factsColumns} selects, from column {@code at} on. */
        static Candidate read(ResultSet rs, int at) throws SQLException {
            return new Candidate(rs.getString(at), rs.getObject(at + 1) != null, rs.getTimestamp(at + 2), rs.getInt(at + 3));
        }
    }

    /** The select list of a row's facts: key, deleted_at, the updated column, how many definition columns hold a value. */
    static String factsColumns(DedupTarget target) {
        StringBuilder filled = new StringBuilder("0");
        for (var col : target.definition().columns()) {
            filled.append(" + CASE WHEN ").append(col.name()).append(" IS NULL THEN 0 ELSE 1 END");
        }
        return target.key() + ", deleted_at, " + target.rules().updatedColumn() + ", " + filled;
    }

    private final Map<String, Candidate> facts;
    private final Survivorship rule;

    private SurvivorChoice(Map<String, Candidate> facts, Survivorship rule) {
        this.facts = facts;
        this.rule = rule;
    }

    static SurvivorChoice read(Connection c, DedupTarget target, List<String> keys) throws SQLException {
        Map<String, Candidate> out = new HashMap<>();
        for (int from = 0; from < keys.size(); from += IN_CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + IN_CHUNK));
            String sql = "SELECT " + factsColumns(target) + " FROM " + target.table() + " WHERE " + target.key() + " IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Candidate f = Candidate.read(rs, 1);
                        out.put(f.key(), f);
                    }
                }
            }
        }
        return new SurvivorChoice(out, target.rules().survivorship());
    }

    String best(List<String> roots, Set<String> forced) {
        String best = null;
        for (String k : roots) {
            if (best == null || better(facts.get(k), facts.get(best), forced, rule)) {
                best = k;
            }
        }
        return best;
    }

    private static boolean better(Candidate a, Candidate b, Set<String> forced, Survivorship rule) {
        if (a == null || b == null) {
            return b == null && a != null;
        }
        boolean fa = forced.contains(a.key());
        if (a.deleted() == b.deleted() && fa != forced.contains(b.key())) {
            return fa;
        }
        return better(a, b, rule);
    }

    /** A live row before a deleted one, then by the rule (latest updated, or most non-null columns), then the smaller key. */
    static boolean better(Candidate a, Candidate b, Survivorship rule) {
        if (a.deleted() != b.deleted()) {
            return !a.deleted();
        }
        int cmp;
        if (rule == Survivorship.MOST_COMPLETE) {
            cmp = Integer.compare(a.filled(), b.filled());
        } else if (a.updated() == null || b.updated() == null) {
            cmp = a.updated() == null ? (b.updated() == null ? 0 : -1) : 1;
        } else {
            cmp = a.updated().compareTo(b.updated());
        }
        return cmp != 0 ? cmp > 0 : compareKeys(a.key(), b.key()) < 0;
    }

    /** Keys of digits compare as numbers ("9" before "10"), others as text. */
    static int compareKeys(String a, String b) {
        if (!a.isEmpty() && !b.isEmpty() && a.chars().allMatch(Character::isDigit) && b.chars().allMatch(Character::isDigit)
                && a.length() != b.length()) {
            return Integer.compare(a.length(), b.length());
        }
        return a.compareTo(b);
    }
}
