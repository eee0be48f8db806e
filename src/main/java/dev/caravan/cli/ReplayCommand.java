package dev.caravan.cli;

import dev.caravan.replay.ReplayException;
import dev.caravan.replay.ReplayService;
import dev.caravan.replay.ReplaySummary;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * ./caravan replay RUN_ID: feeds a run's rejected rows again through the current definition, as a new
 * run linked to it. Exit 0: the replay ran (rows rejected again are listed by ./caravan rejects NEW_RUN)
 * or there was nothing left to replay; 1: the replay run failed, or could not start (warehouse
 * unreachable); 2: the run cannot be replayed (unknown id, running, a dry run, its object gone, no
 * rejected rows, none replayable).
 */
@CommandLine.Command(name = "replay",
        description = "Re-run a run's rejected rows from their stored records through the current definition"
                + " (after a fix), as a new run linked to the original.",
        exitCodeList = {"0:the replay ran, or nothing was left to replay", "1:the replay run failed",
            "2:usage error (no such run)",
            "3:the run cannot be replayed (running, dry run, object gone, no replayable rejects, a replay of it running)"})
public class ReplayCommand implements Callable<Integer> {

    @CommandLine.Parameters(index = "0", paramLabel = "RUN_ID", description = "The run whose rejected rows to feed again.")
    long runId;

    @CommandLine.Option(names = "--dry-run", description = "Clean, validate and compare; write nothing and mark nothing.")
    boolean dryRun;

    @CommandLine.Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    @Inject
    ReplayService replays;

    @Override
    public Integer call() throws Exception {
        ReplaySummary s;
        try {
            s = replays.replay(runId, dryRun);
        } catch (ReplayException e) {
            throw e; // exit 2 (no such run) or 3 (cannot be replayed), see ExitCode
        } catch (RuntimeException e) {
            System.err.println("caravan replay: failed before the run started: " + e.getMessage());
            return 1;
        }
        if (json) {
            System.out.println(RunsCommand.JSON.writeValueAsString(s));
        } else {
            print(s, System.out);
        }
        if (s.failed()) {
            System.err.println("Replay failed: " + s.error());
            return 1;
        }
        return 0;
    }

    private static void print(ReplaySummary s, PrintStream out) {
        if (s.runId() == null) {
            out.println(s.message());
            return;
        }
        out.printf("%nRun %d  replay of run %d  %s%s%n", s.runId(), s.replayOf(), s.status().toUpperCase(),
                s.dryRun() ? "  (dry run: nothing written, nothing marked)" : "");
        String verb = s.dryRun() ? "would be " : "";
        out.printf("  %-22s %,12d%n", "fed again", s.read());
        out.printf("  %-22s %,12d%n", verb + "inserted", s.inserted());
        out.printf("  %-22s %,12d%n", verb + "updated", s.updated());
        out.printf("  %-22s %,12d%n", "unchanged", s.unchanged());
        out.printf("  %-22s %,12d%n", "rejected again", s.rejected());
        if (s.notReplayable() > 0) {
            out.printf("  %-22s %,12d%n", "not replayable", s.notReplayable());
        }
        if (s.message() != null) {
            out.println("  note: " + TerminalText.escape(s.message(), 1000));
        }
        if (s.rejected() > 0) {
            out.printf("  rejected again: ./caravan rejects %d%n", s.runId());
        }
    }
}
