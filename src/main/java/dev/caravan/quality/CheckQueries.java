package dev.caravan.quality;

import dev.caravan.definition.ObjectDefinition;
import dev.caravan.warehouse.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One set-based SQL query (or two: a count and up to 20 sample keys) per kind of check, on the
 * object's live rows (not marked deleted, not merged into another row). Table and column names come
 * from validated definitions; values (patterns, allowed values, ids) are bound as parameters. Nothing
 * is read into memory but counts and at most 20 keys.
 */
final class CheckQueries {

    /** A plausible e-mail address: something@domain.tld, no spaces. */
    static final String EMAIL_PATTERN = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"; // Java and PostgreSQL regexes alike

    /** Where a check runs: the object, its parent lookup, the connection and the run that triggered it. */
    record Target(ObjectDefinition definition, ObjectDefinition parent, Connection connection, SqlDialect dialect, boolean merges,
            Long runId, Double previousObserved, int timeoutSeconds) {
    }

    private CheckQueries() {
    }

    static CheckOutcome run(QualityCheck check, Target t) throws SQLException {
        return switch (check.kind()) {
            case ROW_COUNT -> rowCount(check, t);
            case NOT_NULL -> offending(check, t, anyOf(check.columns(), "%s IS NULL"), "rows without " + String.join(", ", check.columns()));
            case NON_NEGATIVE -> offending(check, t, anyOf(check.columns(), "%s < 0"), "rows with a negative " + String.join(", ", check.columns()));
            case ALLOWED_VALUES -> allowedValues(check, t);
            case EMAIL_VALID -> emailValid(check, t);
            case FRESHNESS -> freshness(check, t);
            case ORPHANS -> orphans(check, t);
            case DUPLICATES -> "raw".equals(check.layer()) ? rawDuplicates(check, t) : tableDuplicates(check, t);
        };
    }

    /** The live rows of the object's table, as alias {@code t}. */
    private static String live(Target t) {
        return "t.deleted_at IS NULL" + (t.merges() ? " AND t.merged_into IS NULL" : "");
    }

    private static String table(Target t) {
        return t.definition().table() + " t";
    }

    private static String anyOf(List<String> columns, String form) {
        return "(" + columns.stream().map(c -> String.format(Locale.ROOT, form, "t." + c)).collect(Collectors.joining(" OR ")) + ")";
    }

    private static CheckOutcome rowCount(QualityCheck c, Target t) throws SQLException {
        long n = count(t, "SELECT COUNT(*) FROM " + table(t) + " WHERE " + live(t), List.of());
        List<String> bounds = new ArrayList<>();
        boolean held = true;
        if (c.min() != null) {
            bounds.add("≥ " + fmt(c.min()));
            held &= n >= c.min();
        }
        if (c.max() != null) {
            bounds.add("≤ " + fmt(c.max()));
            held &= n <= c.max();
        }
        String message = n + " rows";
        if (c.maxDropPct() != null) {
            bounds.add("drop ≤ " + fmt(c.maxDropPct()) + " %");
            if (t.previousObserved() != null && t.previousObserved() > 0) {
                double drop = 100.0 * (t.previousObserved() - n) / t.previousObserved();
                if (drop > 0) {
                    message += String.format(Locale.ROOT, ", %.1f %% fewer than the previous check (%s)", drop, fmt(t.previousObserved()));
                }
                held &= drop <= c.maxDropPct();
            }
        }
        return new CheckOutcome(held, (double) n, String.join(", ", bounds), List.of(), message);
    }

    /** Rows matching a condition: held when their count (or share, with max_rate) is within bounds. */
    private static CheckOutcome offending(QualityCheck c, Target t, String condition, String what) throws SQLException {
        return offending(c, t, condition, List.of(), what);
    }

