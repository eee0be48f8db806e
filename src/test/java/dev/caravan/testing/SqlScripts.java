package dev.caravan.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Runs a SQL script from the test classpath: statements end with ';' at the end of a line. */
public final class SqlScripts {

    private SqlScripts() {
    }

    public static void run(Connection c, String resource) {
        String text;
        try (InputStream in = SqlScripts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder statement = new StringBuilder();
        try (Statement s = c.createStatement()) {
            for (String line : text.split("\n")) {
                String trimmed = line.strip();
                if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                    continue;
                }
                statement.append(line).append('\n');
                if (trimmed.endsWith(";")) {
                    String sql = statement.toString().strip();
                    s.execute(sql.substring(0, sql.length() - 1));
                    statement.setLength(0);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(resource + ": " + e.getMessage() + "\n" + statement, e);
        }
    }
}
