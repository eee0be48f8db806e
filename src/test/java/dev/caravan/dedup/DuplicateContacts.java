package dev.caravan.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.testing.CaravanProcess;
import dev.caravan.testing.SqlScripts;
import dev.caravan.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * PostgreSQL warehouses holding 106,300 CRM contacts with 4,501 duplicate groups and their children
 * ({@code dedup/contacts-with-duplicates.sql}), for the dedup fault tests: a template migrated by the
 * packaged application and seeded set-based once per test JVM, copies of it, the packaged
 * application started against a copy, the checks every state a pass leaves must pass, and the end
 * state of an uninterrupted pass over a copy (the reference the interrupted ones must reach).
 */
final class DuplicateContacts {

    static final long CONTACTS = 106_300;
    static final long GROUPS = 4_501;
    static final long MERGES = 6_299;
    static final String CONTACT_MERGES = "FROM caravan_merge WHERE system = 'crm' AND object = 'contacts'";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String template;
    private static EndState reference;

    private final TestPostgres pg = TestPostgres.get();

    /** What a finished pass leaves, compared between copies: counts, and digests of every merge, mapping and child. */
    record EndState(long activeMerges, long mergeRows, long survivors, long mergedRows, long repoints, String merges,
            String mapping, String children, String repointed) {
    }

    /** A new database copied from the seeded template. */
    String copy(String name) throws Exception {
        String db = "caravan_dedup_" + name + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String from = template();
        long t = System.nanoTime();
        pg.admin("CREATE DATABASE " + db + " TEMPLATE " + from);
        System.out.printf("dedup faults: %s copied from the template in %d ms%n", db, (System.nanoTime() - t) / 1_000_000);
        return db;
    }

