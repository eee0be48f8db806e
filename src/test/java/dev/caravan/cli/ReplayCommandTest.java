package dev.caravan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** ./caravan replay and ./caravan runs RUN_ID as users run them: bad input first, then a replay. */
@QuarkusMainTest
class ReplayCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Launch(value = {"replay", "--help"})
    void replayHasHelpWithItsExitCodes(LaunchResult result) {
        String out = result.getOutput();
        assertTrue(out.contains("RUN_ID") && out.contains("--dry-run") && out.contains("Exit codes"), out);
    }

    @Test
    @Launch(value = {"replay", "987654321"}, exitCode = 2)
    void anUnknownRunIsExitTwo(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("no run 987654321"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"replay", "not-a-run"}, exitCode = 2)
    void aRunIdThatIsNotANumberIsAUsageError(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("not-a-run"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"runs", "987654321"}, exitCode = 2)
    void showingAnUnknownRunIsExitTwo(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("no run 987654321"), result.getErrorOutput());
    }

    @Test
    void aRunShowsItsDriftAndAReplayFeedsItsRejectsAgain(QuarkusMainLauncher launcher) throws Exception {
        Path file = Files.createDirectories(Path.of("target/test-files/cli")).resolve("cli-replay.csv");
        Files.writeString(file, "Lead ID,First Name,Shoe Size\n,Ann,9\nK" + System.nanoTime() + ",Bob,10\n");
        LaunchResult imported = launcher.launch("import", "leadconduit", "leads", file.toString(), "--json", "--force");
        assertEquals(0, imported.exitCode(), imported.getErrorOutput());
        long runId = json(imported).get("runId").asLong();

        LaunchResult shown = launcher.launch("runs", String.valueOf(runId));
        assertEquals(0, shown.exitCode(), shown.getErrorOutput());
        assertTrue(shown.getOutput().contains("unknown fields") && shown.getOutput().contains("'Shoe Size'"),
                shown.getOutput());
        assertTrue(shown.getOutput().contains("./caravan replay " + runId), shown.getOutput());

        LaunchResult replayed = launcher.launch("replay", String.valueOf(runId), "--json");
        assertEquals(0, replayed.exitCode(), replayed.getErrorOutput());
        JsonNode summary = json(replayed);
        assertEquals(runId, summary.get("replayOf").asLong());
        assertEquals(1, summary.get("rejected").asInt(), "the keyless row is rejected again: " + summary);
        long replayRun = summary.get("runId").asLong();

        LaunchResult link = launcher.launch("runs", String.valueOf(replayRun), "--json");
        JsonNode run = json(link);
        assertEquals(runId, run.get("replayOf").asLong());
        assertEquals("replay", run.get("trigger").asText());
    }

    /** The one line of stdout that is a JSON object (the test launcher mixes log lines in). */
    static JsonNode json(LaunchResult result) throws Exception {
        for (String line : result.getOutputStream()) {
            if (line.startsWith("{")) {
                return JSON.readTree(line);
            }
        }
        throw new AssertionError("no JSON object in: " + result.getOutput());
    }
}
