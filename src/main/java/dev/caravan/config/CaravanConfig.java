package dev.caravan.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Caravan's own configuration; every key has an environment variable named in application.properties. */
@ConfigMapping(prefix = "caravan")
public interface CaravanConfig {

    Warehouse warehouse();

    /** Rows per upsert transaction (BATCH_SIZE). */
    @WithDefault("1000")
    int batchSize();

    Inbox inbox();

    Limits limits();

    Cleaning cleaning();

    Retry retry();

    /** The run lifecycle: heartbeats, the sweep of runs whose process died, graceful shutdown. */
    Runs runs();

    /** Source databases by name (genius, redshift), for database syncs. */
    java.util.Map<String, Source> sources();

    Sync sync();

    /** Quartz cron expressions of the sync schedules, by name (one route each from the sync-schedule template, camel/SyncScheduleRoutes). */
    java.util.Map<String, String> schedule();

    /** The Quartz scheduler the schedules run on (schedule/QuartzScheduling). */
    Scheduler scheduler();

    /** Extra object definitions read from this directory at start, on top of the built-in ones. */
    Optional<Path> definitionsDir();

    /** Where uploaded files are kept while (and after) they are imported. */
    @WithDefault("./data/uploads")
    Path uploadDir();

    Http http();

    Api api();

    Webhooks webhooks();

    Quality quality();

    Alerts alerts();

    /** Deduplication (dedup/). */
    Dedup dedup();

    /** Deduplication (dedup/): whether a pass follows every run that wrote to an object with a dedup: block. */
    interface Dedup {
        /** CARAVAN_DEDUP_AFTER_RUN: deduplicate an object after every run that wrote to it (off: only ./caravan dedup, REST). */
        @WithDefault("true")
        boolean afterRun();

        /** CARAVAN_DEDUP_WEBHOOK_INTERVAL: an object written by webhook runs is deduplicated after one of them at most this often. */
        @WithDefault("15m")
        Duration webhookInterval();
    }

    /** Data-quality checks (quality/): when they run and how long a check may take. */
    interface Scheduler {
        /**
         * Whether the service keeps its schedules in the warehouse, shared by every replica, where the
         * warehouse can (PostgreSQL): each fire runs on one replica. False, or on H2: a local
         * in-memory scheduler per process.
         */
        @WithDefault("true")
        boolean clustered();

        /** How often a replica checks in to the shared store; a replica silent for this plus 7.5 s is taken over. */
        @WithDefault("5s")
        Duration checkinInterval();

        /** A fire later than this is a misfire, run once now (keep it under the shortest schedule's period). */
        @WithDefault("10s")
        Duration misfireThreshold();
    }

    interface Quality {
        /** CARAVAN_QUALITY_AFTER_RUN: check an object after every run that wrote to it. */
        @WithDefault("true")
        boolean afterRun();

        /** CARAVAN_QUALITY_SCHEDULE: Quartz cron of the evaluation of every object's checks (service only; empty: off). */
        Optional<String> schedule();

        /** CARAVAN_QUALITY_WEBHOOK_INTERVAL: an object written by webhook runs is checked after one of them at most this often. */
        @WithDefault("15m")
        Duration webhookInterval();

        /** CARAVAN_QUALITY_TIMEOUT: the longest one check's query may run. */
        @WithDefault("5m")
        Duration timeout();
    }

    /** Alerts (alert/): where they go, how delivery is retried, what counts as a slow run. */
    interface Alerts {
        /** CARAVAN_ALERT_WEBHOOK_URL: a Slack incoming webhook or any URL taking a JSON POST. A secret: never logged. */
        Optional<String> webhookUrl();

        /** CARAVAN_ALERT_FORMAT: slack ({"text": …}) or json (text plus event, condition, kind, system, object, run_id, at). */
        @WithDefault("slack")
        String format();

        /** CARAVAN_ALERT_MAX_ATTEMPTS: deliveries of one message tried before it is given up. */
        @WithDefault("10")
        int maxAttempts();

        /** CARAVAN_ALERT_RETRY_DELAY: the first delay between attempts; it doubles up to an hour. */
        @WithDefault("30s")
        Duration retryDelay();

        /** CARAVAN_ALERT_TIMEOUT: connect and response timeout of one delivery. */
        @WithDefault("10s")
        Duration timeout();

        /** CARAVAN_ALERT_SLOW_FACTOR: a run this many times slower than the median of its recent runs is slow. */
        @WithDefault("3")
        double slowFactor();

        /** CARAVAN_ALERT_SLOW_MIN_DURATION: runs shorter than this are never slow. */
        @WithDefault("60s")
        Duration slowMinDuration();
    }

