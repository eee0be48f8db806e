package dev.caravan.cli;

import dev.caravan.status.Backlog;
import dev.caravan.status.ObjectState;
import dev.caravan.status.StatusReader;
import dev.caravan.status.StatusReport;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import picocli.CommandLine;

/**
 * ./caravan status: the service's health (when it answers), the sync sources (configured or not,
 * last success, watermark, held rows, next scheduled run) and the backlog, read from the warehouse;
 * works whether or not the service runs.
 */
@CommandLine.Command(name = "status",
        description = {"Show the service's health, the sync sources and the backlog.",
            "The health is asked of the service over HTTP when it runs; the sources (configured or not, last success,"
                + " watermark, held rows, next scheduled run) and the backlog (webhook events waiting or failed, held rows,"
                + " dead letters, running runs, open alerts) are read from the warehouse, so this works without a service."},
        exitCodeList = {"0:the warehouse answered, and the service is UP or not running",
            "1:the warehouse cannot be read, the service answers DOWN, or the --url given does not answer",
            "2:usage error"})
public class StatusCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @CommandLine.Option(names = "--url", paramLabel = "URL",
            description = "The service to ask (default: http://CARAVAN_HTTP_HOST:CARAVAN_HTTP_PORT, loopback for 0.0.0.0).")
    String url;

    @CommandLine.Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    StatusReader reader;

    @ConfigProperty(name = "quarkus.http.host", defaultValue = "127.0.0.1")
    String httpHost;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int httpPort;

    /** False as ./caravan runs it; a status process that listens itself would only reach itself on the default URL. */
    @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true")
    boolean listensItself;

    @Override
    public Integer call() throws Exception {
        URI service = url == null ? ServiceProbe.local(httpHost, httpPort) : parse(url);
        ServiceProbe.Health health = url == null && listensItself
                ? new ServiceProbe.Health(service + "/q/health", false, null, java.util.List.of(),
                        "not asked: this process listens on that port itself (run ./caravan status, or give --url)")
                : ServiceProbe.probe(service);
        StatusReport report = reader.read();
        boolean failed = !report.warehouse().reachable() || health.down() || url != null && !health.reachable();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("service", health);
            out.put("warehouse", report.warehouse());
            out.put("settingsFile", report.settingsFile());
            out.put("sources", report.sources());
            out.put("backlog", report.backlog());
            System.out.println(RunsCommand.JSON.writeValueAsString(out));
        } else {
            print(health, report, System.out);
        }
        return failed ? ExitCode.FAILED : ExitCode.OK;
    }

    private URI parse(String text) {
        try {
            URI u = URI.create(text.strip());
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--url must be an http(s) URL such as http://127.0.0.1:8080");
    }

    static void print(ServiceProbe.Health h, StatusReport r, PrintStream out) {
        String checks = h.checks().stream().map(c -> c.name() + " " + c.status()).collect(Collectors.joining(", "));
        out.printf("%-10s %s: %s%n", "Service", h.url().replaceAll("/q/health$", ""),
                h.status() != null ? h.status() + (checks.isEmpty() ? "" : " (" + checks + ")") : h.error());
        StatusReport.WarehouseState w = r.warehouse();
        out.printf("%-10s %s %s%s%n", "Warehouse", w.vendor(), w.url(), w.reachable() ? "" : ": " + ErrorReporting.printable(w.error()));
        if (w.mysqlUrl() != null) {
            out.printf("%-10s MYSQL_* name %s: kept for the MySQL/MariaDB warehouse, not built yet (CARAVAN_DB_URL chooses)%n",
                    "", w.mysqlUrl());
        }
        out.printf("%-10s %s%n", "Settings", r.settingsFile() == null ? "no .env file (CARAVAN_ENV_FILE unset)"
                : r.settingsFile().path() + " (" + r.settingsFile().settings() + " settings)"
                        + (r.settingsFile().alsoRead() == null ? "" : "; also " + r.settingsFile().alsoRead() + ", read by Quarkus beneath it"));
        out.println();
        out.printf("%-12s  %-8s  %-10s  %-19s  %7s  %7s  %s%n", "SOURCE", "KIND", "CONFIGURED", "LAST SUCCESS (UTC)", "RUNNING",
                "HELD", "NEXT SCHEDULED (UTC, service)");
        for (StatusReport.Source s : r.sources()) {
            String next = s.schedules().stream().filter(x -> x.next() != null)
                    .map(x -> x.mode() + " " + time(x.next())).collect(Collectors.joining(", "));
            out.printf("%-12s  %-8s  %-10s  %-19s  %7d  %7d  %s%n", s.source(), s.kind(), s.configured() ? "yes" : "no",
                    time(s.lastSuccessAt()), s.running(), s.held(), next.isEmpty() ? "-" : next);
        }
        printObjects(r, out);
        Backlog b = r.backlog();
        if (b == null) {
            return;
        }
        out.println();
        out.println("Backlog");
        line(out, "webhook events waiting", counts(b.webhookWaiting()));
        line(out, "webhook events failed", counts(b.webhookFailed())
                + (b.webhookFailed().isEmpty() ? "" : "   (./caravan webhooks --status failed; ./caravan webhooks replay --failed)"));
        line(out, "rows held for a parent", counts(b.heldRows()));
        line(out, "dead letters", b.deadLetters() == 0 ? "none" : b.deadLetters() + " unresolved, newest " + time(b.newestDeadLetter())
                + " UTC (table caravan_dead_letter)");
        line(out, "runs running", String.valueOf(b.runningRuns()));
        line(out, "open alerts", b.openAlerts() == 0 ? "none" : b.openAlerts() + " (GET /api/alerts)");
    }

    /** The objects that have a sync state: a watermark, a run or held rows. */
    private static void printObjects(StatusReport r, PrintStream out) {
        boolean header = false;
        for (StatusReport.Source s : r.sources()) {
            for (ObjectState o : s.objects()) {
                if (o.watermark() == null && o.lastRunId() == null && o.held() == 0) {
                    continue;
                }
                if (!header) {
                    out.println();
                    out.printf("%-32s  %-19s  %-20s  %-19s  %7s%n", "OBJECT", "WATERMARK (UTC)", "LAST RUN", "LAST SUCCESS (UTC)", "HELD");
                    header = true;
                }
                out.printf("%-32s  %-19s  %-20s  %-19s  %7d%n", s.source() + "." + o.object(), time(o.watermark()),
                        o.lastRunId() == null ? "-" : o.lastRunId() + " " + o.lastRunStatus(), time(o.lastSuccessAt()), o.held());
            }
        }
    }

    private static String counts(Map<String, Long> counts) {
        return counts.isEmpty() ? "none" : counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static void line(PrintStream out, String label, String value) {
        out.printf("  %-24s %s%n", label, value);
    }

    private static String time(OffsetDateTime t) {
        return t == null ? "-" : t.withOffsetSameInstant(ZoneOffset.UTC).format(TIME);
    }
}
