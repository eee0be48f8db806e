package dev.caravan.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** ./caravan dedup and unmerge: usage errors first (exit 2), a key with nothing to undo (3), then a dry run's JSON. */
@QuarkusMainTest
class DedupCommandTest {

    @Test
    @Launch(value = {"dedup", "crm", "nothing"}, exitCode = 2)
    void anUnknownObjectIsAUsageError(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("unknown object 'crm.nothing'"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"dedup", "crm", "activities"}, exitCode = 2)
    void anObjectWithoutRulesIsAUsageError(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("crm.activities does not deduplicate"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"dedup", "crm", "contacts", "--show", "100000"}, exitCode = 2)
    void tooManyGroupsToShowIsAUsageError(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("--show must be between 0 and 1000"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"unmerge", "crm", "contacts", "NO-SUCH-KEY"}, exitCode = 3)
    void unmergingAKeyThatIsNotThereIsNotPossible(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("crm.contacts has no row with key 'NO-SUCH-KEY'"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"dedup", "crm", "companies", "--dry-run", "--json"})
    void aDryRunPrintsOneJsonObject(LaunchResult result) {
        assertTrue(result.getOutputStream().stream().anyMatch(l -> l.startsWith("{") && l.contains("\"dryRun\":true")
                && l.contains("\"merged\":0")), result.getOutput());
    }

    @Test
    @Launch(value = {"unmerge", "--help"})
    void unmergeHasHelp(LaunchResult result) {
        assertTrue(result.getOutput().contains("Exit codes"), result.getOutput());
    }
}