    /** Webhook receivers (webhook/): acknowledgement and processing of stored events. */
    interface Webhooks {
        /**
         * CARAVAN_WEBHOOK_PUBLIC_URL: the scheme and host senders call (https://caravan.example.com),
         * for signatures over the full URI (HubSpot v3) when Caravan runs behind a proxy or ingress.
         * Unset: the URI the request arrived with.
         */
        Optional<String> publicUrl();

        /** The longest a delivery waits for its events' commit before it is answered 503. */
        @WithDefault("10s")
        Duration ackTimeout();

        /** The most deliveries committed together in one transaction (group commit). */
        @WithDefault("256")
        int maxGroup();

        /** Threads committing groups of deliveries on PostgreSQL (each on its own connection while it commits). */
        @WithDefault("2")
        int committers();

        /** Deliveries waiting for their commit; more are answered 503 at once. */
        @WithDefault("4096")
        int queue();

        /** How often stored events are looked for when no delivery signalled new ones. */
        @WithDefault("2s")
        Duration poll();

        /** Events claimed at once by one processor. */
        @WithDefault("100")
        int claimBatch();

        /** A claim not finished in this time (its process died) is taken over by another processor. */
        @WithDefault("2m")
        Duration claimLease();

        /** Whether this process processes stored events (receiving does not depend on it). */
        @WithDefault("true")
        boolean process();
    }

    interface Http {
        /** CARAVAN_HTTP_HOST; unset: 0.0.0.0 when API tokens are configured, else 127.0.0.1 (read by HttpHostDefault). */
        Optional<String> host();
    }

    Upload upload();

    interface Api {
        /**
         * CARAVAN_API_TOKENS: comma-separated role:token pairs (roles viewer, operator; a token may be
         * given as sha256:HEX). None: local mode, HTTP on loopback only.
         */
        Optional<String> tokens();
    }

    interface Upload {
        /** Uploads accepted and waiting for an import worker; more are refused with 429. */
        @WithDefault("16")
        int queue();

        /** Imports of uploads run at the same time. */
        @WithDefault("1")
        int workers();

        /** Largest upload, after decompression (CARAVAN_MAX_UPLOAD, also the HTTP body limit). */
        @WithDefault("2G")
        io.quarkus.runtime.configuration.MemorySize maxSize();

        /** A failed upload is kept this long for a retry, then deleted. */
        @WithDefault("7d")
        Duration retention();

        /** At most this much kept (failed) uploads; the oldest are deleted first. */
        @WithDefault("1G")
        io.quarkus.runtime.configuration.MemorySize maxKept();

        /** How often kept uploads are swept. */
        @WithDefault("1h")
        Duration sweepEvery();
    }

    interface Warehouse {
        /** JDBC URL; the vendor (h2 or postgresql) is read from it at run time. */
        @WithDefault("jdbc:h2:file:./data/caravan;AUTO_SERVER=TRUE")
        String url();

        @WithDefault("sa")
        String username();

        Optional<String> password();

        @WithDefault("8")
        int poolSize();

        /** Run Flyway migrations at start. */
        @WithDefault("true")
        boolean migrate();

        /** Seed 002's MYSQL_* settings, read for the MySQL/MariaDB warehouse to come; they do not choose the warehouse. */
        Mysql mysql();
    }

    /**
     * MYSQL_HOST, MYSQL_PORT, MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD (the environment or .env, as
     * seed 002 sets them), kept for the MySQL/MariaDB warehouse dialect, which is not built yet:
     * today the warehouse is CARAVAN_DB_URL's, and a service start with these set says so.
     */
    interface Mysql {
        Optional<String> host();

        @WithDefault("3306")
        int port();

        Optional<String> database();

        Optional<String> user();

        Optional<String> password();

        /** {@code jdbc:mariadb://HOST:PORT/DATABASE} when host and database are set (MariaDB's driver speaks MySQL too). */
        default Optional<String> jdbcUrl() {
            if (host().isEmpty() || database().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of("jdbc:mariadb://" + host().get().strip() + ":" + port() + "/" + database().get().strip());
        }
    }

    interface Inbox {
        /** Root of the drop folders: ROOT/SYSTEM/OBJECT/file. */
        @WithDefault("./inbox")
        Path root();

        /** Files moved here after a completed run: DONE/SYSTEM/OBJECT/. */
        @WithDefault("./inbox/.done")
        Path done();

        /** Files moved here after a failed run, next to a .reason.txt: FAILED/SYSTEM/OBJECT/. */
        @WithDefault("./inbox/.failed")
        Path failed();

        /** How often the drop folders are polled (read by the inbox route). */
        @WithDefault("2000")
        long pollMs();

        /** A file is read only after its size and time stayed the same for this long (read lock). */
        @WithDefault("1000")
        long readLockCheckMs();

        /** File names picked up (regular expression). */
        @WithDefault(".*\\.(csv|json|jsonl|ndjson|txt|tsv)")
        String include();

