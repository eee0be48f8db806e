package dev.caravan.cli;

import dev.caravan.warehouse.RejectRecord;
import dev.caravan.warehouse.RunLog;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** ./caravan rejects RUN_ID: the rows a run rejected and the values it nulled, with line and reason. */
@CommandLine.Command(name = "rejects", description = "List a run's rejected rows and nulled values, with line numbers and reasons.",
        exitCodeList = {"0:listed (also when there are none)", "1:the warehouse cannot be read", "2:usage error (no such run, bad --limit)"})
public class RejectsCommand implements Callable<Integer> {

    @CommandLine.Parameters(index = "0", paramLabel = "RUN_ID", description = "A run id, from ./caravan runs.")
    long runId;

    @CommandLine.Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most this many (default 1000).")
    int limit;

    @CommandLine.Option(names = "--json", description = "Print the rejects as one JSON array.")
    boolean json;

    @Inject
    RunLog runLog;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (limit <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be a positive number");
        }
        if (runLog.find(runId).isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no run " + runId + " (see ./caravan runs)");
        }
        List<RejectRecord> rejects = runLog.rejectsOf(runId, limit);
        if (json) {
            System.out.println(RunsCommand.JSON.writeValueAsString(rejects));
            return 0;
        }
        if (rejects.isEmpty()) {
            System.out.println("Run " + runId + ": no rejected rows or nulled values.");
            return 0;
        }
        System.out.printf("%8s  %-8s  %-20s  %s%n", "LINE", "ACTION", "COLUMN", "REASON / RAW RECORD");
        for (RejectRecord r : rejects) {
            System.out.printf("%8s  %-8s  %-20s  %s%n", r.line() == null ? "" : r.line(), r.action(),
                    r.column() == null ? "(row)" : TerminalText.escape(r.column()), TerminalText.escape(r.reason()));
            if (r.raw() != null) {
                // raw records are untrusted: control characters would reach the terminal
                System.out.printf("%8s  %-8s  %-20s  %s%n", "", "", "", TerminalText.escape(r.raw(), 200));
            }
        }
        return 0;
    }
}
