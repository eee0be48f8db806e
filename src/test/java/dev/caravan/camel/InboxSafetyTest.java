package dev.caravan.camel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.Sql;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and half-written entries in a real drop folder, picked up by the running service:
 * symbolic links, FIFOs, temporary names, a header line full of secrets. Nothing is read that must
 * not be, nothing is echoed, nothing is lost.
 */
@QuarkusTest
class InboxSafetyTest {

    static final Path INBOX = InboxRouteTest.INBOX;
    static final Path LEADS = INBOX.resolve("leadconduit/leads");
    static final Path FAILED = INBOX.resolve(".failed/leadconduit/leads");
    static final String SECRET = "hunter2-s3cr3t";

    @Inject
    Warehouse warehouse;

    @BeforeEach
    void clean() throws IOException {
        Sql.reset(warehouse);
        for (Path p : List.of(INBOX.resolve(".done"), INBOX.resolve(".failed"), LEADS)) {
            if (Files.exists(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
        Files.createDirectories(LEADS);
    }

    /** Every reason or skip note under {@code dir}. */
    static String allText(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                        && f.getFileName().toString().endsWith(".txt")).toList()) {
                    sb.append(Files.readString(p)).append('\n');
                }
            }
        }
        return sb.toString();
    }

    String runLogText() {
        return Sql.rows(warehouse, "SELECT file_name, message, error FROM caravan_run").toString()
                + Sql.rows(warehouse, "SELECT reason FROM caravan_dead_letter").toString();
    }

    @Test
    void aSymbolicLinkIsRefusedWithAReasonAndItsTargetNeverRead() throws IOException {
        Path secretFile = Files.writeString(Files.createDirectories(Path.of("target/test-files")).resolve("environ-like.txt"),
                "CARAVAN_DB_PASSWORD=" + SECRET + "\u0000PATH=/bin\n");
        Path link = Files.createSymbolicLink(LEADS.resolve("env.csv"), secretFile.toAbsolutePath());
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(link, LinkOption.NOFOLLOW_LINKS));
        List<Path> moved = InboxRouteTest.found(FAILED, "env.csv");
        assertEquals(1, moved.size());
        assertTrue(Files.isSymbolicLink(moved.get(0)), "the link itself is moved, its target stays where it was");
        assertTrue(Files.exists(secretFile));
        String reason = Files.readString(InboxRouteTest.found(FAILED, "env.csv.reason.txt").get(0));
        assertTrue(reason.contains("symbolic link"), reason);
        assertFalse(reason.contains(SECRET));
        assertEquals(0, Sql.count(warehouse, "caravan_run"), "nothing was opened, nothing read");
    }

    @Test
    void aFifoIsRefusedWithoutBeingOpened() throws Exception {
        Path fifo = LEADS.resolve("pipe.csv");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        // opening a FIFO for reading would block the inbox route until a writer came: it must not happen
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(fifo, LinkOption.NOFOLLOW_LINKS));
        String reason = Files.readString(InboxRouteTest.found(FAILED, "pipe.csv.reason.txt").get(0));
        assertTrue(reason.contains("not a regular file"), reason);
        Path ok = InboxRouteTest.drop("leadconduit", "leads", "after-fifo.csv", InboxRouteTest.HEADER
                + "F1,f@example.com,2025-07-01\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(ok));
        assertEquals(1L, Sql.count(warehouse, "leadconduit_leads"), "the route goes on with the next file");
    }

    @Test
    void namesUsedWhileWritingAreNeverPickedUp() throws Exception {
        String content = InboxRouteTest.HEADER + "T1,t@example.com,2025-07-01\n";
        List<Path> writing = List.of(LEADS.resolve(".hidden.csv"), LEADS.resolve("x.csv.part"), LEADS.resolve("y.csv.tmp"),
                LEADS.resolve("z.csv.filepart"));
        for (Path p : writing) {
            Files.writeString(p, content);
        }
        Path real = InboxRouteTest.drop("leadconduit", "leads", "real.csv", content);
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(real));
        Thread.sleep(1500); // several more polls
        for (Path p : writing) {
            assertTrue(Files.exists(p), p + " is left alone");
        }
        assertEquals(1, Sql.rows(warehouse, "SELECT id FROM caravan_run").size());
    }

    @Test
    void aHeaderLineFullOfSecretsIsQuotedOnlyAsAShortEscapedExcerpt() throws IOException {
        StringBuilder environ = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            environ.append("VAR_").append(i).append("=value-").append(i).append(',');
        }
        environ.append("CARAVAN_DB_PASSWORD=").append(SECRET).append("\u001b[2J\n");
        Path file = InboxRouteTest.drop("leadconduit", "leads", "environ.csv", environ + "a,b\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(file));
        String reason = allText(INBOX.resolve(".failed"));
        assertTrue(reason.contains("no header for required column"), reason);
        assertFalse(reason.contains(SECRET), reason);
        assertFalse(reason.contains("\u001b"), "no terminal escape in the reason file");
        assertFalse(runLogText().contains(SECRET), "nor in the run log");
    }

    @Test
    void aFileWhoseContentALiveReplicaIsImportingStaysWhereItIsUntilThatRunEnds() throws IOException {
        String content = InboxRouteTest.HEADER + "L1,l@example.com,2025-07-01\n";
        String sum = RunLifecycleFixtures.sha256(content);
        long other = RunLifecycleFixtures.runningRun(warehouse, "other-pod:4242", 0);
        RunLifecycleFixtures.claim(warehouse, sum, other, 0);
        Path file = InboxRouteTest.drop("leadconduit", "leads", "busy.csv", content);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertTrue(Files.exists(file), "not moved while another live replica imports the same content");
        assertEquals(1, Sql.count(warehouse, "caravan_run"), "no run opened for it");
        Sql.exec(warehouse, "UPDATE caravan_run SET status = 'completed' WHERE id = " + other);
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(file));
        Map<String, Object> skip = Sql.rows(warehouse, "SELECT status, message FROM caravan_run WHERE file_name = 'busy.csv'").get(0);
        assertEquals("skipped", skip.get("status"));
        assertTrue(String.valueOf(skip.get("message")).contains("already imported by run " + other));
    }

    @Test
    void aDeadReplicasClaimFoundByItsStaleHeartbeatIsTakenOverAndTheFileImported() throws IOException {
        String content = InboxRouteTest.HEADER + "D1,d@example.com,2025-07-01\nD2,e@example.com,2025-07-02\n";
        long dead = RunLifecycleFixtures.runningRun(warehouse, "gone-pod:7", 600);
        RunLifecycleFixtures.claim(warehouse, RunLifecycleFixtures.sha256(content), dead, 0);
        Path file = InboxRouteTest.drop("leadconduit", "leads", "takeover.csv", content);
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(file));
        Map<String, Object> old = Sql.rows(warehouse, "SELECT status, error FROM caravan_run WHERE id = ?", dead).get(0);
        assertEquals("failed", old.get("status"));
        assertTrue(String.valueOf(old.get("error")).contains("stopped beating"), String.valueOf(old.get("error")));
        Map<String, Object> run = Sql.rows(warehouse, "SELECT status, rows_inserted FROM caravan_run WHERE file_name = 'takeover.csv'").get(0);
        assertEquals("completed", run.get("status"));
        assertEquals(2L, run.get("rows_inserted"));
        assertEquals(1L, Sql.rows(warehouse, "SELECT crashes FROM caravan_file_ledger").get(0).get("crashes"));
    }

    @Test
    void aFileWhoseImportsKilledTheProcessTwiceIsQuarantinedWithItsReason() throws IOException {
        String content = InboxRouteTest.HEADER + "Q1,q@example.com,2025-07-01\n";
        long dead = RunLifecycleFixtures.runningRun(warehouse, "crashed-pod:9", 600);
        RunLifecycleFixtures.claim(warehouse, RunLifecycleFixtures.sha256(content), dead, 1);
        Path file = InboxRouteTest.drop("leadconduit", "leads", "poison.csv", content);
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(file));
        String reason = Files.readString(InboxRouteTest.found(FAILED, "poison.csv.reason.txt").get(0));
        assertTrue(reason.contains("quarantined") && reason.contains("2 imports"), reason);
        assertEquals(0L, Sql.count(warehouse, "leadconduit_leads"));
    }
}
