package dev.caravan.schedule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.CaravanProcess;
import dev.caravan.testing.TestPostgres;
import dev.caravan.testing.apis.FakeLeadConduit;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Packaged service processes on one PostgreSQL warehouse of their own, each as if on a host of its
 * own, syncing a LeadConduit fake (empty: every sync is quick) on frequent schedules; and what they
 * logged: each fire a replica ran, with its scheduled time.
 */
final class ScheduleReplicas implements AutoCloseable {

    static final String KEY = "lc-schedule-it-key";
    static final Duration CHECKIN = Duration.ofSeconds(1);
    /** Quartz's fixed margin before a silent instance counts as failed (JobStoreSupport.calcFailedIfAfter). */
    static final Duration QUARTZ_GRACE = Duration.ofMillis(7_500);
    static final Pattern FIRE = Pattern.compile("Scheduled (incremental|full) sync of leadconduit: fire of (\\S+) runs on this replica");
    /** A fire this replica ran while its other schedule of the same source was still syncing (the in-process lock). */
    static final Pattern BUSY = Pattern.compile("Scheduled (incremental|full) sync of leadconduit skipped: a sync of leadconduit is already running");
    static final List<String> OBJECTS = List.of("events", "leads");

    /** One fire as a replica logged it. */
    record Fire(String host, String mode, Instant at) {
    }

    final TestPostgres pg = TestPostgres.get();
    final String db = "caravan_sched_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    final Path work = Path.of("target/it-schedule-" + db).toAbsolutePath();
    final FakeLeadConduit leadconduit = new FakeLeadConduit(KEY);
    final Map<String, CaravanProcess> processes = new LinkedHashMap<>();

    ScheduleReplicas() {
        pg.admin("CREATE DATABASE " + db);
    }

    /** Starts {@code serve} as HOST with these schedules (CARAVAN_SCHEDULE_LEADCONDUIT_* values; null: none). */
    CaravanProcess start(String host, String incremental, String full) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("HOSTNAME", host);
        env.put("CARAVAN_DB_URL", pg.url().replace(pg.database(), db));
        env.put("CARAVAN_DB_USER", pg.user());
        env.put("CARAVAN_DB_PASSWORD", pg.password());
        env.put("CARAVAN_INBOX_DIR", work.resolve("inbox").toString());
        env.put("CARAVAN_UPLOAD_DIR", work.resolve("uploads-" + host).toString());
        env.put("CARAVAN_SCHEDULER_CHECKIN_INTERVAL", CHECKIN.toMillis() + "ms");
        env.put("CARAVAN_SCHEDULER_MISFIRE_THRESHOLD", "2s");
        env.put("CARAVAN_HEARTBEAT", "1s");
        env.put("CARAVAN_QUALITY_AFTER_RUN", "false"); // every sync reads nothing: its checks would only fail and alert
        env.put("CARAVAN_DEDUP_AFTER_RUN", "false");
        env.put("ACTIVEPROSPECT_API_KEY", KEY);
        env.put("ACTIVEPROSPECT_BASE_URL", leadconduit.baseUrl());
        if (incremental != null) {
            env.put("CARAVAN_SCHEDULE_LEADCONDUIT_INCREMENTAL", incremental);
        }
        if (full != null) {
            env.put("CARAVAN_SCHEDULE_LEADCONDUIT_FULL", full);
        }
        CaravanProcess p = CaravanProcess.start(work.resolve(host + ".log"), env, "serve");
        processes.put(host, p);
        return p;
    }

    /** Waits until the process's scheduler runs (it starts after the service routes). */
    void awaitScheduling(String host) throws InterruptedException {
        CaravanProcess p = processes.get(host);
        long deadline = System.currentTimeMillis() + 120_000;
        while (!p.log().contains("Schedules: shared with every replica")) {
            assertTrue(p.isAlive() && System.currentTimeMillis() < deadline, host + " did not start scheduling:\n" + tail(p));
            Thread.sleep(100);
        }
    }

    /** Every fire logged by every process started so far, in fire-time order. */
    List<Fire> fires() {
        List<Fire> out = new ArrayList<>();
        processes.forEach((host, p) -> {
            Matcher m = FIRE.matcher(p.log());
            while (m.find()) {
                out.add(new Fire(host, m.group(1), Instant.parse(m.group(2))));
            }
        });
        out.sort(java.util.Comparator.comparing(Fire::at));
        return out;
    }

    List<Fire> fires(String mode) {
        return fires().stream().filter(f -> f.mode().equals(mode)).toList();
    }

    /** Waits until {@code n} fires of {@code mode} were logged after {@code after}; returns them. */
    List<Fire> awaitFires(String mode, Instant after, int n, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            List<Fire> later = fires(mode).stream().filter(f -> f.at().isAfter(after)).toList();
            if (later.size() >= n) {
                return later;
            }
            assertTrue(System.currentTimeMillis() < deadline, n + " " + mode + " fires after " + after + " expected, got " + later);
            Thread.sleep(100);
        }
    }

    /** Fires whose sync started: the fires logged, less those the in-process lock turned away. */
    int syncedFires() {
        int busy = 0;
        for (CaravanProcess p : processes.values()) {
            Matcher m = BUSY.matcher(p.log());
            while (m.find()) {
                busy++;
            }
        }
        return fires().size() - busy;
    }

    /**
     * Waits until the scheduled runs are exactly one per object per synced fire and none runs: a
     * quiet moment between fires. Fails at once on a run more than the fires (a fire run twice).
     */
    void awaitQuiet() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            long[] runs = new long[OBJECTS.size()];
            for (int i = 0; i < runs.length; i++) {
                runs[i] = count("SELECT COUNT(*) FROM caravan_run WHERE triggered_by = 'schedule' AND object = '" + OBJECTS.get(i) + "'");
            }
            long running = count("SELECT COUNT(*) FROM caravan_run WHERE status = 'running'");
            int synced = syncedFires(); // read after the runs: a fire logged meanwhile only raises it
            boolean quiet = running == 0;
            for (int i = 0; i < runs.length; i++) {
                assertTrue(runs[i] <= synced, runs[i] + " scheduled runs of " + OBJECTS.get(i) + " for " + synced + " fires: " + fires());
                quiet &= runs[i] == synced;
            }
            if (quiet) {
                return;
            }
            assertTrue(System.currentTimeMillis() < deadline, "scheduled runs " + java.util.Arrays.toString(runs) + " never matched "
                    + synced + " fires (" + running + " running): " + fires());
            Thread.sleep(20);
        }
    }

    long count(String sql) {
        try (Connection c = pg.connect(pg.url().replace(pg.database(), db)); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    String text(String sql) {
        try (Connection c = pg.connect(pg.url().replace(pg.database(), db)); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    String allLogs() {
        StringBuilder b = new StringBuilder();
        processes.values().forEach(p -> b.append(p.log()));
        return b.toString();
    }

    static String tail(CaravanProcess p) {
        String log = p.log();
        return log.substring(Math.max(0, log.length() - 3000));
    }

    @Override
    public void close() throws InterruptedException {
        for (CaravanProcess p : processes.values()) {
            if (p.isAlive()) {
                p.terminate(30);
            }
        }
        leadconduit.close();
    }
}
