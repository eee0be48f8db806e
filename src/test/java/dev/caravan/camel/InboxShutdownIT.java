package dev.caravan.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.CaravanProcess;
import dev.caravan.testing.H2Warehouse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged service as a real process on its embedded H2 warehouse, signalled as Kubernetes does
 * (SIGTERM) in the middle of a drop-folder import, and fed by a writer that pauses mid-file.
 */
class InboxShutdownIT {

    static final String HEADER = "Lead ID,Email Address,Submission Timestamp\n";

    final Path work = Path.of("target/it-shutdown-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
    final Path inbox = work.resolve("inbox");
    final Path leads = inbox.resolve("leadconduit/leads");
    final H2Warehouse warehouse = new H2Warehouse(work.resolve("data/caravan"));
    final String url = warehouse.url();

    Map<String, String> env(String settle) {
        return Map.of("CARAVAN_DB_URL", url, "CARAVAN_INBOX_DIR", inbox.toString(), "CARAVAN_INBOX_SETTLE", settle,
                "BATCH_SIZE", "500", "CARAVAN_INBOX_POLL_MS", "300", "CARAVAN_HEARTBEAT", "1s");
    }

    static void writeRows(Writer w, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            w.write("S" + i + ",s" + i + "@example.com,2025-07-01 10:00:00\n");
        }
    }

    void dropLeads(String name, int rows) throws IOException {
        Files.createDirectories(leads);
        Path tmp = leads.resolve(name + ".part");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            writeRows(w, 0, rows);
        }
        Files.move(tmp, leads.resolve(name));
    }

    long count(String sql) throws SQLException {
        return warehouse.count(sql);
    }

    long countOrZero(String sql) {
        return warehouse.countOrZero(sql);
    }

    static void await(java.util.function.BooleanSupplier condition, long seconds, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for: " + what);
            Thread.sleep(100);
        }
    }

    @Test
    void sigtermMidImportCommitsTheBatchInFlightMarksTheRunInterruptedAndTheNextStartCompletesIt() throws Exception {
        int rows = 80_000;
        dropLeads("big.csv", rows);
        try (CaravanProcess first = CaravanProcess.start(work.resolve("first.log"), env("1s"), "serve")) {
            await(() -> countOrZero("SELECT MAX(rows_read) FROM caravan_run WHERE status = 'running'") >= 5_000, 120,
                    "the import to commit some batches");
            int exit = first.terminate(60);
            assertTrue(exit >= 0, "exits within the grace period after SIGTERM");
            String log = first.log();
            assertTrue(log.contains("interrupted"), log);
        }
        assertEquals(1, count("SELECT COUNT(*) FROM caravan_run WHERE status = 'interrupted'"));
        long landed = count("SELECT COUNT(*) FROM leadconduit_leads");
        assertTrue(landed > 0 && landed < rows, "stopped mid-file: " + landed);
        assertEquals(landed, count("SELECT rows_read FROM caravan_run WHERE status = 'interrupted'"),
                "the run's counts are exactly what was committed");
        assertTrue(Files.exists(leads.resolve("big.csv")), "the file stays in the inbox");
        assertFalse(Files.exists(inbox.resolve(".failed")), "nothing went to .failed");

        try (CaravanProcess second = CaravanProcess.start(work.resolve("second.log"), env("1s"), "serve")) {
            await(() -> !Files.exists(leads.resolve("big.csv")), 180, "the next start to complete the file");
            assertTrue(second.terminate(60) >= 0);
        }
        assertEquals(rows, count("SELECT COUNT(*) FROM leadconduit_leads"), "nothing lost");
        assertEquals(rows, count("SELECT SUM(rows_inserted) FROM caravan_run"), "nothing inserted twice");
        assertEquals(landed, count("SELECT rows_unchanged FROM caravan_run WHERE status = 'completed'"));
        assertEquals(0, count("SELECT COUNT(*) FROM caravan_run WHERE status = 'running'"), "no run left running");
        try (var done = Files.list(inbox.resolve(".done/leadconduit/leads"))) {
            assertEquals(1, done.count());
        }
    }

    @Test
    void aWriterThatPausesMidFileForLessThanTheSettleTimeIsReadWhole() throws Exception {
        int firstPart = 10_001;
        int rows = 20_000;
        Files.createDirectories(leads);
        try (CaravanProcess service = CaravanProcess.start(work.resolve("pause.log"), env("10s"), "serve")) {
            await(() -> countOrZero("SELECT COUNT(*) FROM caravan_run") >= 0 && service.log().contains("inbox-ingest"),
                    60, "the service to start");
            Path file = leads.resolve("paused.csv");
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write(HEADER);
                writeRows(w, 0, firstPart);
                w.flush();
                Thread.sleep(6_000); // the writer pauses, as the slow exporter did
                writeRows(w, firstPart, rows);
            }
            await(() -> !Files.exists(file), 90, "the file to be imported");
            assertTrue(service.terminate(60) >= 0);
        }
        assertEquals(1, count("SELECT COUNT(*) FROM caravan_run"), "one run, not one per part");
        assertEquals(1, count("SELECT COUNT(*) FROM caravan_run WHERE status = 'completed' AND rows_read = " + rows));
        assertEquals(rows, count("SELECT COUNT(*) FROM leadconduit_leads"));
        assertFalse(Files.exists(inbox.resolve(".failed")), "no header-less remainder failed");
    }
}