    private String template() throws Exception {
        synchronized (DuplicateContacts.class) {
            if (template == null) {
                String db = "caravan_dedup_tmpl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
                pg.admin("CREATE DATABASE " + db);
                try (CaravanProcess migrate = start(db, "migrate", Map.of(), "dedup", "crm", "contacts", "--dry-run")) {
                    assertTrue(migrate.waitFor(120), "the schema is migrated");
                    assertEquals(0, migrate.exitValue(), migrate.log());
                }
                long t = System.nanoTime();
                try (Connection c = pg.connect(url(db))) {
                    SqlScripts.run(c, "dedup/contacts-with-duplicates.sql");
                }
                System.out.printf("dedup faults: seeded %,d contacts, %,d opportunities, %,d activities in %d ms%n",
                        count(db, "SELECT COUNT(*) FROM crm_contacts"), count(db, "SELECT COUNT(*) FROM crm_opportunities"),
                        count(db, "SELECT COUNT(*) FROM crm_activities"), (System.nanoTime() - t) / 1_000_000);
                assertEquals(CONTACTS, count(db, "SELECT COUNT(*) FROM crm_contacts"));
                template = db;
                if (!pg.embedded()) { // a server of its own is not thrown away with the test JVM
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            drop(db);
                        } catch (RuntimeException ignored) {
                            // the server went first; nothing to clean up
                        }
                    }));
                }
            }
            return template;
        }
    }

    /** The end state of one uninterrupted pass over a fresh copy (made once per test JVM). */
    EndState reference() throws Exception {
        synchronized (DuplicateContacts.class) {
            if (reference == null) {
                String db = copy("reference");
                CaravanProcess pass = start(db, "reference", Map.of(), "dedup", "crm", "contacts", "--json", "--show", "0");
                JsonNode r = finish(pass);
                assertEquals(GROUPS, r.get("groups").asLong(), pass.log());
                assertEquals(MERGES, r.get("merged").asLong(), pass.log());
                System.out.printf("dedup faults: uninterrupted pass: %d groups, %d merged, %d children re-pointed, %d ms"
                        + " (%d ms finding groups)%n", r.get("groups").asLong(), r.get("merged").asLong(),
                        r.get("childrenRepointed").asLong(), r.get("durationMs").asLong(), r.get("planMs").asLong());
                assertWhole(db);
                reference = endState(db);
                drop(db);
            }
            return reference;
        }
    }

    /** Drops a copy once a test is done with it (about 70 MB each). */
    void drop(String db) {
        pg.admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }

    /** The packaged application against database {@code db}, logging to target/it-dedup/NAME.log. */
    CaravanProcess start(String db, String name, Map<String, String> extra, String... args) throws IOException {
        Map<String, String> env = new HashMap<>(extra);
        env.put("CARAVAN_DB_URL", url(db));
        env.put("CARAVAN_DB_USER", pg.user());
        env.put("CARAVAN_DB_PASSWORD", pg.password());
        env.putIfAbsent("CARAVAN_INBOX_DIR", work(db).resolve("inbox").toString());
        return CaravanProcess.start(work(db).resolve(name + ".log"), env, args);
    }

    Path work(String db) {
        return Path.of("target/it-dedup", db).toAbsolutePath();
    }

    /** Waits for a CLI pass to end with exit 0 and returns its --json report. */
    JsonNode finish(CaravanProcess pass) throws Exception {
        assertTrue(pass.waitFor(180), "the pass ends");
        assertEquals(0, pass.exitValue(), pass.log());
        return report(pass);
    }

    static JsonNode report(CaravanProcess pass) throws IOException {
        for (String line : pass.log().split("\n")) {
            if (line.startsWith("{\"system\"")) {
                return JSON.readTree(line);
            }
        }
        throw new AssertionError("no JSON report in " + pass.log());
    }

    /** Waits until at least {@code n} merges of contacts are committed while {@code p} runs; returns how many. */
    long awaitMerges(String db, CaravanProcess p, long n) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        long merges;
        while ((merges = count(db, "SELECT COUNT(*) " + CONTACT_MERGES)) < n) {
            assertTrue(p.isAlive(), "the process ended before " + n + " merges: " + p.log());
            assertTrue(System.currentTimeMillis() < deadline, "no merges committed");
            Thread.sleep(20);
        }
        return merges;
    }

    /**
     * What must hold after any pass, finished or not: every active merge is carried out (merged_into =
     * its survivor) and no row is merged without one; no key has two active merges; merged_into names a
     * live survivor; every child points at the survivor of the contact it named (owner) and has a
     * re-point record exactly when it was moved.
     */
    void assertWhole(String db) throws SQLException {
        assertEquals(0, count(db, "SELECT COUNT(*) FROM caravan_merge m JOIN crm_contacts c ON c.contact_id = m.merged_key"
                + " WHERE m.system = 'crm' AND m.object = 'contacts' AND m.status = 'active'"
                + " AND c.merged_into IS DISTINCT FROM m.survivor_key"), "active merges carried out");
        assertEquals(0, count(db, "SELECT COUNT(*) FROM crm_contacts c WHERE c.merged_into IS NOT NULL AND NOT EXISTS"
                + " (SELECT 1 FROM caravan_merge m WHERE m.system = 'crm' AND m.object = 'contacts' AND m.status = 'active'"
                + " AND m.merged_key = c.contact_id AND m.survivor_key = c.merged_into)"), "no merged row without its merge");
        assertEquals(0, count(db, "SELECT COUNT(*) FROM (SELECT merged_key " + CONTACT_MERGES
                + " AND status = 'active' GROUP BY merged_key HAVING COUNT(*) > 1) twice"), "no key merged twice");
        assertEquals(0, count(db, "SELECT COUNT(*) FROM crm_contacts c LEFT JOIN crm_contacts s ON s.contact_id = c.merged_into"
                + " WHERE c.merged_into IS NOT NULL AND (s.contact_id IS NULL OR s.merged_into IS NOT NULL)"),
                "merged_into names a live survivor");
        for (String child : new String[] {"crm_opportunities", "crm_activities"}) {
            assertEquals(0, count(db, "SELECT COUNT(*) FROM " + child + " x LEFT JOIN crm_contacts c ON c.contact_id = x.contact_id"
                    + " WHERE c.contact_id IS NULL OR c.merged_into IS NOT NULL"), child + " reference live contacts");
            assertEquals(0, count(db, "SELECT COUNT(*) FROM " + child + " x JOIN crm_contacts o ON o.contact_id = x.owner"
                    + " WHERE x.contact_id <> COALESCE(o.merged_into, o.contact_id)"), child + " follow their contact's merge");
            assertEquals(0, count(db, "SELECT COUNT(*) FROM " + child + " x LEFT JOIN caravan_merge_repoint r ON r.child_table = '"
                    + child + "' AND r.child_column = 'contact_id' AND r.child_id = x.id WHERE NOT ((x.contact_id = x.owner"
                    + " AND r.id IS NULL) OR (x.contact_id <> x.owner AND r.old_value = x.owner AND r.merged_key = x.owner))"),
                    child + ": a re-point record for exactly the moved rows");
        }
    }

    EndState endState(String db) throws SQLException {
        return new EndState(count(db, "SELECT COUNT(*) " + CONTACT_MERGES + " AND status = 'active'"),
                count(db, "SELECT COUNT(*) " + CONTACT_MERGES),
                count(db, "SELECT COUNT(DISTINCT survivor_key) " + CONTACT_MERGES + " AND status = 'active'"),
                count(db, "SELECT COUNT(*) FROM crm_contacts WHERE merged_into IS NOT NULL"),
                count(db, "SELECT COUNT(*) FROM caravan_merge_repoint"),
                text(db, "SELECT md5(string_agg(merged_key || '>' || survivor_key || ':' || rule, ',' ORDER BY merged_key)) "
                        + CONTACT_MERGES + " AND status = 'active'"),
                text(db, "SELECT md5(string_agg(contact_id || '>' || COALESCE(merged_into, ''), ',' ORDER BY contact_id))"
                        + " FROM crm_contacts"),
                text(db, "SELECT md5(string_agg(k, ',' ORDER BY k)) FROM (SELECT opportunity_id || '>' || contact_id AS k"
                        + " FROM crm_opportunities UNION ALL SELECT activity_id || '>' || contact_id FROM crm_activities) x"),
                text(db, "SELECT md5(string_agg(child_table || child_id || '<' || old_value, ',' ORDER BY child_table, child_id))"
                        + " FROM caravan_merge_repoint"));
    }

    Connection connect(String db) throws SQLException {
        return pg.connect(url(db));
    }

    long count(String db, String sql) throws SQLException {
        try (Connection c = pg.connect(url(db)); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String text(String db, String sql) throws SQLException {
        try (Connection c = pg.connect(url(db)); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    String url(String db) {
        return pg.url().replace(pg.database(), db);
    }
}
