package dev.caravan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** ./caravan completion prints a script that bash itself then uses to complete commands and options. */
@QuarkusMainTest
class CompletionCommandTest {

    @Test
    void theScriptCompletesCommandsAndOptionsInBash(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = launcher.launch("completion");
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        // in the test JVM log records share stdout with the command's output
        String script = r.getOutputStream().stream().filter(l -> !ImportCommandTest.LOG_LINE.matcher(l).matches())
                .collect(Collectors.joining("\n")) + "\n";
        assertTrue(script.contains("complete -F _complete_caravan"), script);
        for (List<String> path : HelpAndUsageTest.commandPaths()) {
            assertTrue(script.contains(path.get(path.size() - 1)), path + " is not in the script");
        }
        Path file = Files.createDirectories(Path.of("target/test-files/cli")).resolve("caravan-completion.bash");
        Files.writeString(file, script);

        assertEquals(List.of("sync"), complete(file, "./caravan", "sy"));
        assertTrue(complete(file, "caravan", "").containsAll(List.of("import", "status", "completion", "help")));
        assertEquals(List.of("--dry-run"), complete(file, "caravan", "import", "--dr"));
        assertEquals(List.of("--failed"), complete(file, "caravan", "webhooks", "replay", "--fa"));
    }

    /** What bash offers for the last word, with the script loaded as a user loads it. */
    static List<String> complete(Path script, String... words) throws Exception {
        String array = java.util.Arrays.stream(words).map(w -> "'" + w + "'").collect(Collectors.joining(" "));
        String program = "source '" + script.toAbsolutePath() + "'\n"
                + "COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE='" + String.join(" ", words) + "'; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_caravan; printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        // stderr apart: called outside a real TAB press, bash's compopt says so there
        Process p = new ProcessBuilder("bash", "-c", program).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
        assertEquals(0, p.exitValue(), out);
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