    private static CheckOutcome offending(QualityCheck c, Target t, String condition, List<Object> params, String what)
            throws SQLException {
        String where = " FROM " + table(t) + " WHERE " + live(t) + " AND " + condition;
        long bad = count(t, "SELECT COUNT(*)" + where, params);
        List<String> samples = bad == 0 ? List.of() : sampleKeys(t, where, params);
        if (c.maxRate() != null) {
            long total = count(t, "SELECT COUNT(*) FROM " + table(t) + " WHERE " + live(t), List.of());
            double rate = total == 0 ? 0 : (double) bad / total;
            return new CheckOutcome(rate <= c.maxRate(), rate, "≤ " + pct(c.maxRate()),
                    samples, bad + " of " + total + " " + what + " (" + pct(rate) + ")");
        }
        double max = c.max() == null ? 0 : c.max();
        return new CheckOutcome(bad <= max, (double) bad, "≤ " + fmt(max), samples, bad + " " + (bad == 1 ? what.replaceFirst("^rows ", "row ") : what));
    }

    private static CheckOutcome allowedValues(QualityCheck c, Target t) throws SQLException {
        String col = "t." + c.columns().get(0);
        String marks = c.values().stream().map(v -> "?").collect(Collectors.joining(", "));
        List<Object> params = new ArrayList<>();
        c.values().forEach(v -> params.add(v.toUpperCase(Locale.ROOT)));
        return offending(c, t, col + " IS NOT NULL AND UPPER(" + col + ") NOT IN (" + marks + ")", params,
                "rows with a " + c.columns().get(0) + " outside " + c.values());
    }

    private static CheckOutcome emailValid(QualityCheck c, Target t) throws SQLException {
        String col = "t." + c.columns().get(0);
        String invalid = col + " IS NOT NULL AND NOT (" + t.dialect().matchesPattern(col) + ")";
        String where = " FROM " + table(t) + " WHERE " + live(t) + " AND " + invalid;
        long bad = count(t, "SELECT COUNT(*)" + where, List.of(EMAIL_PATTERN));
        long present = count(t, "SELECT COUNT(*) FROM " + table(t) + " WHERE " + live(t) + " AND " + col + " IS NOT NULL", List.of());
        double rate = present == 0 ? 1.0 : (double) (present - bad) / present;
        double min = c.minRate() == null ? 0.95 : c.minRate();
        List<String> samples = bad == 0 ? List.of() : sampleKeys(t, where, List.of(EMAIL_PATTERN));
        return new CheckOutcome(rate >= min, rate, "≥ " + pct(min), samples,
                (present - bad) + " of " + present + " " + c.columns().get(0) + " values valid (" + pct(rate) + ")");
    }

    private static CheckOutcome freshness(QualityCheck c, Target t) throws SQLException {
        String col = c.columns().get(0);
        Instant newest;
        try (PreparedStatement ps = prepare(t, "SELECT MAX(t." + col + ") FROM " + table(t) + " WHERE " + live(t), List.of());
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            Timestamp ts = rs.getTimestamp(1);
            newest = ts == null ? null : ts.toInstant();
        }
        String threshold = "age ≤ " + human(c.maxAge());
        if (newest == null) {
            return new CheckOutcome(false, null, threshold, List.of(), "no rows with a " + col);
        }
        Duration age = Duration.between(newest, Instant.now());
        double hours = Math.max(0, age.toSeconds()) / 3600.0;
        return new CheckOutcome(age.compareTo(c.maxAge()) <= 0, Math.round(hours * 100) / 100.0, threshold, List.of(),
                "newest " + col + " is " + human(age.isNegative() ? Duration.ZERO : age) + " old (" + newest + ")");
    }

    private static CheckOutcome orphans(QualityCheck c, Target t) throws SQLException {
        String col = c.columns().get(0);
        ObjectDefinition parent = t.parent();
        String condition = "t." + col + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + parent.table() + " p WHERE p."
                + parent.key().get(0) + " = t." + col + " AND p.deleted_at IS NULL)";
        return offending(c, t, condition, "rows whose " + col + " names no live " + parent.qualifiedName()
                + " (missing or marked deleted)");
    }

