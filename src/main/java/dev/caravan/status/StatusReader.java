package dev.caravan.status;

import dev.caravan.config.CaravanConfig;
import dev.caravan.config.SettingsNotices;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.sync.SyncService;
import dev.caravan.warehouse.SqlFailures;
import dev.caravan.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.nio.file.Path;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.quartz.CronExpression;

/**
 * Reads {@link StatusReport}: from configuration (sources configured or not, schedules, the settings
 * file) and from the warehouse (watermarks, last successes, held rows, backlog). Only reads; a
 * warehouse that cannot be reached is reported, not thrown.
 */
@ApplicationScoped
public class StatusReader {

    private final SyncService syncs;
    private final Warehouse warehouse;
    private final CaravanConfig config;

    @Inject
    public StatusReader(SyncService syncs, Warehouse warehouse, CaravanConfig config) {
        this.syncs = syncs;
        this.warehouse = warehouse;
        this.config = config;
    }

    public StatusReport read() {
        String url = config.warehouse().url();
        String vendor = vendorOf(url);
        List<StatusReport.Source> sources = new ArrayList<>();
        Backlog backlog = null;
        String error = null;
        Connection c = null;
        try {
            c = SqlFailures.connect(warehouse.dataSource());
        } catch (SQLException | RuntimeException e) {
            error = reason(e);
        }
        try {
            for (String source : syncs.sources()) {
                List<ObjectState> objects = new ArrayList<>();
                if (c != null) {
                    for (ObjectDefinition d : syncs.objects(source, null)) {
                        objects.add(ObjectState.read(c, d.system(), d.object(), syncs.from(d)));
                    }
                }
                sources.add(new StatusReport.Source(source, syncs.isApi(source) ? "api" : "database", syncs.configured(source),
                        schedules(source), objects));
            }
            if (c != null) {
                backlog = Backlog.read(c);
            }
        } catch (SQLException e) {
            error = "cannot read the warehouse: " + e.getMessage();
            backlog = null;
        } finally {
            close(c);
        }
        return new StatusReport(new StatusReport.WarehouseState(vendor, Warehouse.safeUrl(url), error == null, error,
                config.warehouse().mysql().jdbcUrl().orElse(null)),
                settingsFile(), sources, backlog);
    }

    private List<StatusReport.Schedule> schedules(String source) {
        List<StatusReport.Schedule> out = new ArrayList<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(config.schedule()).entrySet()) {
            String cron = e.getValue() == null ? "" : e.getValue().strip();
            if (cron.isEmpty() || !e.getKey().startsWith(source + "-")) {
                continue;
            }
            out.add(new StatusReport.Schedule(e.getKey().substring(source.length() + 1), cron, next(cron)));
        }
        return out;
    }

    static OffsetDateTime next(String cron) {
        try {
            Date next = new CronExpression(cron).getNextValidTimeAfter(new Date());
            return next == null ? null : next.toInstant().atOffset(ZoneOffset.UTC);
        } catch (ParseException e) {
            return null;
        }
    }

    private static String vendorOf(String url) {
        int end = url.indexOf(':', 5);
        return url.startsWith("jdbc:") && end > 5 ? url.substring(5, end).toLowerCase(Locale.ROOT) : "unknown";
    }

    /** The settings file this process read at start (Caravan's own reading of .env or CARAVAN_ENV_FILE). */
    static StatusReport.SettingsFile settingsFile() {
        return SettingsNotices.settingsFile().map(f -> new StatusReport.SettingsFile(f.file().toString(), f.settings(),
                SettingsNotices.shadowedDotEnv().map(Path::toString).orElse(null))).orElse(null);
    }

    /** Caravan's own message along the causes (the bean that opens the warehouse may be wrapped), else the failure's. */
    static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().startsWith("dev.caravan.") && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // nothing more to read
            }
        }
    }
}
