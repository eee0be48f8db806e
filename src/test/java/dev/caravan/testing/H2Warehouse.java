package dev.caravan.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded H2 warehouse of a packaged-app test, reached as the CLI reaches it: through the port
 * the running service serves it on (FILE.server), or the file itself when no service runs.
 */
public final class H2Warehouse {

    private final Path file;

    public H2Warehouse(Path file) {
        this.file = file.toAbsolutePath();
    }

    /** The URL the service under test is given. */
    public String url() {
        return "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE";
    }

    public Connection connect() throws SQLException {
        Path portFile = Path.of(file + ".server");
        try {
            if (Files.exists(portFile)) {
                return DriverManager.getConnection("jdbc:h2:tcp://" + Files.readString(portFile).strip() + "/" + file, "sa", "");
            }
        } catch (IOException | SQLException e) {
            // the service is stopping: open the file
        }
        return DriverManager.getConnection("jdbc:h2:file:" + file, "sa", "");
    }

    /** The first column of the first row, 0 when there is none. */
    public long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** As {@link #count}, 0 while the warehouse is not there yet (not migrated, or changing hands). */
    public long countOrZero(String sql) {
        try {
            return count(sql);
        } catch (SQLException e) {
            return 0;
        }
    }
}
