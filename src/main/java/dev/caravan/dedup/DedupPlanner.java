package dev.caravan.dedup;

import dev.caravan.dedup.DedupRules.MatchRule;
import dev.caravan.dedup.MergePlan.Group;
import dev.caravan.dedup.MergePlan.Member;
import dev.caravan.warehouse.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * Finds an object's duplicate groups without holding its table in memory. One forward-only pass
 * over the rows computes each rule's normalized match value in Java and batch-inserts it into
 * {@code caravan_match_key}; SQL then returns only the values shared by two rows or more
 * ({@link SqlDialect#sharedMatchKeys}: a join on {@code GROUP BY … HAVING COUNT(*) > 1} on H2, a
 * window count on PostgreSQL), and a union-find over those rows alone (plus the rows
 * already merged) joins groups across rules. Survivors are chosen among the group's unmerged rows.
 */
final class DedupPlanner {

    /** The table HubSpot webhooks record merges in (merged_id into into_id, per object_type). */
    static final String SOURCE_MERGES_TABLE = "hubspot_merges";
    /**
     * Empties the scratch table at the start and the end of a pass (passes run one at a time, see
     * DedupService): a TRUNCATE, since deleting 3M rows took longer than finding the groups.
     */
    static final String CLEAR_MATCH_KEYS = "TRUNCATE TABLE caravan_match_key";
    private static final int INSERT_BATCH = 5000;
    private static final int COMMIT_EVERY = 100_000;
    private static final int IN_CHUNK = 500;
    /** How often (rows read) the pass looks whether the process is shutting down while it finds groups. */
    private static final int STOP_CHECK = 10_000;

    private final DataSource data;
    private final SqlDialect dialect;
    private final DedupTarget target;
    private final BooleanSupplier stopping;

    DedupPlanner(DataSource data, SqlDialect dialect, DedupTarget target, BooleanSupplier stopping) {
        this.data = data;
        this.dialect = dialect;
        this.target = target;
        this.stopping = stopping;
    }

    MergePlan plan() throws SQLException {
        DedupRules rules = target.rules();
        Map<String, String> mergedInto = new HashMap<>();
        Map<String, String> links = new LinkedHashMap<>();
        long scanned;
        try (Connection w = data.getConnection()) {
            w.setAutoCommit(false);
            clearMatchKeys(w);
            w.commit();
            Set<String> apart = keptApart(w);
            scanned = writeMatchKeys(w, rules, apart, mergedInto, links);
            w.commit();
        }
        KeyUnion union = new KeyUnion();
        Map<String, Integer> ruleOf = new HashMap<>();
        try (Connection c = data.getConnection()) {
            readGroups(c, union, ruleOf);
            for (Map.Entry<String, String> m : mergedInto.entrySet()) {
                if (union.contains(m.getKey()) || union.contains(m.getValue())) {
                    union.union(m.getKey(), m.getValue());
                }
            }
            Set<String> forced = sourceLinks(c, links, mergedInto, union);
            return choose(c, union, ruleOf, mergedInto, forced, scanned);
        }
    }

    private static void clearMatchKeys(Connection w) throws SQLException {
        try (Statement s = w.createStatement()) {
            s.executeUpdate(CLEAR_MATCH_KEYS);
        }
    }

    /** Rows unmerged by hand: left out of automatic deduplication from then on. */
    private Set<String> keptApart(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT u.merged_key FROM caravan_merge u WHERE u.system = ?"
                + " AND u.object = ? AND u.status = 'undone' AND NOT EXISTS (SELECT 1 FROM caravan_merge a WHERE a.system = u.system"
                + " AND a.object = u.object AND a.merged_key = u.merged_key AND a.status = 'active')")) {
            ps.setString(1, target.system());
            ps.setString(2, target.object());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private long writeMatchKeys(Connection w, DedupRules rules, Set<String> apart, Map<String, String> mergedInto,
            Map<String, String> links) throws SQLException {
        List<String> columns = rules.columns();
        String sql = "SELECT " + target.key() + ", merged_into, CASE WHEN deleted_at IS NULL THEN 1 ELSE 0 END"
                + (columns.isEmpty() ? "" : ", " + String.join(", ", columns)) + " FROM " + target.table()
                + " WHERE deleted_at IS NULL OR merged_into IS NOT NULL";
        long rows = 0;
        int pending = 0;
        Map<String, String> values = new HashMap<>();
        try (Connection r = data.getConnection()) {
            r.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            try (Statement s = r.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                    PreparedStatement ins = w.prepareStatement("INSERT INTO caravan_match_key (system, object, rule_no,"
                            + " match_value, record_key) VALUES (?, ?, ?, ?, ?)")) {
                s.setFetchSize(2000);
                try (ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        if (++rows % STOP_CHECK == 0 && stopping.getAsBoolean()) {
                            throw new DedupInterruptedException(target.definition().qualifiedName(),
                                    "while finding groups (" + rows + " rows read), before any merge");
                        }
                        String key = rs.getString(1);
                        String into = rs.getString(2);
                        if (into != null) {
                            mergedInto.put(key, into);
                        }
                        if (rs.getInt(3) == 0 || apart.contains(key)) {
                            continue;
                        }
                        for (int i = 0; i < columns.size(); i++) {
                            values.put(columns.get(i), rs.getString(4 + i));
                        }
                        for (int n = 0; n < rules.rules().size(); n++) {
                            String v = DedupRules.matchValue(rules.rules().get(n), values::get);
                            if (v != null) {
                                ins.setString(1, target.system());
                                ins.setString(2, target.object());
                                ins.setInt(3, n);
                                ins.setString(4, v);
                                ins.setString(5, key);
                                ins.addBatch();
                                if (++pending % INSERT_BATCH == 0) {
                                    ins.executeBatch();
                                }
                                if (pending % COMMIT_EVERY == 0) {
                                    w.commit();
                                }
                            }
                        }
                        if (rules.sourceMergesColumn() != null) {
                            String ids = values.get(rules.sourceMergesColumn());
                            if (ids != null) {
                                for (String id : ids.split("[;,]")) {
                                    if (!id.isBlank() && !id.trim().equals(key) && id.trim().length() <= 512) {
                                        links.put(id.trim(), key);
                                    }
                                }
                            }
                        }
                    }
                }
                ins.executeBatch();
            } finally {
                r.rollback();
            }
        }
        return rows;
    }

    /** Streams the rows of every match value shared by two rows or more, joining each value's rows. */
    private void readGroups(Connection c, KeyUnion union, Map<String, Integer> ruleOf) throws SQLException {
        String sql = dialect.sharedMatchKeys();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(2000);
            ps.setString(1, target.system());
            ps.setString(2, target.object());
            ps.setString(3, target.system());
            ps.setString(4, target.object());
            try (ResultSet rs = ps.executeQuery()) {
                int lastRule = -1;
                String lastValue = null;
                String first = null;
                while (rs.next()) {
                    int rule = rs.getInt(1);
                    String value = rs.getString(2);
                    String key = rs.getString(3);
                    ruleOf.merge(key, rule, Math::min);
                    if (rule == lastRule && value.equals(lastValue)) {
                        union.union(first, key);
                    } else {
                        union.id(key);
                        first = key;
                        lastRule = rule;
                        lastValue = value;
                    }
                }
            }
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    /**
     * Merges the source system made (HubSpot: {@code hs_merged_object_ids} on the kept record, and
     * the merge webhooks in hubspot_merges) join the rows they name; the kept record is the survivor.
     */
    private Set<String> sourceLinks(Connection c, Map<String, String> links, Map<String, String> mergedInto,
            KeyUnion union) throws SQLException {
        if (target.rules().sourceMergesColumn() == null) {
            return Set.of();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT merged_id, into_id FROM " + SOURCE_MERGES_TABLE
                + " WHERE object_type = ?")) {
            ps.setString(1, target.object());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    links.putIfAbsent(rs.getString(1), rs.getString(2));
                }
            }
        }
        Set<String> named = new HashSet<>(links.keySet());
        named.addAll(links.values());
        Set<String> known = existing(c, new ArrayList<>(named));
        Set<String> forced = new HashSet<>();
        for (Map.Entry<String, String> l : links.entrySet()) {
            String into = mergedInto.getOrDefault(l.getValue(), l.getValue());
            if (known.contains(l.getKey()) && known.contains(into) && !l.getKey().equals(into)) {
                union.union(l.getKey(), into);
                forced.add(into);
            }
        }
        return forced;
    }

    private Set<String> existing(Connection c, List<String> keys) throws SQLException {
        Set<String> found = new HashSet<>();
        for (int from = 0; from < keys.size(); from += IN_CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + IN_CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT " + target.key() + " FROM " + target.table() + " WHERE "
                    + target.key() + " IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        }
        return found;
    }

    private MergePlan choose(Connection c, KeyUnion union, Map<String, Integer> ruleOf, Map<String, String> mergedInto,
            Set<String> forced, long scanned) throws SQLException {
        Map<Integer, List<String>> components = new HashMap<>();
        for (int i = 0; i < union.size(); i++) {
            components.computeIfAbsent(union.find(i), k -> new ArrayList<>()).add(union.key(i));
        }
        List<String> candidates = new ArrayList<>();
        for (List<String> members : components.values()) {
            if (members.size() > 1) {
                List<String> roots = members.stream().filter(k -> !mergedInto.containsKey(k)).toList();
                if (roots.size() > 1) {
                    candidates.addAll(roots);
                }
            }
        }
        SurvivorChoice survivors = SurvivorChoice.read(c, target, candidates);
        List<Group> groups = new ArrayList<>();
        List<MergePlan.Merge> merges = new ArrayList<>();
        long alreadyMerged = 0;
        List<MatchRule> rules = target.rules().rules();
        for (List<String> members : components.values()) {
            if (members.size() < 2) {
                continue;
            }
            List<String> roots = members.stream().filter(k -> !mergedInto.containsKey(k)).toList();
            if (roots.isEmpty()) {
                continue; // rows merged into a row outside the pass (deleted since): left as they are
            }
            String survivor = roots.size() == 1 ? roots.get(0) : survivors.best(roots, forced);
            List<Member> out = new ArrayList<>();
            boolean pending = false;
            for (String k : members) {
                if (k.equals(survivor)) {
                    continue;
                }
                String into = mergedInto.get(k);
                if (into == null) {
                    Integer n = ruleOf.get(k);
                    String rule = n != null ? rules.get(n).name() : forcedRule();
                    out.add(new Member(k, rule, false));
                    merges.add(new MergePlan.Merge(survivor, k, rule, false));
                    pending = true;
                } else if (!into.equals(survivor)) {
                    out.add(new Member(k, null, true));
                    merges.add(new MergePlan.Merge(survivor, k, null, true));
                    pending = true;
                } else {
                    out.add(new Member(k, null, true));
                    alreadyMerged++;
                }
            }
            groups.add(new Group(survivor, out, pending));
        }
        groups.sort((a, b) -> a.size() != b.size() ? Integer.compare(b.size(), a.size()) : SurvivorChoice.compareKeys(a.survivor(), b.survivor()));
        merges.sort((a, b) -> SurvivorChoice.compareKeys(a.survivor(), b.survivor()));
        return new MergePlan(groups, merges, scanned, alreadyMerged);
    }

    /** The rule a merge made by the source system is recorded under: the system's name (hubspot). */
    private String forcedRule() {
        return target.system();
    }

}
