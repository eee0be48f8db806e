package dev.caravan.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The Genius source database of the tests, reloaded from sources/genius-*.sql. */
public final class GeniusFixture {

    /** Source tables, children first. */
    public static final List<String> TABLES = List.of("quote", "service", "appointment", "prospect", "marketing_source",
            "`user`", "division");

    private GeniusFixture() {
    }

    /** Drops the Genius tables and loads the fixture schema and rows again; returns an open connection's work done. */
    public static void reload(TestMariaDb genius) {
        try (Connection c = genius.connect(); Statement s = c.createStatement()) {
            s.execute("SET FOREIGN_KEY_CHECKS = 0");
            for (String t : TABLES) {
                s.execute("DROP TABLE IF EXISTS " + t);
            }
            s.execute("SET FOREIGN_KEY_CHECKS = 1");
            SqlScripts.run(c, "sources/genius-schema.sql");
            SqlScripts.run(c, "sources/genius-data.sql");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reload the Genius fixture: " + e.getMessage(), e);
        }
    }
}
