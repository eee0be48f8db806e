package dev.caravan.status;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code ./caravan status} as data: the warehouse, the settings file, every sync source and the
 * backlog (null, with {@code warehouse.error} saying why, when the warehouse cannot be read).
 */
public record StatusReport(WarehouseState warehouse, SettingsFile settingsFile, List<Source> sources, Backlog backlog) {

    /**
     * {@code url} has any password masked; {@code mysqlUrl} is what seed 002's MYSQL_* settings name
     * (read for the MySQL/MariaDB warehouse, which is not built yet), null when they are not set.
     */
    public record WarehouseState(String vendor, String url, boolean reachable, String error, String mysqlUrl) {
    }

    /**
     * The .env file read at start (names and values are never shown), or null when there is none;
     * {@code alsoRead} is a ./.env that Quarkus reads beneath it when CARAVAN_ENV_FILE names another file.
     */
    public record SettingsFile(String path, int settings, String alsoRead) {
    }

    /**
     * A sync source; {@code objects} is empty when the warehouse cannot be read. {@code schedules} are
     * the service's Quartz crons with their next fire (in the service only, whether it runs or not).
     */
    public record Source(String source, String kind, boolean configured, List<Schedule> schedules, List<ObjectState> objects) {

        public long held() {
            return objects.stream().mapToLong(ObjectState::held).sum();
        }

        /** The latest success over its objects, or null. */
        public OffsetDateTime lastSuccessAt() {
            return objects.stream().map(ObjectState::lastSuccessAt).filter(java.util.Objects::nonNull)
                    .max(OffsetDateTime::compareTo).orElse(null);
        }

        public long running() {
            return objects.stream().filter(o -> "running".equals(o.lastRunStatus())).count();
        }
    }

    public record Schedule(String mode, String cron, OffsetDateTime next) {
    }
}
