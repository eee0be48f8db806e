package dev.caravan.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * What the service says at start about where its settings came from: the settings file read (how
 * many settings, never a name or value), a {@code ./.env} that Quarkus reads beneath the file
 * CARAVAN_ENV_FILE names, and seed 002's MYSQL_* settings, which do not choose the warehouse yet.
 */
@ApplicationScoped
public class SettingsNotices {

    private static final Logger LOG = Logger.getLogger(SettingsNotices.class);

    void onStart(@Observes StartupEvent event, Invocation invocation, CaravanConfig config) {
        if (!invocation.service()) {
            return;
        }
        settingsFile().ifPresent(f -> LOG.infof("Settings read from %s: %d (the environment wins over them; values are not logged)",
                f.file(), f.settings()));
        shadowedDotEnv().ifPresent(p -> LOG.warnf("%s names the settings file, and %s is in the working directory too: Quarkus"
                + " reads it beneath the named file, for every name that file does not set. Remove it, or name it.",
                DotEnvSource.FILE_VARIABLE, p));
        CaravanConfig.Mysql mysql = config.warehouse().mysql();
        if (mysql.host().isPresent() && !config.warehouse().url().matches("jdbc:(mariadb|mysql):.*")) {
            LOG.warnf("MYSQL_HOST is set (seed 002's MySQL settings), but the MySQL/MariaDB warehouse is not built yet:"
                    + " the warehouse is still the one CARAVAN_DB_URL names (%s)", config.warehouse().url().replaceAll(":.*", ""));
        }
    }

    /** The settings file this process read, if any. */
    public static Optional<DotEnvSource.FileSource> settingsFile() {
        for (ConfigSource s : ConfigProvider.getConfig().getConfigSources()) {
            if (s instanceof DotEnvSource.FileSource f) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** {@code ./.env} when the settings file is another one (Quarkus reads ./.env on its own, below it). */
    public static Optional<Path> shadowedDotEnv() {
        Path local = Path.of(System.getProperty("user.dir", "."), DotEnvSource.DEFAULT_FILE).toAbsolutePath().normalize();
        return settingsFile().filter(f -> !f.file().toAbsolutePath().normalize().equals(local))
                .filter(f -> Files.isRegularFile(local)).map(f -> local);
    }
}
