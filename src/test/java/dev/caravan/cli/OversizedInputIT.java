package dev.caravan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged application as a real process with a small heap (-Xmx128m) on hostile files: a
 * 50 MB single JSON line, CSV fields of 2 MB and 15 MB, a batch size of 2^31-1. Each run ends with
 * a clear outcome (never an OutOfMemoryError) and no run is left "running".
 */
class OversizedInputIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String HEADER = "Lead ID,First Name,Last Name,Email Address,Submission Timestamp,Notes\n";

    final Path dir = Path.of("target/it-oversized");
    final String db = dir.toAbsolutePath() + "/h2/caravan-" + UUID.randomUUID();

    @Test
    void hostileFilesEndInRejectsOrClearFailuresWithinASmallHeap() throws Exception {
        Files.createDirectories(dir);

        Path jsonl = dir.resolve("one-50mb-line.jsonl");
        try (Writer w = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
            w.write(lead("J1", "ok"));
            w.write("{\"lead_id\":\"J2\",\"submission_timestamp\":\"2025-07-01T00:00:00Z\",\"notes\":\"");
            repeat(w, 'x', 50 << 20);
            w.write("\"}\n");
            w.write(lead("J3", "ok"));
        }
        JsonNode lines = importJson(jsonl, 0);
        assertEquals("completed", lines.get("status").asText(), lines.toString());
        assertEquals(2, lines.get("inserted").asInt(), lines.toString());
        assertEquals(1, lines.get("rejected").asInt(), lines.toString());
        assertTrue(reason(lines.get("runId").asLong()).contains("CARAVAN_MAX_RECORD_CHARS"));

        Path csv = dir.resolve("big-fields.csv");
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write("C1,Pat,Lee,c1@example.com,2025-07-01,\"");
            repeat(w, 'y', 2 << 20); // over the 1 Mi field cap, under the 4 Mi record cap: one reject
            w.write("\"\nC2,Ann,Lee,c2@example.com,2025-07-01,fine\nC3,Bo,Lee,c3@example.com,2025-07-01,fine\n");
            w.write("C4,Cy,Lee,c4@example.com,2025-07-01,\"");
            repeat(w, 'z', 15 << 20); // over the record cap: the file cannot be read past it
            w.write("\"\nC5,Di,Lee,c5@example.com,2025-07-01,after\n");
        }
        JsonNode fields = importJson(csv, 1);
        assertEquals("failed", fields.get("status").asText(), fields.toString());
        assertTrue(fields.get("error").asText().contains("CARAVAN_MAX_RECORD_CHARS"), fields.toString());
        assertEquals(2, fields.get("inserted").asInt(), "the rows before the giant field land: " + fields);
        assertEquals(1, fields.get("rejected").asInt(), fields.toString());

        Process huge = caravan("import", "leadconduit", "leads", csv.toString(), "--batch-size", "2147483647", "--json");
        assertTrue(huge.waitFor(60, TimeUnit.SECONDS));
        String err = stderr();
        assertEquals(2, huge.exitValue(), err);
        assertTrue(err.contains("batch size 2147483647 (--batch-size) is too large") && err.contains("at most 50000"), err);

        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db, "sa", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END) FROM caravan_run")) {
            rs.next();
            assertEquals(2, rs.getLong(1), "the refused batch size opened no run");
            assertEquals(0, rs.getLong(2), "no run is left running");
        }
    }

    static String lead(String id, String notes) {
        return "{\"lead_id\":\"" + id + "\",\"first_name\":\"Pat\",\"submission_timestamp\":\"2025-07-01T00:00:00Z\",\"notes\":\""
                + notes + "\"}\n";
    }

    JsonNode importJson(Path file, int expectedExit) throws Exception {
        Process p = caravan("import", "leadconduit", "leads", file.toString(), "--json");
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the import ended");
        String err = stderr();
        assertEquals(expectedExit, p.exitValue(), err);
        assertTrue(!err.contains("OutOfMemoryError"), err);
        return JSON.readTree(out);
    }

    String reason(long runId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db, "sa", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT reason FROM caravan_reject WHERE run_id = " + runId)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Where the last process's stderr went (a file, so that reading stdout never blocks on it). */
    Path lastErr;

    String stderr() throws IOException {
        return Files.readString(lastErr);
    }

    Process caravan(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+ExitOnOutOfMemoryError", "-Dquarkus.http.host-enabled=false",
                "-Dquarkus.log.console.stderr=true", "-jar", "target/quarkus-app/quarkus-run.jar"));
        command.addAll(List.of(args));
        lastErr = dir.resolve("stderr-" + UUID.randomUUID() + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(lastErr.toFile());
        pb.environment().put("CARAVAN_DB_URL", "jdbc:h2:file:" + db);
        pb.environment().put("CARAVAN_INBOX_DIR", dir.resolve("inbox").toString());
        pb.environment().put("CARAVAN_LOG_LEVEL", "WARN");
        return pb.start();
    }

    private static void repeat(Writer w, char c, int n) throws IOException {
        char[] chunk = new char[1 << 16];
        java.util.Arrays.fill(chunk, c);
        for (int left = n; left > 0; left -= chunk.length) {
            w.write(chunk, 0, Math.min(left, chunk.length));
        }
    }
}
