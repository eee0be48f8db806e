package dev.caravan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.caravan.warehouse.RunLog;
import dev.caravan.warehouse.RunRecord;
import jakarta.inject.Inject;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * ./caravan runs [RUN_ID]: the most recent runs, newest first; or one run in full (counts, schema drift,
 * replay link). Exit 0, or 2 for an unknown run id.
 */
@CommandLine.Command(name = "runs",
        description = "List recent runs, newest first; with RUN_ID, show that run in full (schema drift, replay link).",
        exitCodeList = {"0:listed or shown", "1:the warehouse cannot be read", "2:usage error (no such run, bad --limit)"})
public class RunsCommand implements Callable<Integer> {

    @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID", description = "Show this run in full.")
    Long runId;

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @CommandLine.Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many runs (default 20).")
    int limit;

    @CommandLine.Option(names = "--json", description = "Print the runs as one JSON array (one JSON object with RUN_ID).")
    boolean json;

    @Inject
    RunLog runLog;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (runId != null) {
            java.util.Optional<RunRecord> run = runLog.find(runId);
            if (run.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no run " + runId + " (see ./caravan runs)");
            }
            if (json) {
                System.out.println(JSON.writeValueAsString(run.get()));
            } else {
                RunDetail.print(run.get(), System.out);
            }
            return 0;
        }
        if (limit <= 0 || limit > 10_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be between 1 and 10000");
        }
        List<RunRecord> runs = runLog.recent(limit);
        if (json) {
            System.out.println(JSON.writeValueAsString(runs));
            return 0;
        }
        System.out.printf("%6s  %-19s  %-28s  %-9s  %-3s  %9s %9s %9s %9s %9s  %s%n", "RUN", "STARTED (UTC)", "OBJECT",
                "STATUS", "DRY", "READ", "INSERTED", "UPDATED", "UNCHANGED", "REJECTED", "FILE / MESSAGE");
        for (RunRecord r : runs) {
            String note = r.error() != null ? r.error() : r.message() != null ? r.message() : "";
            System.out.printf("%6d  %-19s  %-28s  %-9s  %-3s  %9d %9d %9d %9d %9d  %s%s%n", r.id(),
                    r.startedAt() == null ? "" : r.startedAt().withOffsetSameInstant(java.time.ZoneOffset.UTC).format(TIME),
                    r.source() + "." + r.object(), r.status(), r.dryRun() ? "yes" : "", r.read(), r.inserted(),
                    r.updated(), r.unchanged(), r.rejected(), r.fileName() == null ? "" : r.fileName(),
                    note.isEmpty() ? "" : "  " + note);
        }
        return 0;
    }
}
