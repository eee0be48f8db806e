package dev.caravan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** ./caravan quality: bad scopes first, then a run over an empty warehouse (every row count fails). */
@QuarkusMainTest
class QualityCommandTest {

    @Test
    @Launch(value = {"quality", "nope"}, exitCode = 2)
    void anUnknownSystemListsTheKnownOnes(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("unknown system 'nope'"), result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains("crm: "), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"quality", "crm", "opportunities\u001b[31m"}, exitCode = 2)
    void anUnknownObjectIsNamedWithoutItsControlCharacters(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("unknown object 'opportunities?[31m' of crm"), result.getErrorOutput());
        assertFalse(result.getErrorOutput().contains("\u001b"));
    }

    @Test
    @Launch(value = {"quality", "--help"})
    void helpListsTheOptionsAndExitCodes(LaunchResult result) {
        assertTrue(result.getOutput().contains("--json") && result.getOutput().contains("--stored"), result.getOutput());
        assertTrue(result.getOutput().contains("a check failed"), result.getOutput());
    }

    @Test
    void checksRunPrintAndFailTheExitCodeAndJsonSaysTheSame(QuarkusMainLauncher launcher) {
        LaunchResult table = launcher.launch("quality", "crm", "opportunities");
        assertEquals(1, table.exitCode(), "an empty table fails its row count: " + table.getOutput());
        assertTrue(table.getOutput().contains("crm.opportunities") && table.getOutput().contains("row_count"), table.getOutput());
        assertTrue(table.getOutput().contains("checks:") && table.getOutput().contains("failed"), table.getOutput());

        LaunchResult json = launcher.launch("quality", "crm", "opportunities", "--stored", "--json");
        assertEquals(1, json.exitCode());
        assertTrue(json.getOutput().contains("\"check\":\"row_count\"") && json.getOutput().contains("\"status\":\"fail\""),
                json.getOutput());
    }
}
