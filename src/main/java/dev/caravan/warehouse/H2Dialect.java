package dev.caravan.warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** H2: standard MERGE … USING … WHEN MATCHED AND the row hash changed … WHEN NOT MATCHED. */
final class H2Dialect implements SqlDialect {

    @Override
    public String upsert(String table, List<String> columns, List<String> sqlTypes, List<String> key) {
        List<String> casts = new ArrayList<>();
        for (String type : sqlTypes) {
            casts.add("CAST(? AS " + type + ")");
        }
        String sourceCols = String.join(", ", columns) + ", extra, row_hash, run_id";
        String on = key.stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
        String updates = columns.stream().filter(c -> !key.contains(c))
                .map(c -> c + " = s." + c).collect(Collectors.joining(", "));
        String insertCols = String.join(", ", columns);
        String insertVals = columns.stream().map(c -> "s." + c).collect(Collectors.joining(", "));
        return "MERGE INTO " + table + " t USING (VALUES (" + String.join(", ", casts)
                + ", CAST(? AS CHARACTER LARGE OBJECT), CAST(? AS VARCHAR), CAST(? AS BIGINT))) AS s(" + sourceCols + ")"
                + " ON " + on
                + " WHEN MATCHED AND (t.row_hash <> s.row_hash OR t.deleted_at IS NOT NULL) THEN UPDATE SET "
                + (updates.isEmpty() ? "" : updates + ", ")
                + "extra = s.extra, row_hash = s.row_hash, last_run_id = s.run_id, updated_at = CURRENT_TIMESTAMP,"
                + " deleted_at = NULL"
                + " WHEN NOT MATCHED THEN INSERT (" + insertCols + ", extra, row_hash, first_run_id, last_run_id)"
                + " VALUES (" + insertVals + ", s.extra, s.row_hash, s.run_id, s.run_id)";
    }

    @Override
    public String holdRow() {
        return "MERGE INTO caravan_held_row t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
                + " CAST(? AS CHARACTER LARGE OBJECT), CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS BIGINT)))"
                + " AS s(source, object, key_text, record, reason, first_run_id, last_run_id)"
                + " ON t.source = s.source AND t.object = s.object AND t.key_text = s.key_text"
                + " WHEN MATCHED THEN UPDATE SET record = s.record, reason = s.reason, last_run_id = s.last_run_id"
                + " WHEN NOT MATCHED THEN INSERT (source, object, key_text, record, reason, first_run_id, last_run_id)"
                + " VALUES (s.source, s.object, s.key_text, s.record, s.reason, s.first_run_id, s.last_run_id)";
    }

    @Override
    public String keepRawRecord() {
        return "MERGE INTO caravan_raw_record t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
                + " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS BIGINT), CAST(? AS CHARACTER LARGE OBJECT)))"
                + " AS s(system, object, record_id, source_updated_at, run_id, payload)"
                + " ON t.system = s.system AND t.object = s.object AND t.record_id = s.record_id"
                + " AND t.source_updated_at = s.source_updated_at"
                + " WHEN NOT MATCHED THEN INSERT (system, object, record_id, source_updated_at, run_id, payload)"
                + " VALUES (s.system, s.object, s.record_id, s.source_updated_at, s.run_id, s.payload)";
    }

    @Override
    public String insertWebhookEvent() {
        return "MERGE INTO caravan_webhook_event t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
                + " CAST(? AS VARCHAR), CAST(? AS CHARACTER LARGE OBJECT))) AS s(system, event_id, object_type, object_id, payload)"
                + " ON t.system = s.system AND t.event_id = s.event_id"
                + " WHEN NOT MATCHED THEN INSERT (system, event_id, object_type, object_id, payload)"
                + " VALUES (s.system, s.event_id, s.object_type, s.object_id, s.payload)";
    }
}
