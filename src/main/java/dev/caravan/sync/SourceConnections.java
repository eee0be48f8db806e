package dev.caravan.sync;

import dev.caravan.config.CaravanConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Pooled connections (Agroal) to the source databases, opened on first use from the settings
 * users already have (GENIUS_DB_*, REDSHIFT_*). A source without settings is reported as not
 * configured, with the variables to set.
 */
@ApplicationScoped
public class SourceConnections {

    private static final Logger LOG = Logger.getLogger(SourceConnections.class);
    private static final Map<String, String> VARIABLES = Map.of(
            "genius", "GENIUS_DB_HOST, GENIUS_DB_PORT (3306), GENIUS_DB_NAME, GENIUS_DB_USER, GENIUS_DB_PASSWORD",
            "redshift", "REDSHIFT_HOST, REDSHIFT_PORT (5439), REDSHIFT_DATABASE, REDSHIFT_USERNAME, REDSHIFT_PASSWORD, REDSHIFT_SCHEMA (public)");

    private final CaravanConfig config;
    private final Map<String, AgroalDataSource> pools = new ConcurrentHashMap<>();

    @Inject
    public SourceConnections(CaravanConfig config) {
        this.config = config;
    }

    /** Whether the named source has connection settings. */
    public boolean configured(String name) {
        CaravanConfig.Source s = config.sources().get(name);
        return s != null && (present(s.url()) || present(s.host()));
    }

    public DataSource get(String name) {
        CaravanConfig.Source s = settings(name);
        return pools.computeIfAbsent(name, n -> open(n, s));
    }

    public CaravanConfig.Source settings(String name) {
        CaravanConfig.Source s = config.sources().get(name);
        if (s == null) {
            throw new SourceNotConfiguredException("unknown source '" + name + "'; known sources: " + config.sources().keySet());
        }
        if (!configured(name)) {
            throw new SourceNotConfiguredException("source '" + name + "' is not configured: set "
                    + VARIABLES.getOrDefault(name, "caravan.sources." + name + ".host"));
        }
        return s;
    }

    /** The zone of the source's timestamps without an offset, when set for the source. */
    public Optional<ZoneId> timeZone(String name) {
        return settings(name).timeZone().filter(SourceConnections::notBlank).map(ZoneId::of);
    }

    public String url(String name) {
        CaravanConfig.Source s = settings(name);
        if (present(s.url())) {
            return s.url().get();
        }
        String db = s.database().orElse("");
        return "mariadb".equals(s.kind())
                ? "jdbc:mariadb://" + s.host().get() + ":" + s.port() + "/" + db
                : "jdbc:postgresql://" + s.host().get() + ":" + s.port() + "/" + db;
    }

    private AgroalDataSource open(String name, CaravanConfig.Source s) {
        String url = url(name);
        String driver = "mariadb".equals(s.kind()) ? "org.mariadb.jdbc.Driver" : "org.postgresql.Driver";
        try {
            AgroalDataSource ds = dev.caravan.warehouse.ConnectionPools.open(url, driver, s.username().orElse(""),
                    s.password().orElse(""), s.poolSize(), true, Map.of());
            LOG.infof("Source %s: %s", name, url.replaceAll("(?i)(password=)[^&;]*", "$1***"));
            return ds;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a pool for source " + name + ": " + e.getMessage(), e);
        }
    }

    private static boolean present(Optional<String> v) {
        return v.isPresent() && !v.get().isBlank();
    }

    private static boolean notBlank(String v) {
        return !v.isBlank();
    }

    @PreDestroy
    void close() {
        pools.values().forEach(AgroalDataSource::close);
    }
}
