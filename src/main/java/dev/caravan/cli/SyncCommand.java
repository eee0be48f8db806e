package dev.caravan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.sync.SyncService;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * ./caravan sync SOURCE [--table NAME | --all] [--full] [--since T] [--limit N] [--test-mode
 * [--test-mode-limit-sessions N]] [--dry-run] [--json]:
 * syncs a source database's tables or an API system's objects now, parents first. Exit 0 when every
 * run completed, 1 when one failed, 2 on a usage error (unknown source or table, source not
 * configured, bad option).
 */
@CommandLine.Command(name = "sync",
        description = {"Sync a source database or an API system now.",
            "SOURCE is a source database (genius, redshift) or an API system (hubspot and every other system with a"
                + " definitions/SYSTEM/connection.yaml; genius also by its API). ./caravan status lists them and shows"
                + " which are configured."},
        exitCodeList = {"0:every run completed (or was skipped: already running)", "1:a run failed",
            "2:usage error (unknown source or table, bad option)",
            "3:the source is not configured (the variables to set are listed)"})
public class SyncCommand implements Callable<Integer> {

    @CommandLine.Parameters(index = "0", paramLabel = "SOURCE", description = "A source database or API system; ./caravan objects lists them.")
    String source;

    @CommandLine.Option(names = {"--since", "--lastmodifieddate"}, paramLabel = "TIME",
            description = "API sources: read the records changed since TIME (2025-01-01 or 2025-01-01T08:00:00Z),"
                    + " whatever the checkpoint says.")
    String since;

    @CommandLine.Option(names = "--limit", paramLabel = "N",
            description = "API sources: read at most N records per object, for trying a connection.")
    long limit;

    @CommandLine.Option(names = "--test-mode",
            description = "API sources: a trial run. Objects whose definition sets http.test_mode_limit read at most that many"
                    + " records (enderturing sessions: 200, and the scores of those sessions only); the others are read as usual.")
    boolean testMode;

    @CommandLine.Option(names = "--test-mode-limit-sessions", paramLabel = "N",
            description = "With --test-mode: read at most N sessions instead of the definition's test_mode_limit.")
    Long testModeLimitSessions;

    @CommandLine.Option(names = "--table", paramLabel = "NAME", description = "One object, target table or source table (default: all).")
    String table;

    @CommandLine.Option(names = "--all", description = "Every table of the source, parents first (the default).")
    boolean all;

    @CommandLine.Option(names = "--full", description = "Read whole tables (and mark rows gone from the source deleted) instead of changes since the watermark.")
    boolean full;

    @CommandLine.Option(names = "--dry-run", description = "Read, clean, validate and compare; write nothing to target tables.")
    boolean dryRun;

    @CommandLine.Option(names = "--via", paramLabel = "database|api",
            description = "For a source read both ways (genius): its database or its API. Default: the database when"
                    + " GENIUS_DB_* are set, else the API.")
    String via;

    @CommandLine.Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    @Inject
    SyncService syncs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (all && table != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "use either --table or --all");
        }
        if (testModeLimitSessions != null && !testMode) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--test-mode-limit-sessions needs --test-mode");
        }
        List<RunSummary> runs;
        try {
            java.time.Instant from = since == null ? null : SinceOption.parse(since);
            dev.caravan.sync.SyncRequest.TestMode trial = !testMode ? null : new dev.caravan.sync.SyncRequest.TestMode(
                    testModeLimitSessions == null ? Map.of() : Map.of("sessions", testModeLimitSessions));
            runs = syncs.sync(new dev.caravan.sync.SyncRequest(source, table, full, dryRun, from, limit, "cli", via, trial),
                    ImportProgress.NONE);
        } catch (dev.caravan.sync.SourceNotConfiguredException e) {
            throw e; // exit 3, the variables to set in its message
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        boolean failed = runs.stream().anyMatch(RunSummary::failed);
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            if (table != null && runs.size() == 1) {
                System.out.println(mapper.writeValueAsString(runs.get(0)));
            } else {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("status", failed ? "failed" : runs.stream().allMatch(r -> "skipped".equals(r.status())) ? "skipped" : "completed");
                out.put("dryRun", dryRun);
                out.put("read", runs.stream().mapToLong(RunSummary::read).sum());
                out.put("inserted", runs.stream().mapToLong(RunSummary::inserted).sum());
                out.put("updated", runs.stream().mapToLong(RunSummary::updated).sum());
                out.put("unchanged", runs.stream().mapToLong(RunSummary::unchanged).sum());
                out.put("rejected", runs.stream().mapToLong(RunSummary::rejected).sum());
                out.put("held", runs.stream().mapToLong(r -> r.held() == null ? 0 : r.held()).sum());
                out.put("runs", runs);
                System.out.println(mapper.writeValueAsString(out));
            }
        } else {
            PrintStream out = System.out;
            out.printf("%6s  %-28s  %-11s  %-9s %9s %9s %9s %9s %9s %9s  %s%n", "RUN", "OBJECT", "MODE", "STATUS", "READ",
                    "INSERTED", "UPDATED", "UNCHANGED", "REJECTED", "HELD", "MESSAGE");
            for (RunSummary r : runs) {
                out.printf("%6d  %-28s  %-11s  %-9s %9d %9d %9d %9d %9d %9d  %s%n", r.runId(), r.object(),
                        r.mode() == null ? "" : r.mode(), r.status(), r.read(), r.inserted(), r.updated(), r.unchanged(),
                        r.rejected(), r.held() == null ? 0 : r.held(),
                        r.error() != null ? r.error() : r.message() == null ? "" : r.message());
            }
            if (dryRun) {
                out.println("(dry run: nothing written to target tables)");
            }
        }
        return failed ? 1 : 0;
    }
}
