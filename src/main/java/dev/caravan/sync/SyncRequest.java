package dev.caravan.sync;

import java.time.Instant;
import java.util.Map;

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
 * @param testMode API sources: a trial run (null: none): objects whose definition declares
 *        {@code http.test_mode_limit} read at most that many records (or the override given for them)
 */
public record SyncRequest(String source, String only, boolean full, boolean dryRun, Instant since, long limit,
        String trigger, String via, TestMode testMode) {

    public SyncRequest(String source, String only, boolean full, boolean dryRun, Instant since, long limit, String trigger) {
        this(source, only, full, dryRun, since, limit, trigger, null, null);
    }

    public SyncRequest(String source, String only, boolean full, boolean dryRun, Instant since, long limit, String trigger,
            String via) {
        this(source, only, full, dryRun, since, limit, trigger, via, null);
    }

    public static SyncRequest of(String source, String only, boolean full, boolean dryRun, String trigger) {
        return new SyncRequest(source, only, full, dryRun, null, 0, trigger);
    }

    /**
     * A test-mode run ({@code --test-mode}): the caps of the objects that declare one.
     *
     * @param limits object name → the cap to use instead of its declared {@code test_mode_limit}
     *        ({@code --test-mode-limit-sessions 500}: sessions → 500)
     */
    public record TestMode(Map<String, Long> limits) {
        public TestMode {
            limits = Map.copyOf(limits);
            limits.forEach((object, n) -> {
                if (n < 1) {
                    throw new IllegalArgumentException("--test-mode-limit-" + object + " must be a positive number of records, got " + n);
                }
            });
        }

        /** The most records of an object in test mode, 0 when the object declares no cap (read as usual). */
        public long limit(String object, int declared) {
            return declared <= 0 ? 0 : limits.getOrDefault(object, (long) declared);
        }
    }

    /** The most records to read of an object: {@code --limit} and the test-mode cap, whichever is lower (0: all). */
    public long limitFor(String object, int testModeLimit) {
        long t = testMode == null ? 0 : testMode.limit(object, testModeLimit);
        if (t == 0 || limit > 0 && limit < t) {
            return limit;
        }
        return t;
    }
}
