package dev.caravan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.testing.CaravanProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application and the ./caravan launcher as real processes with a real environment:
 * the warehouse away, the settings file against the environment, a malformed settings file, and
 * commands that must not start the service.
 */
class CommandLineIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "sk_live_NeverPrintThis42";
    /** A variable the process is started without. */
    static final String UNSET = "(unset)";

    @TempDir
    Path dir;

    record Result(int exit, String output) {
        JsonNode json() throws IOException {
            for (String line : output.split("\n")) {
                if (line.startsWith("{")) {
                    return JSON.readTree(line);
                }
            }
            throw new AssertionError("no JSON line in " + output);
        }
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("CARAVAN_DB_URL", "jdbc:h2:file:" + dir.resolve("db/caravan"),
                "CARAVAN_INBOX_DIR", dir.resolve("inbox").toString(), "CARAVAN_LOG_LEVEL", "WARN",
                // as ./caravan runs one-shot commands: no HTTP listener of their own
                "QUARKUS_HTTP_HOST_ENABLED", "false"));
        all.putAll(env);
        all.replaceAll((name, value) -> UNSET.equals(value) ? null : value);
        Path log = dir.resolve("run-" + System.nanoTime() + ".log");
        try (CaravanProcess p = CaravanProcess.start(log, all, args)) {
            assertTrue(p.waitFor(120), "still running: " + p.log());
            return new Result(p.exitValue(), p.log());
        }
    }

    private static void assertNoStackTrace(String output) {
        assertFalse(output.contains("\tat ") || output.contains("Caused by"), "a stack trace: " + output);
    }

    private static String deadWarehouse() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "jdbc:postgresql://127.0.0.1:" + s.getLocalPort() + "/caravan";
        }
    }

    @Test
    void withTheWarehouseAwayHelpAnswersAndCommandsFailInOneLine() throws Exception {
        Map<String, String> away = Map.of("CARAVAN_DB_URL", deadWarehouse(), "CARAVAN_RETRY_BUDGET", "1s");
        Result help = run(away, "sync", "--help");
        assertEquals(0, help.exit(), help.output());
        assertTrue(help.output().contains("Usage: caravan sync"), help.output());

        Result runs = run(away, "runs");
        assertEquals(1, runs.exit(), runs.output());
        assertTrue(runs.output().contains("caravan runs: warehouse unavailable: cannot connect to jdbc:postgresql://127.0.0.1:"),
                runs.output());
        assertNoStackTrace(runs.output());

        Result status = run(away, "status", "--json");
        assertEquals(1, status.exit(), status.output());
        assertFalse(status.json().at("/warehouse/reachable").asBoolean());
        assertTrue(status.json().at("/warehouse/error").asText().contains("Connection refused"), status.output());
        assertNoStackTrace(status.output());
    }

    @Test
    void theEnvironmentWinsOverTheSettingsFile() throws Exception {
        Path file = dir.resolve("caravan.env");
        Files.writeString(file, "# the settings file\nexport CARAVAN_DB_URL=\"jdbc:h2:file:" + dir.resolve("from-file/caravan")
                + "\"\nHUBSPOT_ACCESS_TOKEN='" + SECRET + "'\n");
        Result fromFile = run(Map.of("CARAVAN_ENV_FILE", file.toString(), "CARAVAN_DB_URL", UNSET), "status", "--json");
        assertEquals("jdbc:h2:file:" + dir.resolve("from-file/caravan"), fromFile.json().at("/warehouse/url").asText(), fromFile.output());
        assertTrue(hubspotConfigured(fromFile.json()), "the token comes from the file");

        Result fromEnv = run(Map.of("CARAVAN_ENV_FILE", file.toString(), "CARAVAN_DB_URL", "jdbc:h2:file:" + dir.resolve("from-env/caravan")),
                "status", "--json");
        assertEquals("jdbc:h2:file:" + dir.resolve("from-env/caravan"), fromEnv.json().at("/warehouse/url").asText(), fromEnv.output());
        assertTrue(Files.exists(dir.resolve("from-env")), "the environment's warehouse was opened");
        assertFalse(fromFile.output().contains(SECRET) || fromEnv.output().contains(SECRET));

        Result debug = run(Map.of("CARAVAN_ENV_FILE", file.toString(), "CARAVAN_LOG_LEVEL", "DEBUG", "QUARKUS_LOG_LEVEL", "DEBUG"),
                "status");
        assertTrue(debug.output().contains("DEBUG"), "the log is at DEBUG: " + debug.output());
        assertFalse(debug.output().contains(SECRET), "a value of the settings file is in the DEBUG log");
    }

    private static boolean hubspotConfigured(JsonNode status) {
        for (JsonNode s : status.get("sources")) {
            if ("hubspot".equals(s.get("source").asText())) {
                return s.get("configured").asBoolean();
            }
        }
        return false;
    }

    @Test
    void aMalformedSettingsFileStopsTheStartNamingTheLineButNotItsText() throws Exception {
        Path file = dir.resolve("bad.env");
        Files.writeString(file, "A=1\n\n" + SECRET + "\n");
        Result r = run(Map.of("CARAVAN_ENV_FILE", file.toString()), "objects");
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains(file + " line 3 is not NAME=value"), r.output());
        assertFalse(r.output().contains(SECRET), r.output());
        assertNoStackTrace(r.output());

        Result missing = run(Map.of("CARAVAN_ENV_FILE", dir.resolve("nope.env").toString()), "objects");
        assertEquals(1, missing.exit());
        assertTrue(missing.output().contains("CARAVAN_ENV_FILE names " + dir.resolve("nope.env") + ", which is not a file"),
                missing.output());
    }

    @Test
    void withoutACommandOrWithVersionNothingOfTheServiceStarts() throws Exception {
        Result none = run(Map.of());
        assertEquals(2, none.exit(), none.output());
        assertTrue(none.output().contains("caravan: Missing required subcommand") && none.output().contains("Usage: caravan"),
                none.output());
        Result version = run(Map.of("CARAVAN_LOG_LEVEL", "INFO"), "--version");
        assertEquals(0, version.exit());
        for (Result r : new Result[] {none, version}) {
            assertFalse(r.output().contains("Started route inbox-ingest"), "the drop folders started: " + r.output());
        }
    }

    @Test
    void theLauncherPassesABareDashHAsHelp() throws Exception {
        Process p = new ProcessBuilder("./caravan", "import", "-h").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Usage: caravan import"), out);
        assertFalse(out.contains("Apache Camel Runner"), "Camel Main's own options: " + out);
    }
}
