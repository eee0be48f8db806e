package dev.caravan.warehouse;

import dev.caravan.config.CaravanConfig;
import io.agroal.api.AgroalDataSource;
import dev.caravan.config.Invocation;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * The warehouse connection: an Agroal pool on the configured JDBC URL (H2 by default, PostgreSQL in
 * production; chosen at run time, no rebuild) with its Flyway migrations applied when it opens: at
 * start (see {@link #openAtStart}), except for commands that only inform ({@code --help}, {@code status}).
 */
@ApplicationScoped
public class Warehouse {

    private static final Logger LOG = Logger.getLogger(Warehouse.class);

    private final AgroalDataSource dataSource;
    private final Vendor vendor;
    private final SqlDialect dialect;
    /** The embedded H2 file (served to this host's other processes), when the warehouse is H2. */
    private final EmbeddedH2 h2;

    @Inject
    public Warehouse(CaravanConfig config) throws SQLException {
        CaravanConfig.Warehouse w = config.warehouse();
        this.vendor = Vendor.fromUrl(w.url());
        this.dialect = vendor == Vendor.H2 ? new H2Dialect() : new PostgresDialect();
        // pgjdbc sends a batch of upserts as multi-row statements
        this.h2 = vendor == Vendor.H2 ? EmbeddedH2.open(w.url(), w.username(), w.password().orElse("")) : null;
        this.dataSource = ConnectionPools.open(h2 != null ? h2.poolUrl() : w.url(), vendor.driverClass(), w.username(), w.password().orElse(""),
                w.poolSize(), false, vendor == Vendor.POSTGRESQL ? Map.of("reWriteBatchedInserts", "true") : Map.of());
        LOG.infof("Warehouse: %s at %s", vendor, safeUrl(w.url()));
        if (w.migrate()) {
            try {
                migrate();
            } catch (RuntimeException e) {
                close();
                throw SqlFailures.isTransient(e) ? new WarehouseUnavailableException("warehouse unavailable: cannot connect to "
                        + safeUrl(w.url()) + ": " + firstLine(rootMessage(e)), e) : e;
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * The warehouse opens (and migrates) at start, before the command runs, so that no migration is
     * ever left half-done by a command that ends early; a command that only informs opens it when it
     * needs it (status), or never (--help). A one-shot command that cannot open it ends with one line.
     */
    static void openAtStart(@Observes @Priority(100) StartupEvent event, Invocation invocation, Warehouse warehouse) {
        if (invocation.service()) {
            warehouse.vendor();
            return;
        }
        if (invocation.informing()) {
            return;
        }
        try {
            warehouse.vendor();
        } catch (RuntimeException e) {
            LOG.debugf(e, "The warehouse cannot be opened");
            // without a cause, and of this type, Quarkus prints the message alone (no stack trace) and exits with 1
            throw new ConfigurationException("caravan " + invocation.command() + ": " + reason(e));
        }
    }

    /** Caravan's own message along the causes (bean creation may wrap it), else the failure's. */
    private static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().startsWith("dev.caravan.") && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return String.valueOf(failure.getMessage());
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

    /** The URL with any password in it masked, for logs and messages. */
    public static String safeUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @PreDestroy
    void close() {
        dataSource.close();
        if (h2 != null) {
            h2.close();
        }
    }
}
