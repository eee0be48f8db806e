package dev.caravan.warehouse;

import dev.caravan.config.CaravanConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * The warehouse connection: an Agroal pool on the configured JDBC URL (H2 by default, PostgreSQL in
 * production; chosen at run time, no rebuild) with its Flyway migrations applied at start.
 */
@ApplicationScoped
@Startup
public class Warehouse {

    private static final Logger LOG = Logger.getLogger(Warehouse.class);

    private final AgroalDataSource dataSource;
    private final Vendor vendor;
    private final SqlDialect dialect;

    @Inject
    public Warehouse(CaravanConfig config) throws SQLException {
        CaravanConfig.Warehouse w = config.warehouse();
        this.vendor = Vendor.fromUrl(w.url());
        this.dialect = vendor == Vendor.H2 ? new H2Dialect() : new PostgresDialect();
        if (vendor == Vendor.H2) {
            dev.caravan.config.H2Network.bindToLoopbackUnlessSet(); // AUTO_SERVER's port on 127.0.0.1 only
        }
        // pgjdbc sends a batch of upserts as multi-row statements
        this.dataSource = ConnectionPools.open(w.url(), vendor.driverClass(), w.username(), w.password().orElse(""),
                w.poolSize(), false, vendor == Vendor.POSTGRESQL ? Map.of("reWriteBatchedInserts", "true") : Map.of());
        LOG.infof("Warehouse: %s at %s", vendor, safeUrl(w.url()));
        if (w.migrate()) {
            migrate();
        }
    }

    private void migrate() {
        Flyway flyway = Flyway.configure(Warehouse.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor.id())
                .placeholders(Map.of(
                        "json_type", vendor == Vendor.H2 ? "CHARACTER LARGE OBJECT" : "JSONB",
                        "text_type", vendor == Vendor.H2 ? "CHARACTER LARGE OBJECT" : "TEXT"))
                .load();
        var result = flyway.migrate();
        LOG.infof("Warehouse schema at version %s (%d migrations applied now)",
                result.targetSchemaVersion == null ? flyway.info().current().getVersion() : result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Vendor vendor() {
        return vendor;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    public Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new WarehouseUnavailableException("cannot connect to the warehouse: " + e.getMessage(), e);
        }
    }

    /** True when a connection can be opened and answers a query (readiness). */
    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(3);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Whether an exception means the database is unreachable rather than a row being wrong. */
    public static boolean isConnectionFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLTransientConnectionException || c instanceof SQLNonTransientConnectionException
                    || c instanceof SQLRecoverableException || c instanceof java.net.ConnectException
                    || c instanceof java.io.EOFException || c instanceof java.net.SocketException) {
                return true;
            }
            if (c instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().equals("57P01")
                    || s.getSQLState().equals("57P02") || s.getSQLState().equals("57P03")
                    || s.getSQLState().equals("90067") || s.getSQLState().equals("90098"))) {
                return true;
            }
        }
        return false;
    }

    static String safeUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @PreDestroy
    void close() {
        dataSource.close();
    }
}
