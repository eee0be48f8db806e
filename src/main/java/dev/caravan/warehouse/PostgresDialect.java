package dev.caravan.warehouse;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** PostgreSQL: INSERT … ON CONFLICT DO UPDATE … WHERE the row hash changed. */
final class PostgresDialect implements SqlDialect {

    @Override
    public String upsert(String table, List<String> columns, List<String> sqlTypes, List<String> key) {
        String cols = String.join(", ", columns);
        String params = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        String updates = columns.stream().filter(c -> !key.contains(c))
                .map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + cols + ", extra, row_hash, first_run_id, last_run_id)"
                + " VALUES (" + params + ", CAST(? AS jsonb), ?, ?, ?)"
                + " ON CONFLICT (" + String.join(", ", key) + ") DO UPDATE SET "
                + (updates.isEmpty() ? "" : updates + ", ")
                + "extra = EXCLUDED.extra, row_hash = EXCLUDED.row_hash, last_run_id = EXCLUDED.last_run_id,"
                + " updated_at = CURRENT_TIMESTAMP, deleted_at = NULL"
                + " WHERE " + table + ".row_hash IS DISTINCT FROM EXCLUDED.row_hash OR " + table + ".deleted_at IS NOT NULL";
    }

    @Override
    public String holdRow() {
        return "INSERT INTO caravan_held_row (source, object, key_text, record, reason, first_run_id, last_run_id)"
                + " VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?, ?) ON CONFLICT (source, object, key_text) DO UPDATE SET"
                + " record = EXCLUDED.record, reason = EXCLUDED.reason, last_run_id = EXCLUDED.last_run_id";
    }

    @Override
    public int runIdParameters() {
        return 2;
    }

    @Override
    public String keepRawRecord() {
        return "INSERT INTO caravan_raw_record (system, object, record_id, source_updated_at, run_id, payload)"
                + " VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb)) ON CONFLICT (system, object, record_id, source_updated_at) DO NOTHING";
    }

    @Override
    public String insertWebhookEvent() {
        return "INSERT INTO caravan_webhook_event (system, event_id, object_type, object_id, payload) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (system, event_id) DO NOTHING";
    }

    @Override
    public String insertWebhookEventsReturning() {
        return "INSERT INTO caravan_webhook_event (system, event_id, object_type, object_id, payload)"
                + " SELECT * FROM unnest(CAST(? AS varchar[]), CAST(? AS varchar[]), CAST(? AS varchar[]), CAST(? AS varchar[]),"
                + " CAST(? AS text[])) ON CONFLICT (system, event_id) DO NOTHING RETURNING system, event_id";
    }

    @Override
    public String matchesPattern(String column) {
        return column + " ~ ?";
    }

    /**
     * A window count (one scan, one sort that may spill to disk): the join on a GROUP BY took seconds
     * per pass through a cursor over a single 10,000-row group.
     */
    @Override
    public String sharedMatchKeys() {
        return "SELECT rule_no, match_value, record_key FROM (SELECT system, object, rule_no, match_value, record_key,"
                + " COUNT(*) OVER (PARTITION BY rule_no, match_value) AS n FROM caravan_match_key WHERE system = ?"
                + " AND object = ?) g WHERE n > 1 AND g.system = ? AND g.object = ? ORDER BY rule_no, match_value";
    }

    /** Quartz's clustered JDBC store on PostgreSQL (tables from db/migration/postgresql/V20__quartz_cluster.sql). */
    @Override
    public Optional<String> quartzDelegate() {
        return Optional.of("org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    }
}
