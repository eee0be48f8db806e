package dev.caravan.sync;

import java.time.Instant;

/**
 * What a sync is asked to do, from the CLI, REST or a schedule.
 *
 * @param only one object or source table, or null for all of the source's objects
 * @param full read everything rather than the changes since the checkpoint
 * @param since API sources: read the changes since this time, whatever the checkpoint says (null: none)
 * @param limit API sources: read at most this many records per object, for trying a connection (0: all)
 * @param trigger cli, rest or schedule, for the run log
 * @param via for a source read both from its database and from its API (Genius): "database" or "api";
 *        null to use the database when it is configured, else the API
 */
public record SyncRequest(String source, String only, boolean full, boolean dryRun, Instant since, long limit,
        String trigger, String via) {

    public SyncRequest(String source, String only, boolean full, boolean dryRun, Instant since, long limit, String trigger) {
        this(source, only, full, dryRun, since, limit, trigger, null);
    }

    public static SyncRequest of(String source, String only, boolean full, boolean dryRun, String trigger) {
        return new SyncRequest(source, only, full, dryRun, null, 0, trigger);
    }
}
