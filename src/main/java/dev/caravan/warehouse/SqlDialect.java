package dev.caravan.warehouse;

import java.util.List;
import java.util.Optional;

/** What differs between warehouse databases: the native upsert, how JSON is bound, where schedules are kept. */
public interface SqlDialect {

    /**
     * An upsert of one row by natural key that leaves an unchanged row (same row_hash) untouched.
     * Parameters: the columns in order, then extra (JSON text), row_hash, run id.
     *
     * @param sqlTypes SQL type of each column (used where the database needs parameter types)
     */
    String upsert(String table, List<String> columns, List<String> sqlTypes, List<String> key);

    /**
     * Holds a row whose parent has not arrived: one row per (source, object, key_text) in
     * caravan_held_row. Parameters: source, object, key_text, record JSON, reason, run id.
     */
    String holdRow();

    /**
     * Keeps one version of an API record in the raw layer unless that version (system, object,
     * record_id, source_updated_at) is already there. Parameters: system, object, record_id,
     * source_updated_at, run_id, payload JSON.
     */
    String keepRawRecord();

    /**
     * Stores one webhook event unless (system, event_id) is already stored. Parameters: system,
     * event_id, object_type, object_id, payload.
     */
    String insertWebhookEvent();

    /**
     * Stores a group of webhook events in one statement, skipping those already stored, and returns
     * (system, event_id) of the rows it inserted; null where the database cannot (then a lookup and
     * {@link #insertWebhookEvent} are used). Parameters: arrays of system, event_id, object_type,
     * object_id, payload.
     */
    default String insertWebhookEventsReturning() {
        return null;
    }

    /**
     * Locks up to N due webhook events in arrival order, skipping those another transaction holds
     * (replicas share the backlog). Parameters: now (pending and due), now (an expired claim), N.
     * Returns the ids.
     */
    default String claimWebhookEvents() {
        return "SELECT id FROM caravan_webhook_event WHERE (status = 'pending' AND next_attempt_at <= ?)"
                + " OR (status = 'processing' AND claim_until < ?) ORDER BY id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED";
    }

    /** How many times the run id parameter appears at the end of {@link #upsert}. */
    default int runIdParameters() {
        return 1;
    }

    /** A condition true when the column's value matches the regular expression bound as the one parameter. */
    default String matchesPattern(String column) {
        return "REGEXP_LIKE(" + column + ", ?)";
    }

    /**
     * The rows of caravan_match_key whose (rule_no, match_value) two rows or more share, ordered by
     * rule_no and match_value, streamed by the caller. Parameters: system, object, system, object.
     * This form (a join on a GROUP BY) streams on H2, whose window functions hold their whole input.
     */
    default String sharedMatchKeys() {
        return "SELECT mk.rule_no, mk.match_value, mk.record_key FROM caravan_match_key mk JOIN (SELECT rule_no,"
                + " match_value FROM caravan_match_key WHERE system = ? AND object = ? GROUP BY rule_no, match_value"
                + " HAVING COUNT(*) > 1) g ON g.rule_no = mk.rule_no AND g.match_value = mk.match_value"
                + " WHERE mk.system = ? AND mk.object = ? ORDER BY mk.rule_no, mk.match_value";
    }

    /**
     * The Quartz JDBC delegate class that keeps the service's schedules in this warehouse, shared by
     * every replica (Quartz's clustered JobStoreTX; its QRTZ_ tables come from this vendor's own
     * migrations, db/migration/VENDOR). Empty: this warehouse keeps no schedules, and each process
     * runs a local in-memory scheduler (schedule/QuartzScheduling). A new vendor adds its delegate
     * here and Quartz's DDL for it to its migration folder.
     */
    default Optional<String> quartzDelegate() {
        return Optional.empty();
    }
}
