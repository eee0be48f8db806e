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
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line as users run it: arguments in, exit code and stdout out. */
@QuarkusMainTest
class ImportCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final java.util.regex.Pattern LOG_LINE = java.util.regex.Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}.*");

    /**
     * In the test JVM the launcher captures log records together with stdout; as a packaged process
     * (ImportCommandIT) stdout must hold nothing but the command's output.
     */
    boolean logsShareStdout() {
        return true;
    }

    List<String> stdout(LaunchResult result) {
        return result.getOutputStream().stream().filter(l -> !l.isBlank())
                .filter(l -> !logsShareStdout() || !LOG_LINE.matcher(l).matches()).toList();
    }

    @Test
    void importWithJsonPrintsExactlyOneObjectAndExitsZero(QuarkusMainLauncher launcher) throws Exception {
        Path file = Files.createDirectories(Path.of("target/test-files/cli")).resolve("cli-leads.csv");
        Files.writeString(file, "Lead ID,Email Address,Submission Timestamp\nC1,c1@example.com,2025-07-01\n,x@example.com,2025-07-01\n");
        LaunchResult result = launcher.launch("import", "leadconduit", "leads", file.toString(), "--json", "--dry-run");
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        List<String> lines = stdout(result);
        assertEquals(1, lines.size(), "stdout holds the JSON object only: " + lines);
        JsonNode summary = JSON.readTree(lines.get(0));
        List<String> fields = List.of("runId", "status", "dryRun", "read", "inserted", "updated", "unchanged", "rejected");
        fields.forEach(f -> assertTrue(summary.has(f), "has " + f));
        assertEquals("completed", summary.get("status").asText());
        assertTrue(summary.get("dryRun").asBoolean());
        assertEquals(2, summary.get("read").asInt());
        assertEquals(1, summary.get("inserted").asInt());
        assertEquals(1, summary.get("rejected").asInt());
    }

    @Test
    @Launch(value = {"import", "leadconduit", "nosuch", "samples/leadconduit/leads.csv"}, exitCode = 2)
    void anUnknownObjectIsAUsageErrorListingTheChoices(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("unknown object 'nosuch'"), result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains("leads"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"import", "nosystem", "leads", "samples/leadconduit/leads.csv"}, exitCode = 2)
    void anUnknownSystemListsEverySystemAndObject(LaunchResult result) {
        String err = result.getErrorOutput();
        assertTrue(err.contains("unknown system 'nosystem'") && err.contains("genius:") && err.contains("crm:"), err);
    }

    @Test
    @Launch(value = {"import", "leadconduit", "leads", "no/such/file.csv"}, exitCode = 2)
    void aMissingFileIsAUsageError(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("file not found"), result.getErrorOutput());
    }

    @Test
    void aFailedRunExitsOne(QuarkusMainLauncher launcher) throws Exception {
        Path file = Files.createDirectories(Path.of("target/test-files/cli")).resolve("cli-empty.csv");
        Files.writeString(file, "");
        LaunchResult result = launcher.launch("import", "leadconduit", "leads", file.toString(), "--json");
        assertEquals(1, result.exitCode());
        List<String> lines = stdout(result);
        assertEquals(1, lines.size(), String.valueOf(lines));
        assertEquals("failed", JSON.readTree(lines.get(0)).get("status").asText());
    }

    @Test
    @Launch(value = {"sync", "genius", "--table", "prospects"}, exitCode = 3)
    void aSyncOfASourceThatIsNotConfiguredSaysWhatToSet(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("not configured") && result.getErrorOutput().contains("GENIUS_DB_HOST"),
                result.getErrorOutput());
    }

    @Test
    @Launch(value = {"sync", "genius", "--table", "nosuch"}, exitCode = 2)
    void aSyncOfAnUnknownTableListsTheTables(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("unknown table 'nosuch'") && result.getErrorOutput().contains("prospects"),
                result.getErrorOutput());
    }

    @Test
    @Launch(value = {"objects"})
    void objectsListsTheDefinitions(LaunchResult result) {
        assertTrue(result.getOutput().contains("leadconduit_leads") && result.getOutput().contains("crm_contacts"));
    }

    @Test
    @Launch(value = {"sync", "hubspot", "--table", "contacts"}, exitCode = 3)
    void anApiSyncWithoutCredentialsSaysWhatToSet(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("source 'hubspot' is not configured")
                && result.getErrorOutput().contains("HUBSPOT_ACCESS_TOKEN"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"sync", "hubspot", "--since", "last tuesday"}, exitCode = 2)
    void aSinceThatIsNoDateIsAUsageError(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("not a date or time: 'last tuesday'"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"sync", "genius", "--limit", "10"}, exitCode = 2)
    void limitIsForApiSources(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("--limit and --test-mode apply to API sources")
                && result.getErrorOutput().contains("--via api"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"sync", "--help"})
    void syncHelpDescribesEveryOption(LaunchResult result) {
        for (String option : List.of("--table", "--all", "--full", "--since", "--lastmodifieddate", "--limit", "--dry-run",
                "--json")) {
            assertTrue(result.getOutput().contains(option), option + " in " + result.getOutput());
        }
    }
}