        /**
         * A file is picked up only once its last modification is at least this old (writers that
         * pause mid-file; the read lock then also checks that size and time stay the same).
         */
        @WithDefault("10s")
        Duration settle();

        /**
         * none, or the suffix of a done-marker file (ready, done): FILE is picked up only once
         * FILE.ready (or FILE.done) exists, as SFTP tools write it after the file itself.
         */
        @WithDefault("none")
        String doneMarker();

        /** After a file could not be imported because the warehouse was unreachable, wait this long before the next try. */
        @WithDefault("30s")
        Duration retryAfter();
    }

    interface Runs {
        /** How often a process records that its running runs are alive (caravan_run.heartbeat_at). */
        @WithDefault("10s")
        Duration heartbeat();

        /** A running run whose heartbeat is older than this (by the warehouse's clock) is abandoned. */
        @WithDefault("60s")
        Duration staleAfter();

        /** How often the sweep closes runs whose owner stopped beating (also done at start). */
        @WithDefault("1m")
        Duration sweepInterval();

        /** Liveness reports DOWN when a run of this process committed nothing for this long. */
        @WithDefault("10m")
        Duration stuckAfter();

        /** On SIGTERM, how long running runs get to commit their batch in flight and close as interrupted. */
        @WithDefault("25s")
        Duration shutdownGrace();

        /** A content whose imports ended with the process dying this many times is quarantined to .failed. */
        @WithDefault("2")
        int maxCrashes();
    }

    /**
     * Caps that keep memory bounded whatever the input. Lengths are in characters as decoded (one
     * byte each for ASCII text). Past a per-row cap the row is rejected with the reason and a short
     * excerpt; past a cap the reader cannot skip (a CSV record, a JSON array value) the file fails
     * clearly, keeping the rows committed before it.
     */
    interface Limits {
        /** Longest value of one field (CARAVAN_MAX_FIELD_CHARS); a longer one rejects its row. */
        @WithDefault("1048576")
        int maxFieldChars();

        /**
         * Longest record (CARAVAN_MAX_RECORD_CHARS): a JSON line longer than this is rejected without
         * being held in memory; a CSV record or a JSON array element longer than this fails the file.
         */
        @WithDefault("4194304")
        int maxRecordChars();

        /** Most fields in one record or header (CARAVAN_MAX_COLUMNS). */
        @WithDefault("1000")
        int maxColumns();

        /** Largest accepted batch size (CARAVAN_MAX_BATCH_SIZE); keys × rows must also fit in 65,535 bound parameters. */
        @WithDefault("50000")
        int maxBatchSize();

        /** A batch is cut early once its records hold this many characters (CARAVAN_MAX_BATCH_CHARS). */
        @WithDefault("8388608")
        int maxBatchChars();

        /** Distinct header sets remembered per JSON file (CARAVAN_MAX_HEADER_SETS); others are mapped row by row. */
        @WithDefault("1000")
        int maxHeaderSets();
    }

    interface Cleaning {
        /** Region assumed for phone numbers written without a country code. */
        @WithDefault("US")
        String defaultRegion();

        /** Time zone of timestamps written without an offset. */
        @WithDefault("UTC")
        String sourceTimeZone();

        /** Charset used when a file is not valid UTF-8. */
        @WithDefault("windows-1252")
        String fallbackCharset();
    }

    interface Source {
        /** mariadb (also for MySQL servers) or postgresql (also for Redshift). */
        String kind();

        /** A full JDBC URL; when absent the URL is built from host, port and database. */
        Optional<String> url();

        Optional<String> host();

        int port();

        Optional<String> database();

        Optional<String> username();

        Optional<String> password();

        /** Schema of the source tables (Redshift). */
        Optional<String> schema();

        /** Zone of the source's timestamps without an offset; default: the object's definition, else UTC. */
        Optional<String> timeZone();

        @WithDefault("4")
        int poolSize();
    }

    interface Sync {
        /** Rows per keyset page read from a source table. */
        @WithDefault("5000")
        int pageSize();

        /** An incremental sync re-reads changes this far behind its watermark, to catch late commits. */
        @WithDefault("5m")
        Duration lookBack();
    }

    interface Retry {
        /**
         * How long a transient failure (warehouse or source unreachable, deadlock, serialization
         * failure, statement timeout, failover…) is retried before the run fails.
         */
        @WithDefault("5m")
        Duration budget();

        /** The first delay between tries; later ones grow by the multiplier, with jitter. */
        @WithDefault("500")
        long initialDelayMs();

        /** The longest delay between two tries. */
        @WithDefault("30s")
        Duration maxDelay();

        @WithDefault("2.0")
        double backOffMultiplier();

        /**
         * Deprecated (CARAVAN_RETRY_MAX): when set, also caps the number of retries within the
         * budget. Unset by default: the budget alone decides.
         */
        Optional<Integer> maxRedeliveries();
    }
}
