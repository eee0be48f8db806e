package dev.caravan.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.CaravanProcess;
import dev.caravan.testing.TestPostgres;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Three service processes, each as if on a host of its own (HOSTNAME), share one PostgreSQL
 * warehouse and one inbox of 300 files; one of them is SIGKILLed mid-file and replaced (a new pod,
 * a new host name, so only heartbeats can tell it died), twice.
 * Every file's rows land exactly once, every file ends in .done, and no run stays running: the dead
 * replica's runs are found by their stale heartbeat and their files imported again by the others.
 */
class ReplicaInboxIT {

    static final int FILES = 300;
    static final int ROWS = 300;

    final TestPostgres pg = TestPostgres.get();
    final String db = "caravan_replicas_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    final Path work = Path.of("target/it-replicas-" + db).toAbsolutePath();
    final Path inbox = work.resolve("inbox");
    final Path leads = inbox.resolve("leadconduit/leads");
    final CaravanProcess[] replicas = new CaravanProcess[3];
    final String[] hosts = new String[3];
    int restarts;

    /** Each start of a replica is a new pod: a new host name, as Kubernetes gives a replacement pod. */
    String host(int replica) {
        return "replica-" + replica + "-r" + restarts;
    }

    Map<String, String> env(String host) {
        Map<String, String> env = new HashMap<>();
        env.put("HOSTNAME", host);
        env.put("CARAVAN_DB_URL", pg.url().replace(pg.database(), db));
        env.put("CARAVAN_DB_USER", pg.user());
        env.put("CARAVAN_DB_PASSWORD", pg.password());
        env.put("CARAVAN_INBOX_DIR", inbox.toString());
        env.put("CARAVAN_INBOX_SETTLE", "300ms");
        env.put("CARAVAN_INBOX_POLL_MS", "300");
        env.put("CARAVAN_HEARTBEAT", "1s");
        env.put("CARAVAN_STALE_CLAIM", "6s");
        env.put("CARAVAN_SWEEP_INTERVAL", "2s");
        env.put("BATCH_SIZE", "20");
        return env;
    }

    void start(int replica) throws IOException {
        hosts[replica] = host(replica);
        restarts++;
        replicas[replica] = CaravanProcess.start(work.resolve(hosts[replica] + ".log"), env(hosts[replica]), "serve");
    }

    /** Waits until the replica's drop-folder route runs, so the next wave is shared by all three. */
    void awaitStarted(int replica) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!replicas[replica].log().contains("Started route inbox-ingest")) {
            assertTrue(replicas[replica].isAlive() && System.currentTimeMillis() < deadline, "replica " + replica + " did not start");
            Thread.sleep(100);
        }
    }

    void dropWave(int from, int to) throws IOException {
        Files.createDirectories(leads);
        for (int f = from; f < to; f++) {
            Path tmp = leads.resolve("wave-" + f + ".csv.part");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("Lead ID,Email Address,Submission Timestamp\n");
                for (int r = 0; r < ROWS; r++) {
                    w.write("F" + f + "-" + r + ",f" + f + "." + r + "@example.com,2025-07-01 10:00:00\n");
                }
            }
            Files.move(tmp, leads.resolve("wave-" + f + ".csv"));
        }
    }

    long count(String sql) {
        try (Connection c = pg.connect(pg.url().replace(pg.database(), db)); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return -1; // not migrated yet
        }
    }

    /** Waits until replica 0 is mid-file (some batches committed) on a content no earlier crash touched, then SIGKILLs it. */
    void killReplicaZeroMidFile() throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (count("SELECT COUNT(*) FROM caravan_run r JOIN caravan_file_ledger l ON l.run_id = r.id"
                + " WHERE r.status = 'running' AND r.host LIKE '" + hosts[0] + ":%' AND r.rows_read > 0 AND l.crashes = 0") < 1) {
            assertTrue(System.currentTimeMillis() < deadline, "replica 0 never got to import a file");
            Thread.sleep(20);
        }
        replicas[0].kill();
    }

    @Test
    void threeReplicasOneKilledTwiceEveryRowExactlyOnceEveryFileDoneNoRunLeftRunning() throws Exception {
        pg.admin("CREATE DATABASE " + db);
        try {
            for (int i = 0; i < 3; i++) {
                start(i);
            }
            for (int i = 0; i < 3; i++) {
                awaitStarted(i);
            }
            dropWave(0, 100);
            killReplicaZeroMidFile();
            start(0);
            awaitStarted(0);
            dropWave(100, 200);
            killReplicaZeroMidFile();
            start(0);
            dropWave(200, FILES);

            long deadline = System.currentTimeMillis() + 300_000;
            while (doneFiles().size() < FILES || count("SELECT COUNT(*) FROM caravan_run WHERE status = 'running'") != 0) {
                assertTrue(System.currentTimeMillis() < deadline, "not finished: " + doneFiles().size() + " files done, "
                        + count("SELECT COUNT(*) FROM caravan_run WHERE status = 'running'") + " runs running");
                Thread.sleep(500);
            }
            long total = (long) FILES * ROWS;
            assertEquals(total, count("SELECT COUNT(*) FROM leadconduit_leads"), "nothing lost");
            assertEquals(total, count("SELECT COUNT(DISTINCT lead_id) FROM leadconduit_leads"));
            assertEquals(total, count("SELECT SUM(rows_inserted) FROM caravan_run"), "no row inserted twice");
            assertEquals(FILES, doneFiles().size(), "every file in .done, once");
            assertEquals(0, failedEntries(), "nothing in .failed");
            try (Stream<Path> left = Files.list(leads)) {
                assertEquals(0, left.count(), "nothing left in the inbox");
            }
            assertTrue(count("SELECT COUNT(*) FROM caravan_run WHERE status = 'failed' AND error LIKE"
                    + " 'abandoned: its owner replica-0-r%:% stopped beating%'") >= 2, "the killed replica's runs were abandoned");
            assertEquals(count("SELECT COUNT(*) FROM caravan_run WHERE status = 'failed'"),
                    count("SELECT COUNT(*) FROM caravan_run WHERE status = 'failed' AND error LIKE 'abandoned:%'"),
                    "no other failure");
        } finally {
            for (CaravanProcess p : replicas) {
                if (p != null) {
                    p.terminate(30);
                }
            }
        }
    }

    Set<String> doneFiles() throws IOException {
        Path done = inbox.resolve(".done/leadconduit/leads");
        Set<String> names = new HashSet<>();
        if (Files.isDirectory(done)) {
            try (Stream<Path> s = Files.list(done)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv"))
                        .forEach(n -> assertTrue(names.add(n.substring(n.indexOf("wave-"))), "moved to .done twice: " + n));
            }
        }
        return names;
    }

    long failedEntries() throws IOException {
        Path failed = inbox.resolve(".failed");
        if (!Files.isDirectory(failed)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(failed)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
