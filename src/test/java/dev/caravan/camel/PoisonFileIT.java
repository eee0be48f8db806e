package dev.caravan.camel;

import static dev.caravan.camel.InboxShutdownIT.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.CaravanProcess;
import dev.caravan.testing.H2Warehouse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A file whose import kills the service (here: SIGKILL while importing it, as an OOM kill would) is
 * quarantined at the next start after the second death instead of crash-looping the deployment, and
 * imported on purpose later with --force.
 */
class PoisonFileIT {

    static final int ROWS = 60_000;

    final Path work = Path.of("target/it-poison-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
    final Path inbox = work.resolve("inbox");
    final Path leads = inbox.resolve("leadconduit/leads");
    final H2Warehouse warehouse = new H2Warehouse(work.resolve("data/caravan"));
    int starts;

    Map<String, String> env() {
        return Map.of("CARAVAN_DB_URL", warehouse.url(), "CARAVAN_INBOX_DIR", inbox.toString(), "CARAVAN_INBOX_SETTLE",
                "300ms", "BATCH_SIZE", "200", "CARAVAN_INBOX_POLL_MS", "300", "CARAVAN_HEARTBEAT", "1s");
    }

    CaravanProcess serve() throws IOException {
        return CaravanProcess.start(work.resolve("serve-" + starts++ + ".log"), env(), "serve");
    }

    /**
     * Kills the service once its own run of the file (newer than {@code afterRun}) has committed some
     * batches, as a crash mid-file would; returns that run's id.
     */
    long killMidFile(CaravanProcess service, long afterRun) throws Exception {
        String mine = "FROM caravan_run WHERE status = 'running' AND id > " + afterRun;
        await(() -> warehouse.countOrZero("SELECT COALESCE(MAX(rows_read), 0) " + mine) > 1_000 || !service.isAlive(),
                120, "the import to commit some batches");
        assertTrue(service.isAlive(), "the service is importing");
        long run = warehouse.count("SELECT MAX(id) " + mine);
        service.kill();
        return run;
    }

    @Test
    void aFileThatKilledTheServiceTwiceIsQuarantinedAndTheServiceStaysUp() throws Exception {
        Files.createDirectories(leads);
        Path tmp = leads.resolve("poison.csv.part");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("Lead ID,Email Address,Submission Timestamp\n");
            InboxShutdownIT.writeRows(w, 0, ROWS);
        }
        Path file = Files.move(tmp, leads.resolve("poison.csv"));

        long killed;
        try (CaravanProcess first = serve()) {
            killed = killMidFile(first, 0);
        }
        try (CaravanProcess second = serve()) {
            killMidFile(second, killed);
        }
        try (CaravanProcess third = serve()) {
            await(() -> !Files.exists(file), 120, "the third start to quarantine the file");
            Thread.sleep(1_000);
            assertTrue(third.isAlive(), "the service stays up");
            third.terminate(60);
        }
        Path failed = inbox.resolve(".failed/leadconduit/leads");
        List<Path> entries;
        try (Stream<Path> s = Files.list(failed)) {
            entries = s.toList();
        }
        Path reason = entries.stream().filter(p -> p.toString().endsWith(".reason.txt")).findFirst().orElseThrow();
        String text = Files.readString(reason);
        assertTrue(text.contains("quarantined") && text.contains("2 imports"), text);
        assertEquals(2, warehouse.count("SELECT COUNT(*) FROM caravan_run WHERE status = 'failed' AND error LIKE 'abandoned: its process%'"),
                "both killed runs closed as abandoned");
        assertEquals(0, warehouse.count("SELECT COUNT(*) FROM caravan_run WHERE status = 'running'"), "no run left running");
        long landed = warehouse.count("SELECT COUNT(*) FROM leadconduit_leads");
        assertTrue(landed > 0 && landed < ROWS, "what the killed runs committed stays: " + landed);

        // The operator fixes the cause and imports it on purpose.
        Path quarantined = entries.stream().filter(p -> p.toString().endsWith("poison.csv")).findFirst().orElseThrow();
        try (CaravanProcess cli = CaravanProcess.start(work.resolve("import.log"), env(), "import", "leadconduit", "leads",
                quarantined.toString(), "--force", "--json")) {
            assertTrue(cli.waitFor(180), "the forced import ends");
            assertEquals(0, cli.exitValue(), cli.log());
        }
        assertEquals(ROWS, warehouse.count("SELECT COUNT(*) FROM leadconduit_leads"), "then every row lands");
        assertEquals(ROWS, warehouse.count("SELECT SUM(rows_inserted) FROM caravan_run"), "none twice");
    }
}