    private static CheckOutcome tableDuplicates(QualityCheck c, Target t) throws SQLException {
        String cols = c.columns().stream().map(x -> "t." + x).collect(Collectors.joining(", "));
        String notNull = c.columns().stream().map(x -> "t." + x + " IS NOT NULL").collect(Collectors.joining(" AND "));
        String groups = " FROM " + table(t) + " WHERE " + live(t) + " AND " + notNull + " GROUP BY " + cols + " HAVING COUNT(*) > 1";
        long extra;
        long groupCount;
        try (PreparedStatement ps = prepare(t, "SELECT COUNT(*), COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n" + groups + ") g",
                List.of()); ResultSet rs = ps.executeQuery()) {
            rs.next();
            groupCount = rs.getLong(1);
            extra = rs.getLong(2);
        }
        List<String> samples = new ArrayList<>();
        if (groupCount > 0 && t.definition().key().size() == 1) {
            try (PreparedStatement ps = prepare(t, "SELECT MIN(t." + t.definition().key().get(0) + ")" + groups + " ORDER BY 1 LIMIT "
                    + CheckOutcome.MAX_SAMPLES, List.of()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    samples.add(rs.getString(1));
                }
            }
        }
        double max = c.max() == null ? 0 : c.max();
        return new CheckOutcome(extra <= max, (double) extra, "≤ " + fmt(max), samples,
                extra + " rows repeat the " + String.join(", ", c.columns()) + " of another (" + groupCount + " groups)");
    }

    /** The same API record id fetched more than once by one run (paging that overlapped, a cursor that went back). */
    private static CheckOutcome rawDuplicates(QualityCheck c, Target t) throws SQLException {
        double max = c.max() == null ? 0 : c.max();
        if (t.runId() == null) {
            return new CheckOutcome(true, 0.0, "≤ " + fmt(max), List.of(), "no run to look at (raw duplicates are checked after a sync)");
        }
        String groups = " FROM caravan_raw_record WHERE system = ? AND object = ? AND run_id = ? GROUP BY record_id HAVING COUNT(*) > 1";
        List<Object> params = List.of(t.definition().system(), t.definition().object(), t.runId());
        long extra;
        try (PreparedStatement ps = prepare(t, "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n" + groups + ") g", params);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            extra = rs.getLong(1);
        }
        List<String> samples = new ArrayList<>();
        if (extra > 0) {
            try (PreparedStatement ps = prepare(t, "SELECT record_id" + groups + " ORDER BY record_id LIMIT " + CheckOutcome.MAX_SAMPLES,
                    params); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    samples.add(rs.getString(1));
                }
            }
        }
        return new CheckOutcome(extra <= max, (double) extra, "≤ " + fmt(max), samples,
                extra + " extra copies of records run " + t.runId() + " fetched more than once");
    }

    private static List<String> sampleKeys(Target t, String fromWhere, List<Object> params) throws SQLException {
        List<String> key = t.definition().key();
        String cols = key.stream().map(k -> "t." + k).collect(Collectors.joining(", "));
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(t, "SELECT " + cols + fromWhere + " ORDER BY " + cols + " LIMIT " + CheckOutcome.MAX_SAMPLES,
                params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<String> parts = new ArrayList<>();
                for (int i = 1; i <= key.size(); i++) {
                    parts.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join("|", parts));
            }
        }
        return out;
    }

    private static long count(Target t, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement ps = prepare(t, sql, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static PreparedStatement prepare(Target t, String sql, List<Object> params) throws SQLException {
        PreparedStatement ps = t.connection().prepareStatement(sql);
        try {
            ps.setQueryTimeout(t.timeoutSeconds());
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s % 86400 == 0 && s >= 86400) {
            return s / 86400 + "d";
        }
        if (s >= 3600) {
            return s % 3600 == 0 ? s / 3600 + "h" : String.format(Locale.ROOT, "%.1fh", s / 3600.0);
        }
        return s >= 60 ? s / 60 + "m" : s + "s";
    }
}
