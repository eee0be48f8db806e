package dev.caravan.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application (target/quarkus-app) started as a real process, for tests that kill it,
 * signal it or run several of it: its environment, its log file, SIGTERM (destroy) and SIGKILL.
 */
public final class CaravanProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private CaravanProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java -jar quarkus-run.jar ARGS} with these environment variables added (a null value: removed). */
    public static CaravanProcess start(Path log, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-jar", "target/quarkus-app/quarkus-run.jar"));
        command.addAll(List.of(args));
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("CARAVAN_HTTP_PORT", "0");
        all.forEach((name, value) -> {
            if (value == null) {
                pb.environment().remove(name); // started without it, whatever the test JVM has
            } else {
                pb.environment().put(name, value);
            }
        });
        return new CaravanProcess(pb.start(), log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; false when it is still running after the timeout. */
    public boolean waitFor(long timeoutSeconds) throws InterruptedException {
        return process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM, as Kubernetes sends at every rollout; returns the exit code, or -1 if it did not exit in time. */
    public int terminate(long timeoutSeconds) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeoutSeconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** SIGKILL: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** What the process logged so far (empty while nothing was written). */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public File logFile() {
        return log.toFile();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
