package dev.caravan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line helps: usage errors first (a message, the command's usage, exit 2, never a stack
 * trace), then --help on every command of the tree, help COMMAND and --version.
 */
@QuarkusMainTest
class HelpAndUsageTest {

    /** Every command path under caravan (import, webhooks replay, …), read from the command tree itself. */
    static List<List<String>> commandPaths() {
        List<List<String>> out = new ArrayList<>();
        walk(new CommandLine(new CaravanCommand()), new ArrayList<>(), out);
        return out;
    }

    private static void walk(CommandLine command, List<String> path, List<List<String>> out) {
        for (CommandLine sub : command.getSubcommands().values()) {
            List<String> p = new ArrayList<>(path);
            p.add(sub.getCommandName());
            if (!out.contains(p)) {
                out.add(p);
                walk(sub, p, out);
            }
        }
    }

    /** A usage error: exit 2, the message and the usage on stderr, nothing on stdout, no stack trace. */
    static String usageError(LaunchResult r, String command) {
        String err = r.getErrorOutput();
        assertEquals(2, r.exitCode(), err);
        assertTrue(err.contains("Usage: " + command), "the usage of " + command + " follows the message: " + err);
        assertNoStackTrace(err);
        return err;
    }

    static void assertNoStackTrace(String err) {
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "a stack trace: " + err);
    }

    @Test
    void aMistypedCommandIsNamedWithASuggestion(QuarkusMainLauncher launcher) {
        String err = usageError(launcher.launch("imprt", "leadconduit", "leads", "x.csv"), "caravan [-hV] [COMMAND]");
        assertTrue(err.contains("caravan: Unmatched arguments from index 0: 'imprt'") && err.contains("Did you mean: caravan import"), err);
    }

    @Test
    void anUnknownOptionOfASubcommandShowsThatSubcommandsUsage(QuarkusMainLauncher launcher) {
        String err = usageError(launcher.launch("sync", "genius", "--ful"), "caravan sync");
        assertTrue(err.contains("caravan sync: Unknown option: '--ful'"), err);
        err = usageError(launcher.launch("webhooks", "replay", "--faild"), "caravan webhooks replay");
        assertTrue(err.contains("Unknown option: '--faild'"), err);
    }

    @Test
    void missingAndMalformedArgumentsAreUsageErrors(QuarkusMainLauncher launcher) {
        assertTrue(usageError(launcher.launch("rejects"), "caravan rejects").contains("Missing required parameter: 'RUN_ID'"));
        assertTrue(usageError(launcher.launch("import", "crm"), "caravan import").contains("Missing required parameters: 'OBJECT', 'FILE'"));
        assertTrue(usageError(launcher.launch("runs", "--limit", "many"), "caravan runs").contains("'many' is not an int"));
        assertTrue(usageError(launcher.launch("runs", "--limit", "0"), "caravan runs").contains("--limit must be between 1 and 10000"));
        assertTrue(usageError(launcher.launch("import", "crm", "contacts", "samples/crm/contacts.json", "--batch-size", "-5"),
                "caravan import").contains("--batch-size must be a positive number"));
        assertTrue(usageError(launcher.launch("sync", "genius", "--all", "--table", "prospects"), "caravan sync")
                .contains("use either --table or --all"));
        assertTrue(usageError(launcher.launch("status", "--url", "ftp://example.com"), "caravan status")
                .contains("--url must be an http(s) URL"));
        assertTrue(usageError(launcher.launch("help", "nope"), "caravan [-hV] [COMMAND]").contains("Unknown subcommand 'nope'"));
    }

    @Test
    void aNameThatDoesNotExistIsAUsageErrorListingTheChoices(QuarkusMainLauncher launcher) {
        String err = usageError(launcher.launch("sync", "nosuch"), "caravan sync");
        assertTrue(err.contains("unknown sync source 'nosuch'; sources: [") && err.contains("genius"), err);
        err = usageError(launcher.launch("runs", "987654321"), "caravan runs");
        assertTrue(err.contains("no run 987654321"), err);
    }

    @Test
    void controlCharactersOfTheCommandLineAreNotEchoedToTheTerminal(QuarkusMainLauncher launcher) {
        String err = usageError(launcher.launch("objects", "--\u001b]0;owned\u0007"), "caravan objects");
        assertFalse(err.contains("\u001b") || err.contains("\u0007"), err);
        assertTrue(err.contains("\\x1b]0;owned\\x07"), err);
    }

    @Test
    void somethingThatCannotBeDoneNowIsExitThreeWithoutTheUsage(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("sync", "redshift", "--json");
        assertEquals(3, r.exitCode(), r.getErrorOutput());
        assertTrue(r.getErrorOutput().contains("caravan sync: source 'redshift' is not configured: set REDSHIFT_HOST"),
                r.getErrorOutput());
        assertFalse(r.getErrorOutput().contains("Usage:"), r.getErrorOutput());
        assertNoStackTrace(r.getErrorOutput());
    }

    @Test
    void everyCommandAndSubcommandAnswersHelpWithItsOptionsAndExitCodes(QuarkusMainLauncher launcher) {
        List<List<String>> paths = commandPaths();
        assertTrue(paths.size() >= 15 && paths.contains(List.of("webhooks", "replay")) && paths.contains(List.of("status"))
                && paths.contains(List.of("completion")) && paths.contains(List.of("help")), String.valueOf(paths));
        CommandLine tree = new CommandLine(new CaravanCommand());
        for (List<String> path : paths) {
            CommandLine command = tree;
            for (String name : path) {
                command = command.getSubcommands().get(name);
            }
            List<String> args = new ArrayList<>(path);
            args.add("--help"); // -h too, but Camel Main prints its own options for a bare -h: the launcher passes --help
            LaunchResult r = launcher.launch(args.toArray(String[]::new));
            String out = r.getOutput();
            assertEquals(0, r.exitCode(), path + ": " + r.getErrorOutput());
            assertTrue(out.contains("Usage: caravan " + String.join(" ", path)), path + ": " + out);
            assertTrue(out.contains("-h, --help") && (path.equals(List.of("help")) || out.contains("-V, --version")),
                    path + " has the standard options: " + out);
            assertTrue(out.contains("Exit codes:"), path + " lists its exit codes: " + out);
            for (CommandLine.Model.OptionSpec o : command.getCommandSpec().options()) {
                assertTrue(out.contains(o.longestName()), path + ": option " + o.longestName() + " is not in " + out);
            }
            for (CommandLine.Model.PositionalParamSpec p : command.getCommandSpec().positionalParameters()) {
                assertTrue(out.contains(p.paramLabel()), path + ": " + p.paramLabel() + " is not in " + out);
            }
        }
    }

    @Test
    void helpCommandShowsTheSameUsage(QuarkusMainLauncher launcher) {
        LaunchResult help = launcher.launch("help", "import");
        assertEquals(0, help.exitCode());
        LaunchResult option = launcher.launch("import", "--help");
        assertTrue(help.getOutput().contains("Usage: caravan import") && help.getOutput().contains("--batch-size=N"), help.getOutput());
        assertTrue(option.getOutput().contains("Usage: caravan import") && option.getOutput().contains("--batch-size=N"));
        LaunchResult top = launcher.launch("help");
        for (List<String> path : commandPaths()) {
            if (path.size() == 1) {
                assertTrue(top.getOutput().contains("  " + path.get(0) + " "), path + " is listed: " + top.getOutput());
            }
        }
        assertTrue(top.getOutput().contains("3   not possible now"), top.getOutput());
    }

    @Test
    @Launch({"--version"})
    void versionNamesCaravanAndWhatItRunsOn(LaunchResult result) {
        assertTrue(result.getOutput().matches("(?s).*caravan \\d+\\.\\d+\\.\\d+.*Quarkus 3\\.\\d+.*Camel 4\\.\\d+.*Java .*"),
                result.getOutput());
    }

    @Test
    @Launch({"runs", "--version"})
    void aSubcommandAnswersVersionToo(LaunchResult result) {
        assertTrue(result.getOutput().contains("caravan "), result.getOutput());
    }
}
