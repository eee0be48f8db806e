package dev.caravan.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The defaults the manifests must agree with, read from application.properties (not repeated in the test). */
record AppDefaults(int httpPort, Duration shutdownGrace, Duration camelShutdownTimeout) {

    static AppDefaults read(Path properties) throws IOException {
        String text = Files.readString(properties);
        return new AppDefaults(
                Integer.parseInt(value(text, "quarkus.http.port", "CARAVAN_HTTP_PORT")),
                duration(value(text, "caravan.runs.shutdown-grace", "CARAVAN_SHUTDOWN_GRACE")),
                Duration.ofSeconds(Long.parseLong(value(text, "camel.main.shutdown-timeout", "CARAVAN_CAMEL_SHUTDOWN_TIMEOUT"))));
    }

    /** The default of {@code key=${ENV:default}}. */
    private static String value(String text, String key, String env) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "=\\$\\{" + env + ":([^}]*)}\\s*$").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("application.properties has no " + key + "=${" + env + ":…}");
        }
        return m.group(1).trim();
    }

    /** Quarkus's short form (25s, 2m, 500ms) or ISO-8601. */
    static Duration duration(String v) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(v.trim());
        if (!m.matches()) {
            return Duration.parse(v.trim());
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
